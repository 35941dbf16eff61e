/**
 * The one way this package talks to MaiAgent. Every request — imperative operations, list search,
 * the trigger, and the declarative (routing) operations through `routingRequest` — goes through
 * `withRetry`, which owns the retry policy (429 honouring Retry-After, 503, and for idempotent
 * requests 5xx and dropped connections, with bounded exponential backoff) and turns failures into a
 * `NodeApiError` that names the operation, the HTTP status and MaiAgent's `detail` or field errors.
 *
 * Requests never throw on an HTTP status by themselves (`ignoreHttpStatusErrors`): the status is
 * checked here, so error bodies are read the same way whatever the response encoding. Error objects
 * are built from the response body only, never from the request, so the API key cannot leak into
 * error messages, descriptions or logs.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { operationLabel } from './actions';

export const CREDENTIALS_TYPE = 'maiAgentApi';

export type MaiAgentContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions;

export interface MaiAgentRequest {
	method?: IHttpRequestMethods;
	/** A path below the base URL (`conversations/`), or an absolute `next` link MaiAgent returned. */
	url: string;
	qs?: IDataObject;
	body?: IHttpRequestOptions['body'];
	headers?: IDataObject;
	encoding?: IHttpRequestOptions['encoding'];
	/** Milliseconds; n8n's default applies when absent. */
	timeout?: number;
	/** Ends the exchange, streamed body included (with the execution's own cancel signal). */
	signal?: AbortSignal;
}

export interface RetryPolicy {
	/** Named in every error, e.g. "Get a conversation". */
	operation: string;
	itemIndex?: number;
	/** Retries after the first attempt (default 3). */
	maxRetries?: number;
	/** Longest single wait, in ms (default 30 s). A Retry-After beyond it fails at once. */
	maxDelayMs?: number;
}

export interface MaiAgentResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
}

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

/** A non-2xx answer from MaiAgent, before it becomes a NodeApiError. */
export class MaiAgentHttpFailure extends Error {
	constructor(
		readonly statusCode: number,
		readonly body: unknown,
		readonly headers: IDataObject,
	) {
		super(`HTTP ${statusCode}`);
		this.name = 'MaiAgentHttpFailure';
	}
}

/** The credential's base URL without trailing slashes, so `${base}/${path}` never doubles them. */
export function normalizeBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '');
}

/**
 * Resolves a request URL. Relative paths hang off the base URL. Absolute `next` links keep their
 * path and query but are sent to the configured host: the key only ever goes where the user pointed
 * the credential, and a proxy that rewrites scheme or host in `next` cannot break pagination.
 */
export function resolveUrl(baseUrl: string, url: string): string {
	const base = normalizeBaseUrl(baseUrl);
	if (!/^https?:\/\//i.test(url)) return `${base}/${url.replace(/^\/+/, '')}`;
	const target = new URL(url);
	return `${new URL(base).origin}${target.pathname}${target.search}`;
}

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

function errorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	const code = e?.code ?? e?.cause?.code;
	return typeof code === 'string' ? code : undefined;
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
export function plainExcerpt(text: string): string | undefined {
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
 * Converts any failure into the error users see. Errors already made for users pass through; a
 * transport error (n8n wraps those in a NodeApiError that still holds the request) keeps only its
 * code, so the request and its Authorization header never reach the message or the logs.
 */
export function toNodeApiError(
	node: INode,
	error: unknown,
	policy: RetryPolicy,
): NodeApiError | NodeOperationError {
	const code = errorCode(error);
	if (error instanceof NodeOperationError || (error instanceof NodeApiError && !code)) return error;
	if (error instanceof MaiAgentHttpFailure) {
		const detail = describeErrorBody(error.body);
		const status = error.statusCode;
		// Not MaiAgent's JSON (a proxy's page): the status text says more than the page.
		const decoded = decodeBody(error.body);
		const statusText = typeof decoded === 'string' ? STATUS_TEXTS[status] : undefined;
		const answered = statusText ? `${status} ${statusText}` : String(status);
		return new NodeApiError(node, { status, detail: detail ?? null } as JsonObject, {
			message: `${policy.operation} failed: MaiAgent answered ${answered}${detail && detail !== answered ? ` - ${detail}` : ''}`,
			description: statusHint(status),
			httpCode: String(status),
			itemIndex: policy.itemIndex,
		});
	}
	const reason = code ?? (error instanceof Error ? error.message : String(error));
	// n8n rewrites messages that contain a network error code, so the code goes in the description.
	return new NodeApiError(node, { networkError: reason } as JsonObject, {
		message: `${policy.operation} failed: could not reach MaiAgent`,
		description: `${reason}. Check the Base URL of the MaiAgent credential and the network between n8n and MaiAgent.`,
		itemIndex: policy.itemIndex,
	});
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
	policy: RetryPolicy,
	attempt: () => Promise<T>,
): Promise<T> {
	const maxRetries = policy.maxRetries ?? DEFAULT_RETRIES;
	const maxDelay = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
	for (let retry = 0; ; retry++) {
		try {
			return await attempt();
		} catch (error) {
			const delay = retry < maxRetries ? retryDelay(error, method, retry) : undefined;
			if (delay === undefined || delay > maxDelay) throw toNodeApiError(node, error, policy);
			await sleep(delay);
		}
	}
}

const credentialsByContext = new WeakMap<object, Promise<ICredentialsDecrypted>>();

/**
 * The credential, loaded once per execution context and handed to every request of it. Without it,
 * n8n loads the credential from its database, decrypts it and resolves its expressions (an
 * expression sandbox set up and torn down) again for every single request: the largest part of a
 * page's time in a real n8n.
 */
function credentialsOf(ctx: MaiAgentContext): Promise<ICredentialsDecrypted> {
	let cached = credentialsByContext.get(ctx);
	if (!cached) {
		cached = ctx.getCredentials(CREDENTIALS_TYPE).then((data) => ({
			// httpRequestWithAuthentication reads only `data`; the rest is the shape's.
			id: '',
			name: CREDENTIALS_TYPE,
			type: CREDENTIALS_TYPE,
			data,
		}));
		credentialsByContext.set(ctx, cached);
	}
	return cached;
}

/** One HTTP exchange with MaiAgent (with retries), answering the full response. */
export async function maiagentRequest<T = IDataObject>(
	ctx: MaiAgentContext,
	request: MaiAgentRequest,
	policy: RetryPolicy,
): Promise<MaiAgentResponse<T>> {
	const credentials = await credentialsOf(ctx);
	const url = resolveUrl(normalizeBaseUrl(String(credentials.data?.baseUrl ?? '')), request.url);
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url,
		qs: request.qs,
		body: request.body,
		headers: { Accept: 'application/json', ...request.headers },
		json: request.encoding === undefined || request.encoding === 'json',
		encoding: request.encoding,
		timeout: request.timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.signal) keepAbortSignal(options, request.signal);
	return await withRetry(ctx.getNode(), options.method, policy, async () => {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIALS_TYPE,
			options,
			{ credentialsDecrypted: credentials },
		)) as IN8nHttpFullResponse;
		if (response.statusCode >= 400) {
			throw new MaiAgentHttpFailure(
				response.statusCode,
				await readBody(response.body),
				response.headers,
			);
		}
		return response as MaiAgentResponse<T>;
	});
}

