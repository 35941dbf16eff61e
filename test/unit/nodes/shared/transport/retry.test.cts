import { MaiAgentHttpFailure } from '../../../../../nodes/shared/transport/errors';
import {
	parseRetryAfter,
	retryDelay,
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

	it('waits out Retry-After, then returns the first success', async () => {
		jest.useFakeTimers();
		try {
			let calls = 0;
			const result = withRetry(node, 'GET', { operation: 'Op' }, async () => {
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
