/**
 * The retry policy of every request: 429 (honouring Retry-After) and 503 always, 5xx and dropped
 * connections only for requests that cannot duplicate anything, with bounded exponential backoff.
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
const RETRY_IF_IDEMPOTENT = new Set([500, 502, 504]);
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

function isIdempotent(method: string | undefined): boolean {
	return !method || method === 'GET' || method === 'HEAD';
}

/** Seconds or an HTTP date, per RFC 9110. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function retryDelay(
	error: unknown,
	method: string | undefined,
	attempt: number,
): number | undefined {
	if (error instanceof MaiAgentHttpFailure) {
		const status = error.statusCode;
		if (!RETRY_ALWAYS.has(status) && !(RETRY_IF_IDEMPOTENT.has(status) && isIdempotent(method))) {
			return undefined;
		}
		const retryAfter = parseRetryAfter(error.headers['retry-after']);
		if (retryAfter !== undefined) return retryAfter;
	} else {
		const code = errorCode(error);
		if (!code || !NETWORK_CODES.has(code)) return undefined;
		if (!isIdempotent(method) && code !== 'ECONNREFUSED') return undefined;
	}
	return BASE_DELAY_MS * 2 ** attempt;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the retry budget is spent. Waits honour
 * Retry-After; a wait longer than `maxDelayMs` is not attempted (the error says so).
 */
export async function withRetry<T>(
	node: INode,
	method: string | undefined,
	scope: RequestScope,
	attempt: () => Promise<T>,
): Promise<T> {
	const maxRetries = scope.maxRetries ?? DEFAULT_RETRIES;
	const maxDelay = scope.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
	for (let retry = 0; ; retry++) {
		try {
			return await attempt();
		} catch (error) {
			const delay = retry < maxRetries ? retryDelay(error, method, retry) : undefined;
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
