/**
 * Test controls: latency, forced failures, streaming wire variants and switches. `Controls` holds the
 * state the server consults on every request; tests drive it through the `SandboxControl` interface.
 */
import type { Message, MessageType, Store } from './store.cts';
import * as random from './random.cts';
import type { WebhookSettings } from './webhooks.cts';
import type { KnowledgeControl } from './knowledge.cts';
import { DEFAULT_WEBHOOK_SETTINGS } from './webhooks.cts';

export type RouteMatcher = string | RegExp;

export interface StreamVariant {
	/** Replace the reply by these deltas, or by this many deltas cycled from the normal reply. */
	deltas?: string[] | number;
	/** Pause between deltas (default 0); a list gives each gap its own pause (the last one repeats). */
	deltaDelayMs?: number | number[];
	/** Destroy the connection after the last delta, before the `done: true` event. */
	cutBeforeDone?: boolean;
	/** Send one line of truncated JSON after the first delta. */
	malformedLine?: boolean;
	/** Key of the conversation id in stream events (tech guide: `conversation_id`). */
	conversationIdKey?: 'conversationId' | 'conversation_id';
	/** Add a `data: [DONE]` event after the final event. */
	doneLine?: boolean;
	/** End with a `data: [DONE]` event instead of the `done: true` event (MaiAgent's C# client stops there). */
	doneMarkerOnly?: boolean;
	/** After the final event, keep the connection open and silent this long unless the client closes it. */
	holdOpenMs?: number;
	/** End lines with CRLF instead of LF. */
	crlf?: boolean;
	/** Send `: ping` comment lines (before the first delta and every 5 deltas). */
	heartbeat?: boolean;
	/** Split the write of the first multi-byte delta inside a UTF-8 character. */
	splitUtf8?: boolean;
	/**
	 * Awaited before the last delta is written: a test opens it once its client holds an earlier
	 * delta, which proves a live relay by order of events, not by a clock.
	 */
	beforeLastDelta?: () => Promise<void>;
	/** `data:{...}` instead of `data: {...}`. */
	noSpaceAfterData?: boolean;
	/** Spread each event's JSON over two `data:` lines (SSE joins them with "\n"). */
	multiLineData?: boolean;
}

/** What `fail()` uses when `times` or `status` is left out. */
export const FAULT_DEFAULTS = { times: 1, status: 500 };

export interface FailOptions {
	route?: RouteMatcher;
	method?: string;
	status?: number;
	times?: number;
	retryAfter?: number;
	body?: unknown;
	/** Destroy the socket without any response. */
	reset?: boolean;
	/** Answer this HTML page (`text/html`) instead of a JSON body, as a proxy in front of MaiAgent does. */
	html?: string;
}

/**
 * Orders of the lists the trigger walks. Documented: conversations by most recent activity, messages
 * most recent first. The others model a tenant or version that answers differently.
 */
export interface ListOrder {
	/** `activity` (default): `lastMessageCreatedAt` desc; `created`: conversation `createdAt` desc. */
	conversations?: 'activity' | 'created';
	/** `newest` (default): `createdAt` desc; `oldest`: `createdAt` asc. */
	messages?: 'newest' | 'oldest';
}

export interface InjectMessageOptions {
	conversationId?: string;
	inboxId?: string;
	content?: string;
	type?: MessageType;
	createdAt?: number | string;
}

export interface SandboxControl {
	injectMessage(options: InjectMessageOptions): Message;
	setLatency(route: RouteMatcher, ms: number): void;
	fail(options: FailOptions): void;
	setStream(variant: StreamVariant): void;
	setMessagesPagination(style: 'cursor' | 'page'): void;
	/**
	 * `auto` (default): `contacts/` pages by `limit`/`offset` (the examples), or by `page`/`pageSize`
	 * when the request names one of them (the reference); `limitOffset`: only `limit`/`offset`, page
	 * parameters ignored.
	 */
	setContactsPagination(style: 'auto' | 'limitOffset'): void;
	/** Key casing of contact answers: `snake` (default, the examples' `source_id`) or `camel` (the reference's). */
	setContactsCase(casing: 'snake' | 'camel'): void;
	setListOrder(order: ListOrder): void;
	/** Caps every list page at this many items whatever `pageSize` asks (0: no cap beyond 100). */
	setMaxPageSize(size: number): void;
	setReplyDelay(ms: number): void;
	/** Webhook delivery: retry schedule, timeout, time key, lost answers (see sandbox/webhooks.cts). */
	setWebhook(settings: Partial<WebhookSettings>): void;
	/** Delivers a stored message to its conversation's chatbot webhook now, as for a new reply. */
	deliverWebhook(messageId: string): void;
	/**
	 * Clears latency, faults, stream variants, pagination styles, contact casing, list order, page cap
	 * and reply delay; keeps the data.
	 */
	reset(): void;
	clearRequests(): void;
	/** Knowledge-base answer forms and file processing (sandbox/knowledge.cts); `reset()` clears them. */
	knowledge: KnowledgeControl;
}

