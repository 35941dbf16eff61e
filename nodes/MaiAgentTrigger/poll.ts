/**
 * One poll of the New Message event: the part of a pass that fits in this poll, with an explicit
 * outcome (complete or not, the items, the state to persist). `walk.ts` lists the conversations,
 * `cursor.ts` decides what is new and how the state moves.
 *
 * A pass reads the window [from, horizon] in rounds:
 * 1. Walk the conversations list (see walk.ts for its order and when a walk stops early).
 * 2. The first round sets the pass's `horizon`: the newest activity it saw. Messages created after
 *    it are left to the next pass.
 * 3. Read the messages of every listed conversation that can hold a message of the window and was
 *    not read yet in this pass: `messages/?conversation=` pages until one reaches a message older
 *    than `from` (when the list shows newest first; else to the end).
 * 4. A conversation that gets a message while a round walks the pages moves above the page cursor
 *    and is not in that round. So the pass is complete only after a round that could not miss one:
 *    a round of a single page (one response is one snapshot), or a round that found nothing left
 *    to read. Later rounds look down to `horizon - lookback` only: a conversation that moved during
 *    the pass has activity at least that recent (on time, or late within the lookback).
 *    Conversations created after the horizon are left to the next pass (their messages are newer,
 *    or late within the lookback, which the next pass re-reads).
 *
 * Every poll is bounded: it stops at its time budget or once it has `MAX_BATCH` messages, between
 * two requests, and the state says where (conversations done, the next page of the one in
 * progress); the next poll continues there. A request that fails after some progress ends the poll
 * the same way; a poll that fails before any progress throws.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { isoTime, toMillis } from '../shared/helpers/time';
import { toNodeApiError } from '../shared/transport/errors';
import { fetchPage } from '../shared/transport/pagination';
import type { MaiAgentRequest } from '../shared/transport/request';
import type { Resume, TriggerState, Walk } from './cursor';
import { completePass, partialPass, selectNew, sortOldestFirst } from './cursor';
import type { Filters, Listing } from './walk';
import {
	conversationUrl,
	Deadline,
	fetchOne,
	lastAt,
	listConversations,
	olderFromHere,
	PAGE_SIZE,
	Scope,
	scopeWithin,
	within,
} from './walk';

/**
 * A poll reads no further page once it has this many messages. The page that reaches it is emitted
 * whole, so a poll emits at most MAX_BATCH - 1 + PAGE_SIZE (199) messages: what a shutdown between
 * emit and execution can lose.
 */
export const MAX_BATCH = 100;

export interface PollOptions {
	filters: Filters;
	state: TriggerState;
	lookbackMs: number;
	budgetMs: number;
}

export interface PollOutcome {
	/** The pass read every conversation up to its horizon: the state's window moved on. */
	complete: boolean;
	/** The new messages, oldest first. */
	items: IDataObject[];
	/** What to persist: it carries a `pass` when the poll stopped (budget, batch size, a failure) before the pass was complete. */
	state: TriggerState;
}

/** One output item: the message plus where it was written, with an ISO time. */
export function toItem(message: IDataObject, conversation: IDataObject): IDataObject {
	return {
		...message,
		createdAtIso: isoTime(message.createdAt) ?? null,
		conversationTitle: conversation.title ?? null,
		inbox: conversation.inbox ?? null,
		contact: conversation.contact ?? null,
	};
}

/**
 * One trigger poll within `budgetMs`. Returns the new messages (oldest first) and the state to
 * persist; throws when it fails before any progress, with nothing emitted or persisted.
 */
export async function pollNewMessages(
	ctx: IPollFunctions,
	options: PollOptions,
): Promise<PollOutcome> {
	const run = new PassRun(ctx, options);
	try {
		return run.outcome(await run.run());
	} catch (error) {
		// Errors of the transport are NodeApiErrors already and pass through unchanged.
		if (!run.pages) throw toNodeApiError(ctx.getNode(), error, scopeWithin('poll'));
		return run.outcome(false);
	}
}

/** What one poll of a pass is doing: what it emitted, read, and where it stopped. */
class PassRun {
	/** Pages of messages read in this poll: progress worth keeping when a later request fails. */
	pages = 0;
	private readonly items: IDataObject[] = [];
	private readonly emitted: IDataObject[] = [];
	private readonly read: string[] = [];
	private resume?: Resume;
	private walk?: Walk;
	private horizon = 0;
	/** The first round's walk, made to find the horizon of a new pass. */
	private first?: Listing;
	private byActivity: boolean;
	private readonly seen: Record<string, number>;
	private readonly done: Set<string>;
	private readonly deadline: Deadline;
	private readonly scope: Scope;

	constructor(
		private readonly ctx: IPollFunctions,
		private readonly options: PollOptions,
	) {
		const { state } = options;
		this.deadline = new Deadline(options.budgetMs);
		this.scope = new Scope(ctx, options.filters);
		this.done = new Set(state.pass?.done ?? []);
		this.seen = { ...state.seen };
		this.byActivity = state.byActivity === true;
	}

	/** Runs the pass: true when it is complete, false when this poll stopped first. */
	async run(): Promise<boolean> {
		await this.open();
		if (!(await this.resumeConversation())) return false;
		return await this.walkRounds();
	}

