import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { maiagentRequest } from '../../../../../nodes/MaiAgent/shared/transport';

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