interface Fault extends FailOptions {
	remaining: number;
	/** Requests that had arrived when the fault was armed: none of them can take it. */
	armedAfter: number;
}

/** A string matches the path after the API prefix by prefix ("conversations/"); a RegExp by test. */
export function routeMatches(matcher: RouteMatcher | undefined, route: string): boolean {
	if (matcher === undefined) return true;
	return typeof matcher === 'string'
		? route.startsWith(matcher.replace(/^\//, ''))
		: matcher.test(route);
}

export class Controls {
	private latencies: Array<{ route: RouteMatcher; ms: number }> = [];
	private faults: Fault[] = [];
	/** Requests arrived so far, counted when their headers arrive (before body and latency). */
	private arrivals = 0;
	stream: StreamVariant = {};
	messagesPagination: 'cursor' | 'page' = 'cursor';
	contactsPagination: 'auto' | 'limitOffset' = 'auto';
	contactsCase: 'snake' | 'camel' = 'snake';
	listOrder: Required<ListOrder> = { conversations: 'activity', messages: 'newest' };
	maxPageSize = 0;
	replyDelayMs: number;
	webhook: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS };

	constructor(private readonly defaultReplyDelayMs: number) {
		this.replyDelayMs = defaultReplyDelayMs;
	}

	latencyFor(route: string): number {
		return this.latencies
			.filter((l) => routeMatches(l.route, route))
			.reduce((sum, l) => sum + l.ms, 0);
	}

	/** Numbers a request as it arrives; `takeFault` needs the number. */
	arrive(): number {
		return ++this.arrivals;
	}

	/**
	 * Consumes and returns the first fault matching this request, if any. Only a request that
	 * arrived after the fault was armed can take it: a neighbour still in flight (reading its
	 * body, in a latency) cannot consume a fault armed for the request that comes next.
	 */
	takeFault(arrival: number, method: string, route: string): FailOptions | undefined {
		const fault = this.faults.find(
			(f) =>
				f.remaining > 0 &&
				arrival > f.armedAfter &&
				routeMatches(f.route, route) &&
				(!f.method || f.method.toUpperCase() === method),
		);
		if (!fault) return undefined;
		fault.remaining--;
		this.faults = this.faults.filter((f) => f.remaining > 0);
		return fault;
	}

	setLatency(route: RouteMatcher, ms: number): void {
		this.latencies = this.latencies.filter((l) => String(l.route) !== String(route));
		if (ms > 0) this.latencies.push({ route, ms });
	}

	fail(options: FailOptions): void {
		this.faults.push({
			...options,
			remaining: options.times ?? FAULT_DEFAULTS.times,
			armedAfter: this.arrivals,
		});
	}

	reset(): void {
		this.latencies = [];
		this.faults = [];
		this.stream = {};
		this.messagesPagination = 'cursor';
		this.contactsPagination = 'auto';
		this.contactsCase = 'snake';
		this.listOrder = { conversations: 'activity', messages: 'newest' };
		this.maxPageSize = 0;
		this.replyDelayMs = this.defaultReplyDelayMs;
		this.webhook = { ...DEFAULT_WEBHOOK_SETTINGS };
	}
}

/** What `injectMessage` does: a message written on another channel, straight into the model. */
export function injectMessage(store: Store, options: InjectMessageOptions): Message {
	let conversationId = options.conversationId;
	if (conversationId === undefined) {
		const inbox = options.inboxId ? store.inbox(options.inboxId) : store.inboxes[0];
		if (!inbox) throw new Error(`injectMessage: unknown inbox ${String(options.inboxId)}`);
		conversationId = store.startConversation(inbox.id).id;
	}
	const conversation = store.conversation(conversationId);
	if (!conversation) throw new Error(`injectMessage: unknown conversation ${conversationId}`);
	const type = options.type ?? 'incoming';
	const inbox = store.inbox(conversation.inboxId)!;
	return store.addMessage({
		conversationId,
		type,
		content: options.content ?? `（來自${inbox.name}的訊息）`,
		createdAt: options.createdAt === undefined ? undefined : random.toTimestamp(options.createdAt),
		sender:
			type === 'outgoing'
				? { kind: 'chatbot', id: inbox.chatbotId }
				: conversation.contactId
					? { kind: 'contact', id: conversation.contactId }
					: null,
	});
}
