import { NodeApiError } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

import { MaiAgentApi } from '../../../../../credentials/MaiAgentApi.credentials';

import {
	describeErrorBody,
	maiagentRequest,
	MaiAgentHttpFailure,
	normalizeBaseUrl,
	parseRetryAfter,
	resolveUrl,
	retryDelay,
	toNodeApiError,
	withRetry,
} from '../../../../../nodes/MaiAgent/shared/transport';

const node: INode = {
	id: '1',
	name: 'MaiAgent',
	type: 'n8n-nodes-maiagent.maiAgent',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('base URL and request URLs', () => {
	it.each([
		['https://api.maiagent.ai/api/v1', 'https://api.maiagent.ai/api/v1'],
		['https://api.maiagent.ai/api/v1/', 'https://api.maiagent.ai/api/v1'],
		['  https://tenant.example/api/v1/// ', 'https://tenant.example/api/v1'],
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

describe('Retry-After', () => {
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter('0.5')).toBe(500);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('retry decisions', () => {
	const failure = (status: number, headers = {}) =>
		new MaiAgentHttpFailure(status, { detail: 'x' }, headers);

	it('retries 429 and 503 for any method, honouring Retry-After', () => {
		expect(retryDelay(failure(429, { 'retry-after': '3' }), 'POST', 0)).toBe(3000);
		expect(retryDelay(failure(503), 'POST', 1)).toBe(1000);
	});

	it('retries other 5xx and dropped connections only for reads', () => {
		expect(retryDelay(failure(500), 'GET', 0)).toBe(500);
		expect(retryDelay(failure(500), 'POST', 0)).toBeUndefined();
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(retryDelay(reset, 'GET', 2)).toBe(2000);
		expect(retryDelay(reset, 'POST', 0)).toBeUndefined();
	});

	it('never retries client errors', () => {
		for (const status of [400, 401, 403, 404])
			expect(retryDelay(failure(status), 'GET', 0)).toBeUndefined();
	});

	it('stops after maxRetries and reports the last failure', async () => {
		let calls = 0;
		const attempt = async () => {
			calls++;
			throw failure(503, { 'retry-after': '0' });
		};
		await expect(
			withRetry(node, 'GET', { operation: 'Get a message', maxRetries: 2 }, attempt),
		).rejects.toThrow('Get a message failed: MaiAgent answered 503 - x');
		expect(calls).toBe(3);
	});

	it('fails at once when Retry-After exceeds the longest wait', async () => {
		let calls = 0;
		const attempt = async () => {
			calls++;
			throw failure(429, { 'retry-after': '120' });
		};
		await expect(
			withRetry(node, 'GET', { operation: 'Op', maxDelayMs: 1000 }, attempt),
		).rejects.toThrow(/429/);
		expect(calls).toBe(1);
	});

	it('returns the first success', async () => {
		let calls = 0;
		const result = await withRetry(node, 'GET', { operation: 'Op' }, async () => {
			calls++;
			if (calls === 1) throw failure(429, { 'retry-after': '0' });
			return 'ok';
		});
		expect(result).toBe('ok');
		expect(calls).toBe(2);
	});
});

describe('errors', () => {
	it('describes DRF bodies: detail, field maps, JSON in buffers', () => {
		expect(describeErrorBody({ detail: 'Not found.' })).toBe('Not found.');
		expect(
			describeErrorBody({ content: ['This field is required.'], webChat: ['Invalid pk.'] }),
		).toBe('content: This field is required.; webChat: Invalid pk.');
		expect(describeErrorBody(Buffer.from('{"detail":"Invalid API key."}'))).toBe(
			'Invalid API key.',
		);
		expect(describeErrorBody({ non_field_errors: ['Bad.'] })).toBe('Bad.');
	});

	it('summarises a body that is not JSON (a proxy page) as status text and a plain excerpt', () => {
		const page =
			'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
		const error = toNodeApiError(node, new MaiAgentHttpFailure(502, Buffer.from(page), {}), {
			operation: 'Get a conversation',
		});
		expect(error.message).toBe('Get a conversation failed: MaiAgent answered 502 Bad Gateway');
		expect(error.message).not.toContain('<');
		expect(describeErrorBody('<div><p>Upstream   timed\nout</p><script>x()</script></div>')).toBe(
			'Upstream timed out',
		);
		const long = describeErrorBody(`<p>${'word '.repeat(100)}</p>`)!;
		expect(long.length).toBeLessThanOrEqual(120);
		expect(long.endsWith('…')).toBe(true);
		const unknown = toNodeApiError(node, new MaiAgentHttpFailure(500, 'Something broke', {}), {
			operation: 'Op',
		});
		expect(unknown.message).toBe(
			'Op failed: MaiAgent answered 500 Internal Server Error - Something broke',
		);
	});

	it('names operation, status and detail', () => {
		const error = toNodeApiError(node, new MaiAgentHttpFailure(404, { detail: 'Not found.' }, {}), {
			operation: 'Get a conversation',
			itemIndex: 2,
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Get a conversation failed: MaiAgent answered 404 - Not found.');
		expect((error as NodeApiError).httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(2);
	});

	it('reports unreachable hosts without the request (so without the key)', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED'), {
			code: 'ECONNREFUSED',
			config: { headers: { Authorization: 'Api-Key secret-key' } },
		});
		const error = toNodeApiError(node, cause, { operation: 'Op' });
		expect(error.message).toBe('Op failed: could not reach MaiAgent');
		expect(error.description).toContain('ECONNREFUSED');
		expect(JSON.stringify(error)).not.toContain('secret-key');
	});
});

describe('credentials per execution', () => {
	it('loads the credential once per context and hands it to every request', async () => {
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
});

describe('credential authenticate', () => {
	it('adds the Api-Key header and keeps the other headers and options', async () => {
		const options: IHttpRequestOptions = { url: 'x', headers: { Accept: 'application/json' } };
		const authenticated = await new MaiAgentApi().authenticate(
			{ apiKey: 'secret', baseUrl: 'b' },
			options,
		);
		expect(authenticated).toEqual({
			url: 'x',
			headers: { Accept: 'application/json', Authorization: 'Api-Key secret' },
		});
		expect(options.headers).toEqual({ Accept: 'application/json' });
	});
});
