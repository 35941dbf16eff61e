import { MaiAgentHttpFailure } from '../../../../../nodes/shared/transport/errors';
import {
	outcomeUnknown,
	parseRetryAfter,
	retryDelay,
	safeToRepeat,
	withRetry,
} from '../../../../../nodes/shared/transport/retry';
import { maiAgentNode } from '../../../../helpers/node.cts';

const node = maiAgentNode;

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
		expect(retryDelay(failure(429, { 'retry-after': '3' }), false, 0)).toBe(3000);
		expect(retryDelay(failure(503), false, 1)).toBe(1000);
	});

	it('retries other 5xx and dropped connections only for requests safe to repeat', () => {
		expect(retryDelay(failure(500), true, 0)).toBe(500);
		expect(retryDelay(failure(502), false, 0)).toBeUndefined();
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(retryDelay(reset, true, 2)).toBe(2000);
		expect(retryDelay(reset, false, 0)).toBeUndefined();
		// Refused: the request never reached MaiAgent, so even a create may go again.
		const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
		expect(retryDelay(refused, false, 0)).toBe(500);
	});

	it('knows when a failure leaves open whether the request was carried out', () => {
		expect([500, 502, 504].map((s) => outcomeUnknown(failure(s)))).toEqual([true, true, true]);
		expect([429, 503, 404].map((s) => outcomeUnknown(failure(s)))).toEqual([false, false, false]);
		expect(outcomeUnknown(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
		expect(outcomeUnknown(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
	});

	it('never retries client errors', () => {
		for (const status of [400, 401, 403, 404])
			expect(retryDelay(failure(status), true, 0)).toBeUndefined();
	});

	it('stops after maxRetries and reports the last failure', async () => {
		let calls = 0;
		const attempt = async () => {
			calls++;
			throw failure(503, { 'retry-after': '0' });
		};
		await expect(
			withRetry(node, true, { operation: 'Get a message', maxRetries: 2 }, attempt),
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
			withRetry(node, true, { operation: 'Op', maxDelayMs: 1000 }, attempt),
		).rejects.toThrow(/429/);
		expect(calls).toBe(1);
	});

	it('waits out Retry-After, then returns the first success', async () => {
		jest.useFakeTimers();
		try {
			let calls = 0;
			const result = withRetry(node, true, { operation: 'Op' }, async () => {
				if (++calls === 1) throw failure(429, { 'retry-after': '2' });
				return 'ok';
			});
			await jest.advanceTimersByTimeAsync(1999);
			expect(calls).toBe(1);
			await jest.advanceTimersByTimeAsync(1);
			await expect(result).resolves.toBe('ok');
			expect(calls).toBe(2);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('which requests are safe to repeat', () => {
	const kb = 'knowledge-bases/3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';
	const file = `${kb}/files/0e0e0e0e-0000-4000-8000-00000000dead/`;
	it.each([
		['GET', `${kb}/files/`, true],
		['HEAD', `${kb}/files/`, true],
		['PUT', `${kb}/faqs/0e0e0e0e-0000-4000-8000-00000000dead/`, true],
		['DELETE', file, true],
		['POST', 'upload-presigned-url/', true],
		['POST', `${kb}/files/batch-delete/`, true],
		['POST', `${kb}/faqs/batch-delete/`, true],
		['POST', `${kb}/search/`, true],
		['PATCH', `${file}update-metadata/`, true],
		['PATCH', 'contacts/0e0e0e0e-0000-4000-8000-00000000dead/', true],
		['POST', `${kb}/files/`, false],
		['POST', `${kb}/faqs/`, false],
		['POST', 'contacts/', false],
		['POST', 'messages/', false],
		['PATCH', `${kb}/files/batch-reparse/`, false],
	])('%s %s: %s', (method, url, safe) => {
		expect(safeToRepeat({ method, url })).toBe(safe);
	});

	it('a request can declare itself', () => {
		expect(safeToRepeat({ method: 'POST', url: 'x/', idempotent: true })).toBe(true);
		expect(safeToRepeat({ method: 'DELETE', url: 'x/', idempotent: false })).toBe(false);
	});
});
