/**
 * The one way this package talks to MaiAgent: every operation of the action node, list search and
 * the triggers call `maiagentRequest` (or `maiagentApi`), which runs the retry policy and turns
 * failures into user-facing errors. Only `storage.ts` sends elsewhere (the presigned upload, which
 * must not carry the key).
 *
 * Requests never throw on an HTTP status by themselves (`ignoreHttpStatusErrors`): the status is
 * checked here, so error bodies are read the same way whatever the response encoding.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { MaiAgentHttpFailure } from './errors';
import type { RequestScope } from './retry';
import { outcomeUnknown, safeToRepeat, withRetry } from './retry';

const CREDENTIALS_TYPE = 'maiAgentApi';

export type MaiAgentContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

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
	/**
	 * Whether the request may be sent again after a 5xx or a dropped connection: by default GET,
	 * HEAD, PUT, DELETE and the POST/PATCH routes `safeToRepeat` knows (retry.ts).
	 */
	idempotent?: boolean;
}

export interface MaiAgentResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
}

/**
 * The credential's base URL without trailing slashes, so `${base}/${path}` never doubles them. A
 * bare host (`https://api.maiagent.ai`) gets MaiAgent's API root `/api/v1`, as the credential says.
 */
export function normalizeBaseUrl(baseUrl: string): string {
	const base = baseUrl.trim().replace(/\/+$/, '');
	return /^https?:\/\/[^/]+$/i.test(base) ? `${base}/api/v1` : base;
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

/**
 * How long a credential read serves the requests that follow it in the same context. Within a
 * second the requests of one page loop share one read; anything later reads the credential again.
 */
const CREDENTIAL_REUSE_MS = 1_000;

interface CredentialRead {
	at: number;
	credentials: Promise<ICredentialsDecrypted>;
}

const credentialsByContext = new WeakMap<object, CredentialRead>();

/**
 * The credential as it is now, shared by the requests of a context for CREDENTIAL_REUSE_MS.
 * Reading it has a cost in n8n (the credential is loaded from its database, decrypted and its
 * expressions resolved in an expression sandbox), the largest part of a page's time when done for
 * every request. It is not kept longer: n8n gives a polling trigger one context for as long as its
 * workflow is published, and a key changed in n8n (a new one after MaiAgent revoked the old, or a
 * mistyped one) must be the one the next poll sends.
 */
function credentialsOf(ctx: MaiAgentContext): Promise<ICredentialsDecrypted> {
	const now = Date.now();
	const cached = credentialsByContext.get(ctx);
	if (cached && now - cached.at < CREDENTIAL_REUSE_MS) return cached.credentials;
	const credentials = ctx.getCredentials(CREDENTIALS_TYPE).then((data) => ({
		// httpRequestWithAuthentication reads only `data`; the rest is the shape's.
		id: '',
		name: CREDENTIALS_TYPE,
		type: CREDENTIALS_TYPE,
		data,
	}));
	const read = { at: now, credentials };
	credentialsByContext.set(ctx, read);
	// A failed read is not reused: the next request tries again.
	credentials.catch(() => {
		if (credentialsByContext.get(ctx) === read) credentialsByContext.delete(ctx);
	});
	return credentials;
}

/** One HTTP exchange with MaiAgent (with retries), answering the full response. */
export async function maiagentRequest<T = IDataObject>(
	ctx: MaiAgentContext,
	request: MaiAgentRequest,
	scope: RequestScope,
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
	const safe = safeToRepeat({ ...request, method: options.method });
	// Set once an attempt failed in a way that leaves open whether MaiAgent carried it out.
	let maybeDone = false;
	return await withRetry(ctx.getNode(), safe, scope, async () => {
		const response = (await ctx.helpers.httpRequestWithAuthentication
			.call(ctx, CREDENTIALS_TYPE, options, { credentialsDecrypted: credentials })
			.catch((error: unknown) => {
				maybeDone ||= outcomeUnknown(error);
				throw error;
			})) as IN8nHttpFullResponse;
		if (response.statusCode < 400) return response as MaiAgentResponse<T>;
		// A DELETE repeated after a lost answer: gone is what was asked, whoever deleted it.
		if (response.statusCode === 404 && maybeDone && options.method === 'DELETE') {
			await readBody(response.body);
			return { statusCode: 204, headers: response.headers, body: undefined as T };
		}
		const body = await readBody(response.body);
		const failure = new MaiAgentHttpFailure(
			response.statusCode,
			body,
			response.headers,
			url.split('?')[0],
		);
		maybeDone ||= outcomeUnknown(failure);
		throw failure;
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
	scope: RequestScope,
): Promise<T> {
	return (await maiagentRequest<T>(ctx, request, scope)).body;
}

/** Drains a streamed error body so its `detail` can be reported. */
async function readBody(body: unknown): Promise<unknown> {
	const stream = body as AsyncIterable<Buffer> | undefined;
	if (!stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}
