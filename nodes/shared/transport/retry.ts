/**
 * The retry policy of every request: 429 (honouring Retry-After) and 503 always, 5xx and dropped
 * connections only for requests that are safe to repeat (`safeToRepeat`), with bounded exponential
 * backoff. A request that is not (a create, a registration) is sent once: whether a lost answer
 * means it was carried out cannot be told from here.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ErrorContext } from './errors';
import { errorCode, MaiAgentHttpFailure, toNodeApiError } from './errors';

export interface RetryLimits {
	/** Retries after the first attempt (default 3). */
	maxRetries?: number;
	/** Longest single wait, in ms (default 30 s). A Retry-After beyond it fails at once. */
	maxDelayMs?: number;
}

/** What a request is for (named in its errors) and how hard to retry it. */
export interface RequestScope extends ErrorContext, RetryLimits {}

const DEFAULT_RETRIES = 3;
const DEFAULT_MAX_DELAY_MS = 30_000;
const BASE_DELAY_MS = 500;
/** Statuses that mean "not processed, come back later": safe to retry for any method. */
const RETRY_ALWAYS = new Set([429, 503]);
/** Statuses worth retrying only when repeating the request cannot duplicate anything. */
const RETRY_IF_SAFE = new Set([500, 502, 504]);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
]);

/** Methods whose repeat leaves MaiAgent as one request would (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * POST and PATCH routes that are safe to repeat all the same: a new presigned URL (an unused one
 * costs nothing), a batch delete (deleting twice leaves the same), a search (a read), labels and
 * metadata set to given values, a contact's fields set, auto-reply turned on or off.
 */
const SAFE_WRITES: Array<[string, RegExp]> = [
	['POST', /(^|\/)upload-presigned-url\/$/],
	['POST', /\/batch-delete\/$/],
	['POST', /\/search\/$/],
	['PATCH', /\/update-metadata\/$/],
	['POST', /\/update-metadata\/$/],
	['PATCH', /(^|\/)contacts\/[0-9a-f-]{36}\/$/i],
	['PATCH', /\/update-auto-reply\/$/],
];

export interface Repeatable {
	method?: string;
	/** The request's path (or URL, query string ignored). */
	url: string;
	/** Declared by the request: repeating it cannot duplicate anything (overrides the rules). */
	idempotent?: boolean;
}

/** Whether a request can be sent again after a 5xx or a dropped connection without harm. */
export function safeToRepeat(request: Repeatable): boolean {
	if (request.idempotent !== undefined) return request.idempotent;
	const method = (request.method ?? 'GET').toUpperCase();
	if (IDEMPOTENT_METHODS.has(method)) return true;
	const path = request.url.split('?')[0];
	return SAFE_WRITES.some(([m, route]) => m === method && route.test(path));
}

/** Seconds or an HTTP date, per RFC 9110. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Whether a failure leaves it open whether MaiAgent carried the request out: a 500, 502 or 504, or
 * a connection dropped after the request went out. 429, 503 and a refused connection say it was not.
 */
export function outcomeUnknown(error: unknown): boolean {
	if (error instanceof MaiAgentHttpFailure) return RETRY_IF_SAFE.has(error.statusCode);
	const code = errorCode(error);
	return !!code && NETWORK_CODES.has(code) && code !== 'ECONNREFUSED';
}

/** The wait before the next attempt, or undefined when the failure is final. */
export function retryDelay(error: unknown, safe: boolean, attempt: number): number | undefined {
	if (error instanceof MaiAgentHttpFailure) {
		const status = error.statusCode;
		if (!RETRY_ALWAYS.has(status) && !(RETRY_IF_SAFE.has(status) && safe)) return undefined;
		const retryAfter = parseRetryAfter(error.headers['retry-after']);
		if (retryAfter !== undefined) return retryAfter;
	} else {
		const code = errorCode(error);
		if (!code || !NETWORK_CODES.has(code)) return undefined;
		if (!safe && outcomeUnknown(error)) return undefined;
	}
	return BASE_DELAY_MS * 2 ** attempt;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the retry budget is spent. Waits honour
 * Retry-After; a wait longer than `maxDelayMs` is not attempted (the error says so).
 */
export async function withRetry<T>(
	node: INode,
	safe: boolean,
	scope: RequestScope,
	attempt: () => Promise<T>,
): Promise<T> {
	const maxRetries = scope.maxRetries ?? DEFAULT_RETRIES;
	const maxDelay = scope.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
	for (let retry = 0; ; retry++) {
		try {
			return await attempt();
		} catch (error) {
			const delay = retry < maxRetries ? retryDelay(error, safe, retry) : undefined;
			if (delay === undefined || delay > maxDelay) throw toNodeApiError(node, error, scope);
			await sleep(delay);
		}
	}
}

/**
 * The scope of an operation's requests: its label, the item, and its Options' `Max Retries` and
 * `Max Retry Wait`.
 */
export function readRequestScope(
	ctx: IExecuteFunctions,
	operation: string,
	itemIndex: number,
): RequestScope {
	const read = (name: string, fallback: number): number =>
		ctx.getNodeParameter(`options.${name}`, itemIndex, fallback) as number;
	return {
		operation,
		itemIndex,
		maxRetries: read('maxRetries', DEFAULT_RETRIES),
		maxDelayMs: read('maxRetryWait', DEFAULT_MAX_DELAY_MS / 1000) * 1000,
	};
}
