import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	maiagentRequest,
	normalizeBaseUrl,
	resolveUrl,
} from '../../../../../nodes/shared/transport/request';
import { maiAgentNode } from '../../../../helpers/node.cts';

const node = maiAgentNode;

describe('base URL and request URLs', () => {
	it.each([
		['https://api.maiagent.ai/api/v1', 'https://api.maiagent.ai/api/v1'],
		['https://api.maiagent.ai/api/v1/', 'https://api.maiagent.ai/api/v1'],
		['  https://tenant.example/api/v1/// ', 'https://tenant.example/api/v1'],
		// A bare host gets MaiAgent's API root; any other path is the user's.
		['https://api.maiagent.ai', 'https://api.maiagent.ai/api/v1'],
		['http://127.0.0.1:8787/ ', 'http://127.0.0.1:8787/api/v1'],
		['https://proxy.example/maiagent', 'https://proxy.example/maiagent'],
	])('normalizes %p', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it('joins relative paths with exactly one slash', () => {
		expect(resolveUrl('https://h/api/v1/', 'conversations/')).toBe(
			'https://h/api/v1/conversations/',
		);
		expect(resolveUrl('https://h/api/v1', '/messages/x/')).toBe('https://h/api/v1/messages/x/');
	});

	it('sends absolute next links to the configured host, keeping path and query', () => {
		expect(
			resolveUrl(
				'https://api.maiagent.ai/api/v1',
				'http://internal:8000/api/v1/conversations/?cursor=abc&pageSize=100',
			),
		).toBe('https://api.maiagent.ai/api/v1/conversations/?cursor=abc&pageSize=100');
	});
});

describe('the credential of a request', () => {
	// The clock stands still unless a test moves it: requests in quick succession.
	let now = 1_000_000;
	beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
	afterEach(() => jest.restoreAllMocks());

	it('loads the credential once for the requests of a context in quick succession and hands it to each', async () => {
		const credentials = { apiKey: 'k', baseUrl: 'http://127.0.0.1:1/api/v1/' };
		let loads = 0;
		const calls: Array<{ options: IHttpRequestOptions; extra?: IAdditionalCredentialOptions }> = [];
		const ctx = {
			getNode: () => node,
			getCredentials: async () => {
				loads++;
				return credentials;
			},
			helpers: {
				httpRequestWithAuthentication: async (
					_type: string,
					options: IHttpRequestOptions,
					extra?: IAdditionalCredentialOptions,
				) => {
					calls.push({ options, extra });
					return { statusCode: 200, headers: {}, body: { results: [], next: null } };
				},
			},
		} as unknown as IExecuteFunctions;
		const policy = { operation: 'List messages' };
		await maiagentRequest(ctx, { url: 'messages/' }, policy);
		await maiagentRequest(ctx, { url: 'http://elsewhere/api/v1/messages/?cursor=x' }, policy);

		expect(loads).toBe(1);
		expect(calls.map((call) => call.options.url)).toEqual([
			'http://127.0.0.1:1/api/v1/messages/',
			'http://127.0.0.1:1/api/v1/messages/?cursor=x',
		]);
		for (const call of calls) expect(call.extra?.credentialsDecrypted?.data).toBe(credentials);
	});

	/** A context like n8n's poll context: one for the whole activation, its credential editable. */
	function longLivedContext(keys: Array<string | Error>) {
		const sent: unknown[] = [];
		const ctx = {
			getNode: () => node,
			getCredentials: async () => {
				const key = keys.shift()!;
				if (key instanceof Error) throw key;
				return { apiKey: key, baseUrl: 'http://127.0.0.1:1/api/v1' };
			},
			helpers: {
				httpRequestWithAuthentication: async (
					_type: string,
					_options: IHttpRequestOptions,
					extra?: IAdditionalCredentialOptions,
				) => {
					sent.push(extra?.credentialsDecrypted?.data?.apiKey);
					return { statusCode: 200, headers: {}, body: {} };
				},
			},
		} as unknown as IExecuteFunctions;
		return { ctx, sent };
	}

	it('reads the credential again for a request a second or more later: a changed key is the one sent', async () => {
		const { ctx, sent } = longLivedContext(['old-key', 'new-key']);
		const policy = { operation: 'List messages' };
		await maiagentRequest(ctx, { url: 'messages/' }, policy);
		now += 999;
		await maiagentRequest(ctx, { url: 'messages/' }, policy);
		now += 1;
		await maiagentRequest(ctx, { url: 'messages/' }, policy);
		expect(sent).toEqual(['old-key', 'old-key', 'new-key']);
	});

	it('does not keep a failed read: the next request reads the credential again', async () => {
		const { ctx, sent } = longLivedContext([new Error('Credential could not be decrypted'), 'key']);
		const policy = { operation: 'List messages' };
		await expect(maiagentRequest(ctx, { url: 'messages/' }, policy)).rejects.toThrow(
			'Credential could not be decrypted',
		);
		await maiagentRequest(ctx, { url: 'messages/' }, policy);
		expect(sent).toEqual(['key']);
	});
});

/**
 * A context whose authenticated request helper does what n8n-core's does (2.8 and 2.41): replace
 * `abortSignal` with the execution's cancel signal, then hand the options to axios, which reads it.
 */
function n8nLikeContext(cancel: AbortSignal) {
	const seen: Array<AbortSignal | undefined> = [];
	const ctx = {
		getNode: () => ({ name: 'MaiAgent' }),
		getCredentials: async () => ({ baseUrl: 'http://127.0.0.1:1/api/v1' }),
		getExecutionCancelSignal: () => cancel,
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				options.abortSignal = cancel;
				seen.push({ ...options }.abortSignal as AbortSignal | undefined);
				return { statusCode: 200, headers: {}, body: {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, seen };
}

describe('the abort signal of a request', () => {
	it.each(['own', 'execution'])(
		'reaches the HTTP client next to the execution cancel signal (%s aborts)',
		async (which) => {
			const own = new AbortController();
			const cancel = new AbortController();
			const { ctx, seen } = n8nLikeContext(cancel.signal);
			await maiagentRequest(ctx, { url: 'x/', signal: own.signal }, { operation: 'Test' });
			const [signal] = seen;
			expect(signal?.aborted).toBe(false);
			(which === 'own' ? own : cancel).abort();
			expect(signal?.aborted).toBe(true);
		},
	);

	it('is left to n8n when the node has none', async () => {
		const cancel = new AbortController();
		const { ctx, seen } = n8nLikeContext(cancel.signal);
		await maiagentRequest(ctx, { url: 'x/' }, { operation: 'Test' });
		expect(seen).toEqual([cancel.signal]);
	});
});
