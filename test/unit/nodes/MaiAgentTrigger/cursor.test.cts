import type { IDataObject } from 'n8n-workflow';

import * as cursorModule from '../../../../nodes/MaiAgentTrigger/cursor';
import type { TriggerState } from '../../../../nodes/MaiAgentTrigger/cursor';

const { completePass, isNewestFirst, partialPass, restoreState, selectNew, sortOldestFirst } =
	cursorModule;

const msg = (id: string, at: number, type = 'incoming'): IDataObject => ({
	id,
	createdAt: String(at),
	type,
});
const state = (over: Partial<TriggerState> = {}): TriggerState => ({
	origin: 'now',
	from: 1000,
	cursor: 1000,
	seen: {},
	...over,
});
const ids = (messages: IDataObject[]) => messages.map((m) => m.id);

describe('state in static data', () => {
	const roundTrip = (state: TriggerState): unknown => JSON.parse(JSON.stringify(state));

	it('survives a JSON round trip, with no empty keys', () => {
		expect(restoreState(undefined, 'now')).toBeUndefined();
		const saved = roundTrip(state({ seen: { a: 5000 }, pass: { horizon: 6000, done: ['c1'] } }));
		const restored = restoreState(saved, 'now');
		expect(restored).toEqual({
			origin: 'now',
			from: 1000,
			cursor: 1000,
			seen: { a: 5000 },
			pass: { horizon: 6000, done: ['c1'] },
		});
		expect(Object.keys(restoreState(roundTrip(state()), 'now')!)).toEqual([
			'origin',
			'from',
			'cursor',
			'seen',
		]);
	});

	it('keeps where a pass stopped (walk, half-read conversation) and the learned list order', () => {
		const pass = {
			horizon: 6000,
			done: ['c1'],
			resume: { conversation: 'c2', next: 'https://x/api/v1/messages/?cursor=abc' },
			walk: { round: 2, next: 'https://x/api/v1/conversations/?cursor=def', found: true },
		};
		const saved = { origin: 'now', from: 1, cursor: 1, seen: {}, pass, byActivity: true };
		const reloaded = restoreState(roundTrip(saved), 'now')!;
		expect(reloaded).toEqual(saved);
		// A complete pass drops the pass and keeps what was learned of the order.
		expect(completePass(reloaded, 7000, [], 0)).toEqual({
			origin: 'now',
			from: 7000,
			cursor: 7000,
			seen: {},
			byActivity: true,
		});
		expect(partialPass(reloaded, { horizon: 6000, emitted: [], read: ['c2'] }).pass).toEqual({
			horizon: 6000,
			done: ['c1', 'c2'],
		});
	});

	it('does not apply when the start option changed or the saved state is unreadable', () => {
		const saved = { origin: 'now', from: 1, cursor: 1, seen: {} };
		expect(restoreState(saved, '2026-01-01T00:00:00Z')).toBeUndefined();
		expect(restoreState({ origin: 'now', from: 'x' }, 'now')).toBeUndefined();
	});

	it('does not share objects with the saved state (a failed poll leaves it untouched)', () => {
		const saved = { origin: 'now', from: 1, cursor: 1, seen: { a: 1 } };
		restoreState(saved, 'now')!.seen.b = 2;
		expect(saved.seen).toEqual({ a: 1 });
	});
});

describe('selecting new messages', () => {
	it('keeps the window [from, horizon], the wanted type, and drops what was emitted', () => {
		const messages = [
			msg('old', 999),
			msg('edge', 1000),
			msg('seen', 1000),
			msg('mid', 1500, 'outgoing'),
			msg('late', 2001),
			msg('edge', 1000),
		];
		const current = state({ seen: { seen: 1000 } });
		expect(ids(selectNew(messages, current, 2000, 'both'))).toEqual(['edge', 'mid']);
		expect(ids(selectNew(messages, current, 2000, 'incoming'))).toEqual(['edge']);
		expect(ids(selectNew(messages, current, 2000, 'outgoing'))).toEqual(['mid']);
	});

	it('orders oldest first, identical timestamps by id', () => {
		expect(ids(sortOldestFirst([msg('b', 2), msg('c', 1), msg('a', 2)]))).toEqual(['c', 'a', 'b']);
	});
});

describe('moving the window', () => {
	it('with no lookback keeps exactly the IDs at the cursor timestamp', () => {
		const next = completePass(
			state({ seen: { x: 1000 } }),
			2000,
			[msg('a', 1500), msg('b', 2000), msg('c', 2000)],
			0,
		);
		expect(next).toEqual({ origin: 'now', from: 2000, cursor: 2000, seen: { b: 2000, c: 2000 } });
	});

	it('with a lookback keeps the IDs of the window, bounded by it', () => {
		const next = completePass(
			state({ seen: { x: 1000 } }),
			5000,
			[msg('a', 3500), msg('b', 4200)],
			1000,
		);
		expect(next).toEqual({ origin: 'now', from: 4000, cursor: 5000, seen: { b: 4200 } });
	});

	it('never moves backwards (first activation from "now" above every message)', () => {
		const next = completePass(state({ from: 9000, cursor: 9000 }), 5000, [], 1000);
		expect(next).toMatchObject({ from: 9000, cursor: 9000 });
	});

	it('a partial pass keeps the window and grows the dedupe set and the done list', () => {
		const current = state({ seen: { x: 1000 }, pass: { horizon: 3000, done: ['c1'] } });
		const next = partialPass(current, {
			horizon: 3000,
			emitted: [msg('a', 2000)],
			read: ['c2', 'c1'],
		});
		expect(next).toEqual({
			origin: 'now',
			from: 1000,
			cursor: 1000,
			seen: { x: 1000, a: 2000 },
			pass: { horizon: 3000, done: ['c1', 'c2'] },
		});
		// ...and completing it clears the pass.
		expect(completePass(next, 3000, [], 0)).toEqual({
			origin: 'now',
			from: 3000,
			cursor: 3000,
			seen: {},
		});
	});
});

describe('ordering check', () => {
	it('accepts newest first with ties and gaps, rejects any increase', () => {
		expect(isNewestFirst([5, 5, undefined, 3, 1])).toBe(true);
		expect(isNewestFirst([])).toBe(true);
		expect(isNewestFirst([5, 3, 4])).toBe(false);
	});
});
