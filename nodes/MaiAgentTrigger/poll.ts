/**
 * What one poll reads from MaiAgent, through the shared transport (retries, NodeApiError).
 *
 * 1. Candidates: `conversations/` is ordered by most recent activity (`lastMessageCreatedAt` desc),
 *    so the walk stops at the first page that reaches a conversation older than the window: an idle
 *    poll is one request, whatever the history. The walk checks that order on every item it reads;
 *    when it does not hold, it reads the whole list instead (correct, slower).
 * 2. Messages: for each candidate, `messages/?conversation=` pages until one reaches a message
 *    older than the window (again only while the list shows newest first; else to the end).
 * 3. `horizon` = the newest `lastMessageCreatedAt` the walk saw. Messages created after it arrived
 *    during the poll and are left to the next one, so the cursor never jumps over a message that
 *    landed in a conversation the walk had already passed.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { Page } from '../MaiAgent/shared/pagination';
import { fetchAll, fetchPage } from '../MaiAgent/shared/pagination';
import { isoTime, toMillis } from '../MaiAgent/shared/time';
import type { MaiAgentRequest } from '../MaiAgent/shared/transport';
import { maiagentApi } from '../MaiAgent/shared/transport';
import type { MessageType, TriggerState } from './cursor';
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
/** Share of the host's poll budget the trigger plans to use, leaving room to emit and persist. */
const BUDGET_SHARE = 0.8;

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
	state: TriggerState;
	/** false when the poll budget ran out before every candidate conversation was read. */
	complete: boolean;
}

const policy = (operation: string) => ({ operation: `MaiAgent Trigger: ${operation}` });

/** Follows `next` until `stopAfter` says the page just read was the last one needed. */
async function walk(
	ctx: IPollFunctions,
	first: MaiAgentRequest,
	operation: string,
	stopAfter: (page: Page) => boolean,
): Promise<void> {
	let request: MaiAgentRequest | undefined = first;
	while (request) {
		const page = await fetchPage(ctx, request, policy(operation));
		request = stopAfter(page) || !page.next ? undefined : { url: page.next };
	}
}

/** A page reached `from`, and the list was newest first all along: later pages are all older. */
function olderFromHere(from: number) {
	const times: Array<number | undefined> = [];
	return (page: IDataObject[], time: (item: IDataObject) => number | undefined): boolean => {
		const pageTimes = page.map(time);
		times.push(...pageTimes);
		return pageTimes.some((t) => t !== undefined && t < from) && isNewestFirst(times);
	};
}

interface Candidates {
	conversations: IDataObject[];
	/** Newest activity seen; undefined when no conversation has a message. */
	horizon?: number;
}

async function findCandidates(
	ctx: IPollFunctions,
	filters: Filters,
	from: number,
): Promise<Candidates> {
	const lastAt = (c: IDataObject) => toMillis(c.lastMessageCreatedAt);
	const byId = new Map<string, IDataObject>();
	let horizon: number | undefined;
	const take = (conversation: IDataObject) => {
		const at = lastAt(conversation);
		if (at === undefined) return;
		horizon = Math.max(horizon ?? at, at);
		if (at >= from) byId.set(String(conversation.id), conversation);
	};

	if (filters.conversation) {
		const url = `conversations/${encodeURIComponent(filters.conversation)}/`;
		take(await fetchOne(ctx, url, 'get the watched conversation'));
	} else {
		const qs: IDataObject = { pageSize: PAGE_SIZE };
		if (filters.source === 'inboxes' && filters.inboxes.length === 1) qs.inbox = filters.inboxes[0];
		const reachedOlder = olderFromHere(from);
		await walk(ctx, { url: 'conversations/', qs }, 'list conversations', (page) => {
			page.results.forEach(take);
			return reachedOlder(page.results, lastAt);
		});
	}
	const conversations = await inScope(ctx, filters, [...byId.values()]);
	return { conversations, horizon };
}

async function fetchOne(ctx: IPollFunctions, url: string, operation: string): Promise<IDataObject> {
	return await maiagentApi<IDataObject>(ctx, { url }, policy(operation));
}

