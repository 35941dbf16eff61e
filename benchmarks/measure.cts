/** Small measuring tools shared by the benchmarks: medians after a warm-up, and peak RSS. */
import { performance } from 'node:perf_hooks';

export interface Timed<T> {
	ms: number;
	value: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
	const started = performance.now();
	const value = await work();
	return { ms: performance.now() - started, value };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Runs `a` and `b` alternately (`warmup` discarded rounds, then `runs` measured ones) so both see the
 * same machine state, and answers their median times and the ratio a / b.
 */
export async function compare(
	a: () => Promise<unknown>,
	b: () => Promise<unknown>,
	{ runs = 5, warmup = 1 } = {},
): Promise<{ aMs: number; bMs: number; ratio: number }> {
	const aTimes: number[] = [];
	const bTimes: number[] = [];
	for (let round = 0; round < warmup + runs; round++) {
		const ta = await timed(a);
		const tb = await timed(b);
		if (round >= warmup) {
			aTimes.push(ta.ms);
			bTimes.push(tb.ms);
		}
	}
	const aMs = median(aTimes);
	const bMs = median(bTimes);
	return { aMs, bMs, ratio: aMs / bMs };
}

/** Peak resident set size (MB) while `work` runs, sampled every 5 ms. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ mb: number; value: T }> {
	let peak = process.memoryUsage.rss();
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 5);
	try {
		const value = await work();
		peak = Math.max(peak, process.memoryUsage.rss());
		return { mb: peak / 2 ** 20, value };
	} finally {
		clearInterval(sampler);
	}
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
