/**
 * How long one poll may run. n8n gives a poll no deadline of its own in regular mode (5 minutes by
 * `getPollBudgetMs` in 2.41), but a poll that outlasts the polling interval is failed by the next
 * tick ("No bridge acquired": the tick releases the running poll's expression isolate), and the
 * first poll runs under the activation deadline (0.7 x 120 s in 2.41); a first poll that overruns it
 * leaves the trigger failed for good. So a poll plans for the smallest of: a fixed 20 s, half the
 * shortest gap between its Poll Times when they say (several "custom" times in one minute), the
 * host's budget; 10 s for the first poll in a process (after n8n starts). A pass that needs longer
 * goes on at the next poll.
 */
import type { IPollFunctions } from 'n8n-workflow';

export const POLL_BUDGET_MS = 20_000;
export const FIRST_POLL_BUDGET_MS = 10_000;

interface PollTimeItem {
	mode?: unknown;
	cronExpression?: unknown;
}

/**
 * The shortest gap between two polls that the Poll Times guarantee, when they fire every minute at
 * several fixed seconds (custom cron `S * * * * *` items); undefined otherwise (a minute at least).
 */
export function shortestIntervalMs(pollTimes: unknown): number | undefined {
	const items = (pollTimes as { item?: unknown } | undefined)?.item;
	if (!Array.isArray(items)) return undefined;
	const seconds = new Set<number>();
	for (const item of items as PollTimeItem[]) {
		if (item?.mode !== 'custom' || typeof item.cronExpression !== 'string') continue;
		const fields = item.cronExpression.trim().split(/\s+/);
		if (fields.length !== 6 || fields.slice(1).join(' ') !== '* * * * *') continue;
		if (/^\d+$/.test(fields[0])) seconds.add(Number(fields[0]) % 60);
	}
	if (seconds.size < 2) return undefined;
	const sorted = [...seconds].sort((a, b) => a - b);
	let gap = 60 - sorted[sorted.length - 1] + sorted[0];
	for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
	return gap * 1000;
}

export function budgetFor(options: {
	first: boolean;
	hostBudgetMs?: number;
	pollTimes?: unknown;
}): number {
	const interval = shortestIntervalMs(options.pollTimes);
	return Math.min(
		options.first ? FIRST_POLL_BUDGET_MS : POLL_BUDGET_MS,
		options.hostBudgetMs ?? Infinity,
		interval === undefined ? Infinity : interval / 2,
	);
}

/** Milliseconds the host lets this poll run, when it says (newer n8n versions). */
export function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	return typeof budget === 'number' && budget > 0 ? budget : undefined;
}
