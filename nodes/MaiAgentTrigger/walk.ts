/**
 * The walk over the watched conversations (and the inboxes that scope them) for the New Message
 * event, through the shared transport (retries, NodeApiError). Only reads: `poll.ts` decides what a
 * walk means for the pass, `cursor.ts` what is new.
 *
 * MaiAgent does not document the order of `conversations/`; the sandbox and what was seen use most
 * recent activity (`lastMessageCreatedAt` desc). In that order a walk stops at the first page that
 * reaches a conversation older than where it looks (an idle poll is one request, whatever the
 * history). A list by creation looks the same until an old conversation gets a new message, so a
 * walk goes to the end until a walk shows the activity order broken by creation order (remembered
 * in the state as `byActivity`); a list out of activity order clears it.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { toMillis } from '../shared/helpers/time';
import type { Page } from '../shared/transport/pagination';
import { fetchAll, fetchPage } from '../shared/transport/pagination';
import type { MaiAgentRequest } from '../shared/transport/request';
import { maiagentApi } from '../shared/transport/request';
import type { RequestScope } from '../shared/transport/retry';
import type { MessageType } from './cursor';
import { isNewestFirst } from './cursor';

export const PAGE_SIZE = 100;

export interface Filters {
	type: MessageType;
	/** 'all' | 'chatbots' | 'inboxes' */
	source: string;
	chatbots: string[];
	inboxes: string[];
	/** A single conversation to watch, or '' for all. */
	conversation: string;
}

/** When the poll must stop: a clock deadline, checked between requests. */
export class Deadline {
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
export function scopeWithin(operation: string, deadline?: Deadline): RequestScope {
	const scope: RequestScope = { operation: `MaiAgent Trigger: ${operation}` };
	if (!deadline) return scope;
	return { ...scope, maxRetries: 2, maxDelayMs: Math.max(0, deadline.left() / 4) };
}

/** A request that cannot outlast the deadline by much: at most a quarter of what is left each try. */
export function within(request: MaiAgentRequest, deadline?: Deadline): MaiAgentRequest {
	return deadline ? { ...request, timeout: Math.max(2_000, deadline.left() / 4) } : request;
}

export const lastAt = (c: IDataObject) => toMillis(c.lastMessageCreatedAt);

/** A page reached `from`, and the list was newest first all along: later pages are all older. */
export function olderFromHere(from: number) {
	const times: Array<number | undefined> = [];
	return (page: IDataObject[], time: (item: IDataObject) => number | undefined): boolean => {
		const pageTimes = page.map(time);
		times.push(...pageTimes);
		return pageTimes.some((t) => t !== undefined && t < from) && isNewestFirst(times);
	};
}

export async function fetchOne(
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

export const conversationUrl = (id: string) => `conversations/${encodeURIComponent(id)}/`;

/** The first page of `conversations/`, narrowed by the one watched inbox when there is one. */
export function conversationsRequest(filters: Filters): MaiAgentRequest {
	const qs: IDataObject = { pageSize: PAGE_SIZE };
	if (filters.source === 'inboxes' && filters.inboxes.length === 1) qs.inbox = filters.inboxes[0];
	return { url: 'conversations/', qs };
}

/** The watched inboxes (AI assistants resolve to their inboxes), looked up once per poll. */
export class Scope {
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

export interface Listing {
	/** Conversations with a message at or after the walk's lower bound, in scope. */
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

export interface WalkOptions {
	filters: Filters;
	/** The walk's lower bound: conversations last active before it are not listed. */
	stopAt: number;
	deadline: Deadline;
	scope: Scope;
	/** The next page's link when the walk goes on from a previous poll. */
	startUrl?: string;
	/** What earlier walks learned: the list is by activity, so a walk may stop early. */
	knownByActivity: boolean;
}

/** What the pages of a walk showed, gathered page by page. */
class ListReader {
	readonly found = new Map<string, IDataObject>();
	top?: number;
	byActivity?: boolean;
	private readonly created: Array<number | undefined> = [];
	private readonly lasts: Array<number | undefined> = [];

	constructor(private readonly stopAt: number) {}

	take(conversation: IDataObject): void {
		const at = lastAt(conversation);
		if (at === undefined) return;
		this.top = Math.max(this.top ?? at, at);
		if (at >= this.stopAt) this.found.set(String(conversation.id), conversation);
	}

	/** Takes a page and learns the order from it. */
	takePage(results: IDataObject[]): void {
		results.forEach((c) => this.take(c));
		this.created.push(...results.map((c) => toMillis(c.createdAt)));
		this.lasts.push(...results.map(lastAt));
		if (!isNewestFirst(this.lasts)) this.byActivity = false;
		else if (!isNewestFirst(this.created)) this.byActivity = true;
	}
}

/**
 * A walk of the conversations list (from `startUrl` when it goes on from a previous poll), down to
 * `stopAt`, or to the end when the list is not known to be newest first.
 */
export async function listConversations(
	ctx: IPollFunctions,
	options: WalkOptions,
): Promise<Listing> {
	const { filters, stopAt, deadline, startUrl } = options;
	const reader = new ListReader(stopAt);
	let pages = 0;
	let next: string | undefined;
	if (filters.conversation) {
		const url = conversationUrl(filters.conversation);
		reader.take(await fetchOne(ctx, url, 'get the watched conversation', deadline));
		pages = 1;
	} else {
		const reachedOlder = olderFromHere(stopAt);
		let request: MaiAgentRequest | undefined = startUrl
			? { url: startUrl }
			: conversationsRequest(filters);
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
			reader.takePage(page.results);
			const byActivity = reader.byActivity ?? options.knownByActivity;
			const stop = byActivity && reachedOlder(page.results, lastAt);
			request = stop || !page.next ? undefined : { url: page.next };
		}
	}
	const conversations = await options.scope.keep([...reader.found.values()]);
	const { top, byActivity } = reader;
	return { conversations, top, singlePage: pages === 1 && !next && !startUrl, next, byActivity };
}
