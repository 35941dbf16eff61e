/**
 * What happens when MaiAgent POSTs a reply: the secret token is checked (a refusal starts no
 * execution), a message delivered again is answered 200 and dropped, and the message is emitted
 * with its keys in camelCase whichever casing MaiAgent used.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isoTime } from '../shared/helpers/time';

/** Message ids remembered per trigger node: far more than MaiAgent retries within its schedule. */
export const SEEN_LIMIT = 500;

const snakeToCamel = (key: string): string =>
	key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Deep camelCase keys: MaiAgent documents `created_at` and `createdAt` for the same field. */
export function camelKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(camelKeys);
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, inner] of Object.entries(value as IDataObject)) {
			const camel = snakeToCamel(key);
			// A key sent in both casings keeps the camelCase one (the REST API's spelling).
			if (camel in out && camel !== key) continue;
			out[camel] = camelKeys(inner) as IDataObject;
		}
		return out;
	}
	return value;
}

/** The emitted item: the message in camelCase, `conversation` whatever it was called, an ISO time. */
export function normalizeMessage(body: IDataObject): IDataObject {
	const message = camelKeys(body) as IDataObject;
	const conversation = message.conversation ?? message.conversationId ?? null;
	delete message.conversationId;
	return {
		...message,
		conversation,
		createdAtIso: isoTime(message.createdAt) ?? null,
	};
}

/**
 * Ids emitted per trigger node in this process. Retries reach the process that answered the first
 * time in regular mode (and with a single webhook process in queue mode), and memory sees
 * concurrent deliveries at once. Workflow static data cannot do this alone: each production request
 * works on a copy loaded from the database, so two overlapping deliveries each save their own
 * list, and on n8n 2.41.1 a write made in a webhook function was seen lost altogether (the
 * execution saves the copy it loaded before). It is kept as the second line, for a retry that
 * arrives after a restart or at another process.
 */
const recent = new Map<string, Set<string>>();

function firstDelivery(ctx: IWebhookFunctions, id: string): boolean {
	const key = `${ctx.getMode()}:${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id ?? ctx.getNode().name}`;
	const seenHere = recent.get(key) ?? new Set<string>();
	recent.set(key, seenHere);
	const data = ctx.getWorkflowStaticData('node');
	const saved = Array.isArray(data.seen) ? (data.seen as string[]) : [];
	if (seenHere.has(id) || saved.includes(id)) return false;
	seenHere.add(id);
	// Oldest first out: Sets iterate in insertion order.
	for (const old of seenHere) {
		if (seenHere.size <= SEEN_LIMIT) break;
		seenHere.delete(old);
	}
	data.seen = [...saved, id].slice(-SEEN_LIMIT);
	return true;
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json({ message });
	return { noWebhookResponse: true };
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secret = this.getNodeParameter('options.token', '') as string;
	if (secret) {
		const given = (this.getQueryData() as IDataObject).token;
		if (typeof given !== 'string' || given === '') {
			return refuse(this, 401, 'Missing token');
		}
		if (!sameSecret(given, secret)) return refuse(this, 403, 'Wrong token');
	}

	const body = this.getBodyData();
	if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
		return refuse(this, 400, 'Expected one MaiAgent message object (JSON)');
	}
	const message = normalizeMessage(body);

	// MaiAgent retries a delivery whose answer it did not see as 200: drop what was already emitted.
	const id =
		typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : '';
	if (id && !firstDelivery(this, id)) {
		return { webhookResponse: { message: 'Already received' } };
	}

	return { workflowData: [this.helpers.returnJsonArray([message])] };
}
