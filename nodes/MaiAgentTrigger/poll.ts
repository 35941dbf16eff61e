/**
 * What one poll reads from MaiAgent, through the shared transport (retries, NodeApiError).
 *
 * A pass reads the window [from, horizon] in rounds:
 * 1. List the conversations. MaiAgent does not document their order; the sandbox and what was seen
 *    use most recent activity (`lastMessageCreatedAt` desc). In that order a round stops at the
 *    first page that reaches a conversation older than where it looks (an idle poll is one request,
 *    whatever the history). A list by creation looks the same until an old conversation gets a new
 *    message, so the trigger walks whole lists until a walk shows the activity order broken by
 *    creation order (remembered in the state as `byActivity`); a list out of activity order
 *    clears it.
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
 * Every poll is bounded: it stops at its time budget or after `MAX_BATCH` messages, between two
 * requests, and the state says where (conversations done, the next page of the one in progress);
 * the next poll continues there. A request that fails after some progress ends the poll the same
 * way; a poll that fails before any progress throws.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { isoTime, toMillis } from '../shared/helpers/time';
import { toNodeApiError } from '../shared/transport/errors';
import type { Page } from '../shared/transport/pagination';
import { fetchAll, fetchPage } from '../shared/transport/pagination';
import type { MaiAgentRequest } from '../shared/transport/request';
import { maiagentApi } from '../shared/transport/request';
import type { RequestScope } from '../shared/transport/retry';
import type { MessageType, Resume, TriggerState, Walk } from './cursor';
import {
	completePass,
	isNewestFirst,
	partialPass,
	selectNew,
	sortOldestFirst,
	typeMatches,
} from './cursor';

export const PAGE_SIZE = 100;
/** Conversations read for a manual "Fetch Test Event" before giving up. */
const MANUAL_CONVERSATIONS = 5;
/** Messages one poll emits at most: what a shutdown between emit and execution can lose. */
export const MAX_BATCH = 100;

export interface Filters {
	type: MessageType;
	/** 'all' | 'chatbots' | 'inboxes' */
	source: string;
	chatbots: string[];
	inboxes: string[];
	/** A single conversation to watch, or '' for all. */
	conversation: string;
}

export interface PollOutcome {
	items: IDataObject[];
	/** Carries a `pass` when the poll stopped (budget, batch size, a failure) before the pass was complete. */
	state: TriggerState;
}

/** When the poll must stop: a clock deadline, checked between requests. */
class Deadline {
	private readonly at: number;
	constructor(budgetMs: number) {
		this.at = Date.now() + budgetMs;
	}
	left(): number {
		return this.at - Date.now();
	}
	passed(): boolean {
		return this.left() <= 0;
	}
}

/** The poll's requests retry quickly and never wait past the deadline (a wait beyond it fails). */
function scopeWithin(operation: string, deadline?: Deadline): RequestScope {
	const scope: RequestScope = { operation: `MaiAgent Trigger: ${operation}` };
	if (!deadline) return scope;
	return { ...scope, maxRetries: 2, maxDelayMs: Math.max(0, deadline.left() / 4) };
}

/** A request that cannot outlast the deadline by much: at most a quarter of what is left each try. */
function within(request: MaiAgentRequest, deadline?: Deadline): MaiAgentRequest {
	return deadline ? { ...request, timeout: Math.max(2_000, deadline.left() / 4) } : request;
}

const lastAt = (c: IDataObject) => toMillis(c.lastMessageCreatedAt);

/** A page reached `from`, and the list was newest first all along: later pages are all older. */
function olderFromHere(from: number) {
	const times: Array<number | undefined> = [];
	return (page: IDataObject[], time: (item: IDataObject) => number | undefined): boolean => {
		const pageTimes = page.map(time);
		times.push(...pageTimes);
		return pageTimes.some((t) => t !== undefined && t < from) && isNewestFirst(times);
	};
}

interface Listing {
	/** Conversations with a message at or after the round's lower bound, in scope. */
	conversations: IDataObject[];
	/** Newest activity seen; undefined when no conversation has a message. */
	top?: number;
	/** One response from the top: a snapshot, nothing can have moved past the walk. */
	singlePage: boolean;
	/** The next page's link when the deadline stopped the walk before its end. */
	next?: string;
	/** What the walk showed of the order: by activity (not by creation), not by activity, or unknown. */
	byActivity?: boolean;
}

/**
 * A round's walk of the conversations list (from `startUrl` when it goes on from a previous poll),
 * down to `stopAt`, or to the end when the list is not newest first.
 */
