/**
 * MaiAgent's webhook: every assistant reply is POSTed as one message object (JSON) to the chatbot's
 * `webhookUrl`. Anything but a 200 answer within the timeout (another status, a refused or dropped
 * connection, no answer) is a failed attempt, and the same delivery is retried after each of
 * `retryDelaysMs` (bounded: MaiAgent documents a retry mechanism but not its schedule). Every attempt
 * is recorded for `GET chatbots/{id}/webhook-records/` (the spec's WebhookRecord).
 *
 * Events on `app.events`: 'webhookAttempt' ({record, messageId, attempt}) after each attempt,
 * 'webhookDone' ({messageId, delivered, attempts}) when a delivery succeeded or ran out of retries.
 */
import { randomUUID } from 'node:crypto';
import * as undici from 'undici';
import type { App } from './http.cts';
import type { Chatbot, Message, Store } from './store.cts';
import { message as messageView } from './views.cts';
import { timestamp } from './random.cts';

export interface WebhookSettings {
	/** Wait before each retry; its length bounds the retries (default 1 s, 5 s, 30 s: 4 attempts). */
	retryDelaysMs: number[];
	/** An attempt without a complete answer within this is failed (default 10 s). */
	timeoutMs: number;
	/**
	 * Time key of the payload. The tech guide's format block and the official examples show
	 * `created_at`, its field table `createdAt`; 'both' sends the two.
	 */
	timeKey: 'created_at' | 'createdAt' | 'both';
	/**
	 * The next this-many 200 answers count as lost (MaiAgent gave up waiting just before them):
	 * the receiver got the message, yet the delivery is retried.
	 */
	loseAnswers: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
	retryDelaysMs: [1000, 5000, 30_000],
	timeoutMs: 10_000,
	timeKey: 'created_at',
	loseAnswers: 0,
};

export interface WebhookRecord {
	id: string;
	chatbotId: string;
	url: string;
	requestBody: unknown;
	/** The receiver's answer (first 2,000 characters), or what went wrong. */
	response: string;
	/** null when no answer arrived. */
	statusCode: number | null;
	createdAt: string;
}

const recordsByStore = new WeakMap<Store, WebhookRecord[]>();

/** Attempts of a chatbot's deliveries, most recent first. */
export function recordsOf(store: Store, chatbotId: string): WebhookRecord[] {
	return (recordsByStore.get(store) ?? []).filter((r) => r.chatbotId === chatbotId).reverse();
}

function addRecord(store: Store, record: WebhookRecord): void {
	const records = recordsByStore.get(store) ?? [];
	records.push(record);
	recordsByStore.set(store, records);
}

/** The webhook body of a message: its API view with the configured time key. */
export function payloadOf(app: App, message: Message): Record<string, unknown> {
	const { createdAt, ...rest } = messageView(app, message);
	const { timeKey } = app.controls.webhook;
	return {
		...rest,
		...(timeKey === 'createdAt' ? {} : { created_at: createdAt }),
		...(timeKey === 'created_at' ? {} : { createdAt }),
	};
}

/** One POST: the status and answer text, or null and the reason when none came. */
async function attempt(
	url: string,
	body: string,
	timeoutMs: number,
): Promise<{ statusCode: number | null; response: string }> {
	try {
		// undici.request, not fetch: fetch refuses the WHATWG "bad ports" (6666, the port of the
		// examples' webhook_server.py, among them) where MaiAgent's server-side client delivers.
		const res = await undici.request(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'User-Agent': 'MaiAgent-Sandbox-Webhook' },
			body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		return { statusCode: res.statusCode, response: (await res.body.text()).slice(0, 2000) };
	} catch (error) {
		const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message;
		return { statusCode: null, response: `no answer: ${reason}` };
	}
}

/**
 * Delivers `message` to the chatbot's current webhook URL (nothing when it has none), retrying on
 * failure. The URL is fixed for the delivery's retries, as its records show.
 */
export function deliver(app: App, chatbot: Chatbot, message: Message): void {
	const url = chatbot.webhookUrl;
	if (!url) return;
	const requestBody = payloadOf(app, message);
	const body = JSON.stringify(requestBody);
	const run = async (n: number): Promise<void> => {
		const settings = app.controls.webhook;
		let { statusCode, response } = await attempt(url, body, settings.timeoutMs);
		if (statusCode === 200 && settings.loseAnswers > 0) {
			settings.loseAnswers--;
			statusCode = null;
			response = 'no answer: timeout';
		}
		const record: WebhookRecord = {
			id: randomUUID(),
			chatbotId: chatbot.id,
			url,
			requestBody,
			response,
			statusCode,
			createdAt: timestamp(Date.now()),
		};
		addRecord(app.store, record);
		app.events.emit('webhookAttempt', { record, messageId: message.id, attempt: n });
		const delivered = statusCode === 200;
		const delay = settings.retryDelaysMs[n - 1];
		if (delivered || delay === undefined) {
			app.events.emit('webhookDone', { messageId: message.id, delivered, attempts: n });
			return;
		}
		app.later(delay, () => void run(n + 1));
	};
	void run(1);
}

/** `deliverWebhook` control: a stored message, to the chatbot of its conversation's inbox. */
export function deliverStored(app: App, messageId: string): void {
	const message = app.store.message(messageId);
	if (!message) throw new Error(`deliverWebhook: unknown message ${messageId}`);
	const conversation = app.store.conversation(message.conversationId)!;
	const chatbot = app.store.chatbot(app.store.inbox(conversation.inboxId)!.chatbotId);
	if (!chatbot) throw new Error(`deliverWebhook: no chatbot answers in ${conversation.id}`);
	deliver(app, chatbot, message);
}

/** The record view: the spec's WebhookRecord, its chatbot nested. */
export function recordView(record: WebhookRecord, chatbotView: unknown) {
	return {
		id: record.id,
		chatbot: chatbotView,
		url: record.url,
		requestBody: record.requestBody,
		response: record.response,
		statusCode: record.statusCode,
		createdAt: record.createdAt,
	};
}
