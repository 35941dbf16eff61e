/**
 * What users see when a request fails: a NodeApiError naming the operation, the HTTP status and
 * MaiAgent's `detail` or field errors. Built from the response body only, never from the request,
 * so the API key cannot leak into messages, descriptions or logs.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What an error names: the operation ("Get a conversation") and the item. */
export interface ErrorContext {
	operation: string;
	itemIndex?: number;
}

/** A non-2xx answer from MaiAgent, before it becomes a NodeApiError. */
export class MaiAgentHttpFailure extends Error {
	constructor(
		readonly statusCode: number,
		readonly body: unknown,
		readonly headers: IDataObject,
		/** The address without its query, named when nothing MaiAgent-like answered there. */
		readonly url?: string,
	) {
		super(`HTTP ${statusCode}`);
		this.name = 'MaiAgentHttpFailure';
	}
}

/**
 * The code of a transport error (ECONNRESET...), wherever n8n put it: on the error, on its cause
 * (n8n 2.41's NodeApiError around the HTTP client's error), or only as its httpCode (n8n 2.8's).
 */
export function errorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown }; httpCode?: unknown };
	const code = e?.code ?? e?.cause?.code;
	if (typeof code === 'string') return code;
	return typeof e?.httpCode === 'string' && /^[A-Z][A-Z_]+$/.test(e.httpCode)
		? e.httpCode
		: undefined;
}

/** Decodes a JSON error body whatever shape it arrived in (object, string, Buffer). */
export function decodeBody(body: unknown): unknown {
	if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) {
		body = Buffer.from(body as Buffer).toString('utf8');
	}
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body.trim();
	}
}

/**
 * MaiAgent's DRF error bodies as one line: `{"detail": "..."}` gives the detail,
 * `{"content": ["This field is required."]}` gives `content: This field is required.`
 */
export function describeErrorBody(body: unknown): string | undefined {
	const decoded = decodeBody(body);
	if (typeof decoded === 'string') return plainExcerpt(decoded);
	if (!decoded || typeof decoded !== 'object') return undefined;
	if (Array.isArray(decoded)) return decoded.map(String).join('; ');
	const record = decoded as Record<string, unknown>;
	if (typeof record.detail === 'string') return record.detail;
	const parts = Object.entries(record).map(([field, value]) => {
		const text = Array.isArray(value) ? value.map(String).join(' ') : String(value);
		return field === 'non_field_errors' || field === 'nonFieldErrors' ? text : `${field}: ${text}`;
	});
	return parts.length ? parts.join('; ') : undefined;
}

const EXCERPT_CHARS = 120;

/**
 * A body that is not JSON (a proxy's HTML error page, plain text) as a short line of plain text:
 * an HTML page by its title, else its text without tags.
 */
function plainExcerpt(text: string): string | undefined {
	const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
	const plain = (title ?? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' '))
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (!plain) return undefined;
	return plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS - 1)}…` : plain;
}

const STATUS_TEXTS: Record<number, string> = {
	404: 'Not Found',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

const STATUS_HINTS: Record<number, string> = {
	400: 'MaiAgent rejected the request parameters',
	401: 'The API key was rejected: check the MaiAgent credential (key and Base URL)',
	403: 'The API key has no permission for this resource',
	404: 'Not found: check the ID, and that it belongs to the tenant of this credential',
	429: 'MaiAgent is rate limiting requests: space them out (batching) or retry later',
};

function statusHint(status: number): string {
	return (
		STATUS_HINTS[status] ??
		(status >= 500 ? 'MaiAgent had a server error: retry later' : 'Request failed')
	);
}

/**
 * A 404 without MaiAgent's JSON: no MaiAgent API at that address (a Base URL without `/api/v1`, or
 * with a typo), not a missing ID.
 */
function wrongBaseUrl(
	node: INode,
	error: MaiAgentHttpFailure,
	context: ErrorContext,
): NodeApiError {
	const where = error.url ? ` at ${error.url}` : '';
	return new NodeApiError(node, { status: 404, detail: null } as JsonObject, {
		message: `${context.operation} failed: MaiAgent answered 404 Not Found - the Base URL looks wrong`,
		description: `No MaiAgent API answered${where}. The Base URL of the MaiAgent credential is MaiAgent's API root, ending in /api/v1: https://api.maiagent.ai/api/v1 for maiagent.ai, https://<your host>/api/v1 when self-hosted.`,
		httpCode: '404',
		itemIndex: context.itemIndex,
	});
}

/**
 * Converts any failure into the error users see. Errors already made for users pass through; a
 * transport error (n8n wraps those in a NodeApiError that still holds the request) keeps only its
 * code, so the request and its Authorization header never reach the message or the logs.
 */
export function toNodeApiError(
	node: INode,
	error: unknown,
	context: ErrorContext,
): NodeApiError | NodeOperationError {
	const code = errorCode(error);
	if (error instanceof NodeOperationError || (error instanceof NodeApiError && !code)) return error;
	if (error instanceof MaiAgentHttpFailure) {
		const detail = describeErrorBody(error.body);
		const status = error.statusCode;
		// Not MaiAgent's JSON (a proxy's page): the status text says more than the page.
		const decoded = decodeBody(error.body);
		if (status === 404 && (decoded === null || typeof decoded !== 'object')) {
			return wrongBaseUrl(node, error, context);
		}
		const statusText = typeof decoded === 'string' ? STATUS_TEXTS[status] : undefined;
		const answered = statusText ? `${status} ${statusText}` : String(status);
		return new NodeApiError(node, { status, detail: detail ?? null } as JsonObject, {
			message: `${context.operation} failed: MaiAgent answered ${answered}${detail && detail !== answered ? ` - ${detail}` : ''}`,
			description: statusHint(status),
			httpCode: String(status),
			itemIndex: context.itemIndex,
		});
	}
	const reason = code ?? (error instanceof Error ? error.message : String(error));
	// n8n rewrites messages that contain a network error code, so the code goes in the description.
	return new NodeApiError(node, { networkError: reason } as JsonObject, {
		message: `${context.operation} failed: could not reach MaiAgent`,
		description: `${reason}. Check the Base URL of the MaiAgent credential and the network between n8n and MaiAgent.`,
		itemIndex: context.itemIndex,
	});
}
