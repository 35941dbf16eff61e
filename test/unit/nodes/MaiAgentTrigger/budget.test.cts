/** The poll's time budget: a fixed cap, shorter for the first poll, the host's and the interval's. */
import * as budget from '../../../../nodes/MaiAgentTrigger/budget';

const custom = (...expressions: string[]) => ({
	item: expressions.map((cronExpression) => ({ mode: 'custom', cronExpression })),
});

describe('poll budget', () => {
	it('finds the shortest gap of several fixed seconds in every minute', () => {
		expect(budget.shortestIntervalMs(custom('0 * * * * *', '20 * * * * *', '40 * * * * *'))).toBe(
			20_000,
		);
		expect(budget.shortestIntervalMs(custom('5 * * * * *', '50 * * * * *'))).toBe(15_000);
		// A minute or more between polls, or nothing known.
		expect(budget.shortestIntervalMs(custom('0 * * * * *'))).toBeUndefined();
		expect(budget.shortestIntervalMs({ item: [{ mode: 'everyMinute' }] })).toBeUndefined();
		expect(budget.shortestIntervalMs(custom('0 */5 * * * *', '30 */5 * * * *'))).toBeUndefined();
		expect(budget.shortestIntervalMs(undefined)).toBeUndefined();
	});

	it('takes the smallest of the fixed cap, the host budget and half the interval', () => {
		expect(budget.budgetFor({ first: false })).toBe(budget.POLL_BUDGET_MS);
		expect(budget.budgetFor({ first: true })).toBe(budget.FIRST_POLL_BUDGET_MS);
		expect(budget.budgetFor({ first: false, hostBudgetMs: 5 * 60_000 })).toBe(
			budget.POLL_BUDGET_MS,
		);
		expect(budget.budgetFor({ first: false, hostBudgetMs: 4_000 })).toBe(4_000);
		expect(
			budget.budgetFor({ first: false, pollTimes: custom('0 * * * * *', '10 * * * * *') }),
		).toBe(5_000);
		expect(budget.FIRST_POLL_BUDGET_MS).toBeLessThan(0.7 * 120_000);
		expect(budget.POLL_BUDGET_MS).toBeLessThan(60_000);
	});
});