async function listConversations(
	ctx: IPollFunctions,
	filters: Filters,
	stopAt: number,
	deadline: Deadline,
	scope: Scope,
	startUrl: string | undefined,
	knownByActivity: boolean,
): Promise<Listing> {
	const found = new Map<string, IDataObject>();
	let top: number | undefined;
	const take = (conversation: IDataObject) => {
		const at = lastAt(conversation);
		if (at === undefined) return;
		top = Math.max(top ?? at, at);
		if (at >= stopAt) found.set(String(conversation.id), conversation);
	};

	let pages = 0;
	let next: string | undefined;
	let byActivity: boolean | undefined;
	if (filters.conversation) {
		const url = `conversations/${encodeURIComponent(filters.conversation)}/`;
		take(await fetchOne(ctx, url, 'get the watched conversation', deadline));
		pages = 1;
	} else {
		const qs: IDataObject = { pageSize: PAGE_SIZE };
		if (filters.source === 'inboxes' && filters.inboxes.length === 1) qs.inbox = filters.inboxes[0];
		const reachedOlder = olderFromHere(stopAt);
		const created: Array<number | undefined> = [];
		const lasts: Array<number | undefined> = [];
		let request: MaiAgentRequest | undefined = startUrl
			? { url: startUrl }
			: { url: 'conversations/', qs };
		while (request) {
			if (pages > 0 && deadline.passed()) {
				next = request.url;
				break;
			}
			const page: Page = await fetchPage(
				ctx,
				within(request, deadline),
				scopeWithin('list conversations', deadline),
			);
			pages++;
			page.results.forEach(take);
			created.push(...page.results.map((c) => toMillis(c.createdAt)));
			lasts.push(...page.results.map(lastAt));
			if (!isNewestFirst(lasts)) byActivity = false;
			else if (!isNewestFirst(created)) byActivity = true;
			const stop = (byActivity ?? knownByActivity) && reachedOlder(page.results, lastAt);
			request = stop || !page.next ? undefined : { url: page.next };
		}
	}
	const conversations = await scope.keep([...found.values()]);
	return { conversations, top, singlePage: pages === 1 && !next && !startUrl, next, byActivity };
}

async function fetchOne(
	ctx: IPollFunctions,
	url: string,
	operation: string,
	deadline?: Deadline,
): Promise<IDataObject> {
	return await maiagentApi<IDataObject>(
		ctx,
		within({ url }, deadline),
		scopeWithin(operation, deadline),
	);
}

/** The watched inboxes (AI assistants resolve to their inboxes), looked up once per poll. */
class Scope {
	private watched?: Promise<Set<string>>;
	constructor(
		private readonly ctx: IPollFunctions,
		private readonly filters: Filters,
	) {}

	async keep(conversations: IDataObject[]): Promise<IDataObject[]> {
		if (this.filters.source === 'all' || conversations.length === 0) return conversations;
		this.watched ??= this.inboxes().catch((error: unknown) => {
			this.watched = undefined;
			throw error;
		});
		const watched = await this.watched;
		return conversations.filter((c) => watched.has(String((c.inbox as IDataObject | null)?.id)));
	}

	private async inboxes(): Promise<Set<string>> {
		if (this.filters.source !== 'chatbots') return new Set(this.filters.inboxes);
		const inboxes: string[] = [];
		for (const chatbot of this.filters.chatbots) {
			const found = await fetchAll(
				this.ctx,
				{ url: 'inboxes/', qs: { chatbot } },
				scopeWithin('list the inboxes of an AI assistant'),
			);
			inboxes.push(...found.map((inbox) => String(inbox.id)));
		}
		return new Set(inboxes);
	}
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

/** Milliseconds the host lets this poll run, when it says (newer n8n versions). */
export function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	return typeof budget === 'number' && budget > 0 ? budget : undefined;
}

/** What one poll of a pass is doing: what it emitted, read, and where it stopped. */
class PassRun {
	readonly items: IDataObject[] = [];
	readonly emitted: IDataObject[] = [];
	readonly read: string[] = [];
	resume?: Resume;
	walk?: Walk;
	/** Pages of messages read in this poll: progress worth keeping when a later request fails. */
	pages = 0;
	private readonly seen: Record<string, number>;

	constructor(
		private readonly ctx: IPollFunctions,
		private readonly filters: Filters,
		private readonly state: TriggerState,
		readonly horizon: number,
		private readonly deadline: Deadline,
		readonly done: Set<string>,
	) {
		this.seen = { ...state.seen };
	}

	/** Time or batch size used up (after one page of messages at least): stop before the next request. */
	full(): boolean {
		return this.pages > 0 && (this.deadline.passed() || this.items.length >= MAX_BATCH);
	}

	/**
	 * Reads a conversation's messages from the start (or from `next`), emitting each page's new
	 * ones. Returns false when it stopped before the end (then `resume` says where).
	 */
	async readConversation(conversation: IDataObject, next?: string): Promise<boolean> {
		const id = String(conversation.id);
		const reachedOlder = olderFromHere(this.state.from);
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
			const fresh = selectNew(
				page.results,
				{ ...this.state, seen: this.seen },
				this.horizon,
				this.filters.type,
			);
			for (const message of fresh) this.seen[String(message.id)] = 0;
			this.emitted.push(...fresh);
			this.items.push(...fresh.map((message) => toItem(message, conversation)));
			const stop = reachedOlder(page.results, (m) => toMillis(m.createdAt));
			request = stop || !page.next ? undefined : { url: page.next };
		}
		this.resume = undefined;
		this.read.push(id);
		this.done.add(id);
		return true;
	}
}

