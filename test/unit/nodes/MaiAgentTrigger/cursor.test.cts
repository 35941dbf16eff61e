import type { IDataObject } from 'n8n-workflow';

import * as cursorModule from '../../../../nodes/MaiAgentTrigger/cursor';
import type { TriggerState } from '../../../../nodes/MaiAgentTrigger/cursor';

const {
	completePass,
	isNewestFirst,
	loadState,
	partialPass,
	saveState,
	selectNew,
	sortOldestFirst,
} = cursorModule;

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
	it('starts fresh at the start time, and survives a JSON round trip', () => {
		const data: IDataObject = {};
		const fresh = loadState(data, 'now', 5000);
		expect(fresh).toEqual({ origin: 'now', from: 5000, cursor: 5000, seen: {} });
		saveState(data, { ...fresh, seen: { a: 5000 }, pass: { horizon: 6000, done: ['c1'] } });
		const reloaded = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(loadState(reloaded, 'now', 9999)).toEqual({
			origin: 'now',
			from: 5000,
			cursor: 5000,
			seen: { a: 5000 },
			pass: { horizon: 6000, done: ['c1'] },
		});
	});

	it('keeps where a pass stopped (walk, half-read conversation) and the learned list order', () => {
		const data: IDataObject = {};
		const pass = {
			horizon: 6000,
			done: ['c1'],
			resume: { conversation: 'c2', next: 'https://x/api/v1/messages/?cursor=abc' },
			walk: { round: 2, next: 'https://x/api/v1/conversations/?cursor=def', found: true },
		};
		saveState(data, { origin: 'now', from: 1, cursor: 1, seen: {}, pass, byActivity: true });
		const reloaded = loadState(JSON.parse(JSON.stringify(data)) as IDataObject, 'now', 0);
		expect(reloaded).toEqual({
			origin: 'now',
			from: 1,
			cursor: 1,
			seen: {},
			pass,
			byActivity: true,
		});
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

	it('starts over when the start option changed or the stored state is unreadable', () => {
		const data: IDataObject = { state: { origin: 'now', from: 1, cursor: 1, seen: {} } };
		expect(loadState(data, '2026-01-01T00:00:00Z', 42).from).toBe(42);
		expect(loadState({ state: { origin: 'now', from: 'x' } }, 'now', 7).from).toBe(7);
	});

	it('does not share objects with the stored state (a failed poll leaves it untouched)', () => {
		const data: IDataObject = { state: { origin: 'now', from: 1, cursor: 1, seen: { a: 1 } } };
		const loaded = loadState(data, 'now', 0);
		loaded.seen.b = 2;
		expect((data.state as IDataObject).seen).toEqual({ a: 1 });
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