/** Keeps the conversations of the watched inboxes (AI assistants resolve to their inboxes). */
async function inScope(
	ctx: IPollFunctions,
	filters: Filters,
	conversations: IDataObject[],
): Promise<IDataObject[]> {
	if (filters.source === 'all' || conversations.length === 0) return conversations;
	let inboxes = filters.inboxes;
	if (filters.source === 'chatbots') {
		inboxes = [];
		for (const chatbot of filters.chatbots) {
			const found = await fetchAll(
				ctx,
				{ url: 'inboxes/', qs: { chatbot } },
				policy('list the inboxes of an AI assistant'),
			);
			inboxes.push(...found.map((inbox) => String(inbox.id)));
		}
	}
	const watched = new Set(inboxes);
	return conversations.filter((c) => watched.has(String((c.inbox as IDataObject | null)?.id)));
}

/** Messages of a conversation created at or after `from` (and possibly a few older ones). */
async function readConversation(
	ctx: IPollFunctions,
	conversationId: string,
	from: number,
): Promise<IDataObject[]> {
	const messages: IDataObject[] = [];
	const reachedOlder = olderFromHere(from);
	await walk(
		ctx,
		{ url: 'messages/', qs: { conversation: conversationId, pageSize: PAGE_SIZE } },
		'list the messages of a conversation',
		(page) => {
			messages.push(...page.results);
			return reachedOlder(page.results, (m) => toMillis(m.createdAt));
		},
	);
	return messages;
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

/**
 * One trigger poll. Returns the new messages (oldest first) and the state to persist; throws on any
 * failure, before anything is emitted or persisted.
 */
export async function pollNewMessages(
	ctx: IPollFunctions,
	filters: Filters,
	state: TriggerState,
	lookbackMs: number,
): Promise<PollOutcome> {
	const startedAt = Date.now();
	const budget = pollBudgetMs(ctx);
	const { conversations, horizon: seenHorizon } = await findCandidates(ctx, filters, state.from);
	// A pass in progress keeps the horizon it started with; otherwise the window ends at the newest
	// activity seen now (never before the cursor: nothing below it is waiting).
	const horizon = state.pass?.horizon ?? Math.max(state.cursor, seenHorizon ?? state.cursor);
	const done = new Set(state.pass?.done ?? []);
	// Oldest activity first: a backlog drains roughly in time order.
	const todo = conversations
		.filter((c) => !done.has(String(c.id)))
		.sort(
			(a, b) => (toMillis(a.lastMessageCreatedAt) ?? 0) - (toMillis(b.lastMessageCreatedAt) ?? 0),
		);

	const items: IDataObject[] = [];
	const emitted: IDataObject[] = [];
	const read: string[] = [];
	let slowest = 0;
	for (const conversation of todo) {
		const elapsed = Date.now() - startedAt;
		// Always make progress (one conversation per poll), then stop while there is still time.
		if (budget !== undefined && read.length > 0 && elapsed + 2 * slowest > budget * BUDGET_SHARE)
			break;
		const began = Date.now();
		const messages = await readConversation(ctx, String(conversation.id), state.from);
		slowest = Math.max(slowest, Date.now() - began);
		const fresh = selectNew(messages, state, horizon, filters.type);
		emitted.push(...fresh);
		items.push(...fresh.map((message) => toItem(message, conversation)));
		read.push(String(conversation.id));
	}

	const complete = read.length === todo.length;
	return {
		items: sortOldestFirst(items),
		state: complete
			? completePass(state, horizon, emitted, lookbackMs)
			: partialPass(state, horizon, emitted, read),
		complete,
	};
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
			await fetchPage(ctx, { url: 'conversations/', qs }, policy('list conversations'))
		).results;
	}
	conversations = (await inScope(ctx, filters, conversations))
		.filter((c) => toMillis(c.lastMessageCreatedAt) !== undefined)
		.sort(
			(a, b) => (toMillis(b.lastMessageCreatedAt) ?? 0) - (toMillis(a.lastMessageCreatedAt) ?? 0),
		)
		.slice(0, MANUAL_CONVERSATIONS);

	for (const conversation of conversations) {
		const page = await fetchPage(
			ctx,
			{ url: 'messages/', qs: { conversation: String(conversation.id), pageSize: PAGE_SIZE } },
			policy('list the messages of a conversation'),
		);
		const matching = sortOldestFirst(page.results.filter((m) => typeMatches(m, filters.type)));
		if (matching.length) return [toItem(matching[matching.length - 1], conversation)];
	}
	return [];
}