/**
 * One trigger poll within `budgetMs`. Returns the new messages (oldest first) and the state to
 * persist; throws when it fails before any progress, with nothing emitted or persisted.
 */
export async function pollNewMessages(
	ctx: IPollFunctions,
	filters: Filters,
	state: TriggerState,
	lookbackMs: number,
	budgetMs: number,
): Promise<PollOutcome> {
	const deadline = new Deadline(budgetMs);
	const scope = new Scope(ctx, filters);
	const done = new Set(state.pass?.done ?? []);
	let run: PassRun | undefined;
	let complete = false;
	let order = state.byActivity === true;
	try {
		let horizon = state.pass?.horizon;
		let first: Listing | undefined;
		if (horizon === undefined) {
			first = await listConversations(ctx, filters, state.from, deadline, scope, undefined, order);
			if (first.byActivity !== undefined) order = first.byActivity;
			horizon = Math.max(state.cursor, first.top ?? state.cursor);
		}
		run = new PassRun(ctx, filters, state, horizon, deadline, done);

		// A conversation left half-read by the previous poll goes on where it stopped.
		const resume = state.pass?.resume;
		if (resume && !done.has(resume.conversation)) {
			const conversation = await fetchOne(
				ctx,
				`conversations/${encodeURIComponent(resume.conversation)}/`,
				'get a conversation',
				deadline,
			).catch((error: unknown) => {
				// Deleted since: nothing left to read there.
				if ((error as { httpCode?: string }).httpCode === '404') return undefined;
				throw error;
			});
			if (!conversation) done.add(resume.conversation);
			else if (!(await run.readConversation(conversation, resume.next))) return outcome();
		}

		let walk: Walk = state.pass?.walk ?? { round: 1, found: false };
		for (;;) {
			run.walk = walk;
			if (run.full()) return outcome();
			const stopAt = walk.round === 1 ? state.from : Math.max(state.from, horizon - lookbackMs);
			const listing =
				first ?? (await listConversations(ctx, filters, stopAt, deadline, scope, walk.next, order));
			if (!first && listing.byActivity !== undefined) order = listing.byActivity;
			first = undefined;
			const todo = listing.conversations
				.filter((c) => {
					const created = toMillis(c.createdAt);
					return (
						!done.has(String(c.id)) &&
						(lastAt(c) ?? -Infinity) >= state.from &&
						(created === undefined || created <= horizon)
					);
				})
				// Oldest activity first: a backlog drains roughly in time order.
				.sort((a, b) => (lastAt(a) ?? 0) - (lastAt(b) ?? 0));
			// Stopped among these, the next poll walks this part again (what was read is done by then).
			for (const conversation of todo) {
				if (run.full() || !(await run.readConversation(conversation))) return outcome();
			}
			const found = walk.found || todo.length > 0;
			if (listing.next) {
				walk = { round: walk.round, next: listing.next, found };
				continue;
			}
			if (listing.singlePage || !found) {
				complete = true;
				return outcome();
			}
			walk = { round: walk.round + 1, found: false };
		}
	} catch (error) {
		// Errors of the transport are NodeApiErrors already and pass through unchanged.
		if (!run?.pages) throw toNodeApiError(ctx.getNode(), error, scopeWithin('poll'));
		return outcome();
	}

	function outcome(): PollOutcome {
		const current = run!;
		const learned: TriggerState = { ...state };
		if (order) learned.byActivity = true;
		else delete learned.byActivity;
		return {
			items: sortOldestFirst(current.items),
			state: complete
				? completePass(learned, current.horizon, current.emitted, lookbackMs)
				: partialPass(
						learned,
						current.horizon,
						current.emitted,
						current.read,
						current.resume,
						current.walk,
					),
		};
	}
}

/** "Fetch Test Event": the newest matching message, read without touching the state. */
export async function latestMessage(ctx: IPollFunctions, filters: Filters): Promise<IDataObject[]> {
	let conversations: IDataObject[];
	if (filters.conversation) {
		const url = `conversations/${encodeURIComponent(filters.conversation)}/`;
		conversations = [await fetchOne(ctx, url, 'get the watched conversation')];
	} else {
		const qs: IDataObject = { pageSize: PAGE_SIZE };
		if (filters.source === 'inboxes' && filters.inboxes.length === 1) qs.inbox = filters.inboxes[0];
		conversations = (
			await fetchPage(ctx, { url: 'conversations/', qs }, scopeWithin('list conversations'))
		).results;
	}
	conversations = (await new Scope(ctx, filters).keep(conversations))
		.filter((c) => lastAt(c) !== undefined)
		.sort((a, b) => (lastAt(b) ?? 0) - (lastAt(a) ?? 0))
		.slice(0, MANUAL_CONVERSATIONS);

	for (const conversation of conversations) {
		const page = await fetchPage(
			ctx,
			{ url: 'messages/', qs: { conversation: String(conversation.id), pageSize: PAGE_SIZE } },
			scopeWithin('list the messages of a conversation'),
		);
		const matching = sortOldestFirst(page.results.filter((m) => typeMatches(m, filters.type)));
		if (matching.length) return [toItem(matching[matching.length - 1], conversation)];
	}
	return [];
}