/**
 * n8n's authenticated request helper overwrites `abortSignal` with the execution's cancel signal, so
 * a signal of the node's own would never reach axios. Keep both: the request (and a streamed body,
 * whose socket axios destroys) stops at whichever aborts first.
 */
function keepAbortSignal(options: IHttpRequestOptions, own: AbortSignal): void {
	let assigned: AbortSignal | undefined;
	let combined = own;
	Object.defineProperty(options, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => combined,
		set: (signal: AbortSignal | undefined) => {
			if (signal === assigned) return;
			assigned = signal;
			combined = signal ? AbortSignal.any([own, signal]) : own;
		},
	});
}

/** The body of a MaiAgent JSON endpoint. */
export async function maiagentApi<T = IDataObject>(
	ctx: MaiAgentContext,
	request: MaiAgentRequest,
	policy: RetryPolicy,
): Promise<T> {
	return (await maiagentRequest<T>(ctx, request, policy)).body;
}

/** Drains a streamed error body so its `detail` can be reported. */
async function readBody(body: unknown): Promise<unknown> {
	const stream = body as AsyncIterable<Buffer> | undefined;
	if (!stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/**
 * The executor of the declarative operations, plugged into n8n's RoutingNode as the node-level
 * `requestOperations.pagination` hook (operations opt in with `routing.send.paginate: true`).
 * RoutingNode builds the request from the operation's `routing` and runs its `postReceive`; this
 * hook puts the same status check and retry policy as `maiagentRequest` around it.
 */
export async function routingRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	requestData.options.ignoreHttpStatusErrors = true;
	requestData.postReceive.unshift({
		data: { parameterValue: undefined },
		actions: [failOnHttpError],
	});
	const policy = readRetryPolicy(this, routingOperationLabel(this));
	return await withRetry(
		this.getNode(),
		requestData.options.method,
		policy,
		async () => await this.makeRoutingRequest(requestData),
	);
}

async function failOnHttpError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode >= 400) {
		throw new MaiAgentHttpFailure(response.statusCode, response.body, response.headers);
	}
	return items;
}

/** Human label of the running operation, e.g. "Get a conversation". */
function routingOperationLabel(ctx: IExecuteSingleFunctions): string {
	return operationLabel(
		ctx.getNodeParameter('resource', '') as string,
		ctx.getNodeParameter('operation', '') as string,
	);
}

/** Retry settings from the operation's options (`Max Retries`, `Max Retry Wait`). */
export function readRetryPolicy(
	ctx: IExecuteFunctions | IExecuteSingleFunctions,
	operation: string,
	itemIndex?: number,
): RetryPolicy {
	const read = (name: string, fallback: number): number =>
		itemIndex === undefined
			? ((ctx as IExecuteSingleFunctions).getNodeParameter(`options.${name}`, fallback) as number)
			: ((ctx as IExecuteFunctions).getNodeParameter(
					`options.${name}`,
					itemIndex,
					fallback,
				) as number);
	return {
		operation,
		itemIndex: itemIndex ?? (ctx as IExecuteSingleFunctions).getItemIndex?.(),
		maxRetries: read('maxRetries', DEFAULT_RETRIES),
		maxDelayMs: read('maxRetryWait', DEFAULT_MAX_DELAY_MS / 1000) * 1000,
	};
}