	/** The poll's outcome once `run` ended (or failed after some progress). */
	outcome(complete: boolean): PollOutcome {
		const { state, lookbackMs } = this.options;
		const learned: TriggerState = { ...state };
		if (this.byActivity) learned.byActivity = true;
		else delete learned.byActivity;
		const items = sortOldestFirst(this.items);
		if (complete) {
			return {
				complete,
				items,
				state: completePass(learned, this.horizon, this.emitted, lookbackMs),
			};
		}
		const { horizon, emitted, read, resume, walk } = this;
		return {
			complete,
			items,
			state: partialPass(learned, { horizon, emitted, read, resume, walk }),
		};
	}

	/** The pass's horizon: the one it started with, or the newest activity of a first walk. */
	private async open(): Promise<void> {
		const { state } = this.options;
		const kept = state.pass?.horizon;
		if (kept !== undefined) {
			this.horizon = kept;
			return;
		}
		this.first = await this.list(state.from);
		this.horizon = Math.max(state.cursor, this.first.top ?? state.cursor);
	}

	/** A walk of the list, learning its order. */
	private async list(stopAt: number, startUrl?: string): Promise<Listing> {
		const listing = await listConversations(this.ctx, {
			filters: this.options.filters,
			stopAt,
			deadline: this.deadline,
			scope: this.scope,
			startUrl,
			knownByActivity: this.byActivity,
		});
		if (listing.byActivity !== undefined) this.byActivity = listing.byActivity;
		return listing;
	}

	/** A conversation left half-read by the previous poll goes on where it stopped. */
	private async resumeConversation(): Promise<boolean> {
		const resume = this.options.state.pass?.resume;
		if (!resume || this.done.has(resume.conversation)) return true;
		const conversation = await fetchOne(
			this.ctx,
			conversationUrl(resume.conversation),
			'get a conversation',
			this.deadline,
		).catch((error: unknown) => {
			// Deleted since: nothing left to read there.
			if ((error as { httpCode?: string }).httpCode === '404') return undefined;
			throw error;
		});
		if (conversation) return await this.readConversation(conversation, resume.next);
		this.done.add(resume.conversation);
		return true;
	}

	/** The rounds of the pass, from where the previous poll stopped. */
	private async walkRounds(): Promise<boolean> {
		const { state, lookbackMs } = this.options;
		let walk: Walk = state.pass?.walk ?? { round: 1, found: false };
		for (;;) {
			this.walk = walk;
			if (this.full()) return false;
			const stopAt =
				walk.round === 1 ? state.from : Math.max(state.from, this.horizon - lookbackMs);
			const listing = this.first ?? (await this.list(stopAt, walk.next));
			this.first = undefined;
			const todo = this.toRead(listing.conversations);
			// Stopped among these, the next poll walks this part again (what was read is done by then).
			for (const conversation of todo) {
				if (this.full() || !(await this.readConversation(conversation))) return false;
			}
			const found = walk.found || todo.length > 0;
			if (listing.next) {
				walk = { round: walk.round, next: listing.next, found };
				continue;
			}
			if (listing.singlePage || !found) return true;
			walk = { round: walk.round + 1, found: false };
		}
	}

	/** The listed conversations that can hold a message of the window, not read yet in this pass. */
	private toRead(conversations: IDataObject[]): IDataObject[] {
		const { from } = this.options.state;
		return (
			conversations
				.filter((c) => {
					const created = toMillis(c.createdAt);
					return (
						!this.done.has(String(c.id)) &&
						(lastAt(c) ?? -Infinity) >= from &&
						(created === undefined || created <= this.horizon)
					);
				})
				// Oldest activity first: a backlog drains roughly in time order.
				.sort((a, b) => (lastAt(a) ?? 0) - (lastAt(b) ?? 0))
		);
	}

	/** Time or batch size used up (after one page of messages at least): stop before the next request. */
	private full(): boolean {
		return this.pages > 0 && (this.deadline.passed() || this.items.length >= MAX_BATCH);
	}

	/**
	 * Reads a conversation's messages from the start (or from `next`), emitting each page's new
	 * ones. Returns false when it stopped before the end (then `resume` says where).
	 */
	private async readConversation(conversation: IDataObject, next?: string): Promise<boolean> {
		const id = String(conversation.id);
		const reachedOlder = olderFromHere(this.options.state.from);
		let request: MaiAgentRequest | undefined = next
			? { url: next }
			: { url: 'messages/', qs: { conversation: id, pageSize: PAGE_SIZE } };
		while (request) {
			if (this.full()) {
				// Not started: nothing to resume (the walk finds the conversation again).
				this.resume = request.qs ? undefined : { conversation: id, next: request.url };
				return false;
			}
			// Kept if this request fails: the next poll continues with this page.
			this.resume =
				request.url === 'messages/' ? undefined : { conversation: id, next: request.url };
			const page = await fetchPage(
				this.ctx,
				within(request, this.deadline),
				scopeWithin('list the messages of a conversation', this.deadline),
			);
			this.pages++;
			this.emit(page.results, conversation);
			const stop = reachedOlder(page.results, (m) => toMillis(m.createdAt));
			request = stop || !page.next ? undefined : { url: page.next };
		}
		this.resume = undefined;
		this.read.push(id);
		this.done.add(id);
		return true;
	}

	/** The new messages of a page become items (and are not emitted again in this poll). */
	private emit(messages: IDataObject[], conversation: IDataObject): void {
		const { state, filters } = this.options;
		const fresh = selectNew(messages, { ...state, seen: this.seen }, this.horizon, filters.type);
		for (const message of fresh) this.seen[String(message.id)] = 0;
		this.emitted.push(...fresh);
		this.items.push(...fresh.map((message) => toItem(message, conversation)));
	}
}
