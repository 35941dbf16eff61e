/**
 * Randomized simulations (seeded, replayable). Every injected message must be emitted exactly once.
 *
 * 1. 300 polls against the sandbox while messages arrive with identical timestamps and late (older
 *    `createdAt`, within the lookback), the API fails transiently or for a whole poll, the messages
 *    list switches pagination style, some polls get a tiny budget (backlog passes over several
 *    polls) and the trigger restarts (static data reloaded from JSON).
 * 2. In each of the four list orders (conversations by activity or by creation, messages newest or
 *    oldest first), with small pages: conversations that get a message while a poll walks the
 *    conversation pages (so they move above the page cursor), new conversations during a walk,
 *    messages written while their conversation is read, and gaps between polls longer than the
 *    lookback (a restart, a deactivation, failed polls).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { ListOrder, RecordedRequest } from '../../../../sandbox/index.cts';
import * as fixture from './fixture.cts';

const SEED = 20261124;
const POLLS = 300;
const LOOKBACK_S = 30;
const LOOKBACK_MS = LOOKBACK_S * 1000;
const T0 = Date.UTC(2031, 0, 1);

describe('MaiAgent Trigger simulation', () => {
	const sb = fixture.useTriggerSandbox();

	it(`emits every message exactly once over ${POLLS} polls with faults, late inserts and restarts`, async () => {
		const rng = fixture.prng(SEED);
		const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
		const { store, control } = sb.sandbox;
		const parameters = {
			messageType: 'both',
			options: { lookback: LOOKBACK_S, startAt: new Date(T0).toISOString() },
		};

		let clock = T0;
		let newest = T0;
		let staticData: IDataObject = {};
		const injected = new Set<string>();
		const emitted = new Map<string, number>();
		// A second trigger without lookback: it must still get every message that was not late
		// (identical timestamps included), and never one twice.
		let strictData: IDataObject = {};
		const strictParameters = { ...parameters, options: { ...parameters.options, lookback: 0 } };
		const onTime = new Set<string>();
		const strictEmitted = new Map<string, number>();
		const stats = {
			messages: 0,
			late: 0,
			identical: 0,
			failedPolls: 0,
			transientFaults: 0,
			tinyBudget: 0,
			restarts: 0,
			partialPolls: 0,
		};

		const injectOne = () => {
			const conversations = store.conversations;
			const conversationId =
				conversations.length === 0 || rng() < 0.2 ? undefined : pick(conversations).id;
			const inboxId = conversationId ? undefined : pick(store.inboxes).id;
			const r = rng();
			let createdAt = Math.max(clock, newest);
			if (r < 0.2) {
				createdAt = newest; // the same millisecond as the newest message
				stats.identical++;
			} else if (r < 0.35) {
				createdAt = Math.max(T0, newest - Math.floor(rng() * (LOOKBACK_MS - 1000))); // late insert
				stats.late++;
			}
			const message = control.injectMessage({
				conversationId,
				inboxId,
				createdAt,
				type: rng() < 0.5 ? 'incoming' : 'outgoing',
			});
			injected.add(message.id);
			if (createdAt >= newest) onTime.add(message.id);
			newest = Math.max(newest, createdAt);
			stats.messages++;
		};

		const pollInto = async (
			data: IDataObject,
			params: INodeParameters,
			counts: Map<string, number>,
			pollBudgetMs?: number,
		) => {
			const before = fixture.roundTrip(data);
			try {
				const items = await sb.poll({ staticData: data, parameters: params, pollBudgetMs });
				for (const item of items)
					counts.set(String(item.id), (counts.get(String(item.id)) ?? 0) + 1);
				if ((data.state as IDataObject).pass) stats.partialPolls++;
			} catch (error) {
				stats.failedPolls++;
				expect(String((error as Error).message)).toMatch(
					/MaiAgent Trigger: .* failed: MaiAgent answered 5\d\d/,
				);
				expect(data).toEqual(before); // a failed poll moves nothing
			}
		};
		const poll = async (pollBudgetMs?: number) => {
			await pollInto(staticData, parameters, emitted, pollBudgetMs);
			await pollInto(strictData, strictParameters, strictEmitted, pollBudgetMs);
		};

		for (let step = 0; step < POLLS; step++) {
			clock += Math.floor(rng() * 15_000);
			const arrivals = Math.floor(rng() * 4);
			for (let i = 0; i < arrivals; i++) injectOne();

			const f = rng();
			const route = pick(['conversations/', 'messages/']);
			if (f < 0.08) {
				control.fail({
					route,
					status: pick([500, 502, 503, 504]),
					times: 1 + Math.floor(rng() * 2),
					retryAfter: 0,
				});
				stats.transientFaults++;
			} else if (f < 0.12) {
				control.fail({ route, status: 500, times: 4, retryAfter: 0 }); // beyond the 3 retries
			}
			if (rng() < 0.05) control.setMessagesPagination(rng() < 0.5 ? 'page' : 'cursor');
			if (rng() < 0.1) {
				staticData = fixture.roundTrip(staticData);
				strictData = fixture.roundTrip(strictData);
				stats.restarts++;
			}
			const tiny = rng() < 0.1;
			if (tiny) stats.tinyBudget++;
			await poll(tiny ? 1 : undefined);
		}

		// Calm down: no faults, time moves on, drain whatever is left.
		control.reset();
		for (let i = 0; i < 20; i++) {
			clock += 5000;
			await poll();
		}

		const duplicates = [...emitted.values()].filter((count) => count > 1).length;
		const misses = [...injected].filter((id) => !emitted.has(id)).length;
		const extras = [...emitted.keys()].filter((id) => !injected.has(id)).length;
		console.log(
			`MaiAgent Trigger simulation (seed ${SEED}, ${POLLS} polls): ${JSON.stringify({ ...stats, emitted: emitted.size, duplicates, misses, extras })}`,
		);
		expect({ duplicates, misses, extras }).toEqual({ duplicates: 0, misses: 0, extras: 0 });
		const strict = {
			duplicates: [...strictEmitted.values()].filter((count) => count > 1).length,
			misses: [...onTime].filter((id) => !strictEmitted.has(id)).length,
		};
		console.log(
			`... without lookback: ${JSON.stringify({ onTime: onTime.size, emitted: strictEmitted.size, ...strict })}`,
		);
		expect(strict).toEqual({ duplicates: 0, misses: 0 });
		expect(stats.failedPolls).toBeGreaterThan(0);
		expect(stats.partialPolls).toBeGreaterThan(0);
		expect(stats.late).toBeGreaterThan(0);
		expect(stats.identical).toBeGreaterThan(0);
	}, 1_200_000);
});

const ORDERS: Array<Required<ListOrder>> = [
	{ conversations: 'activity', messages: 'newest' },
	{ conversations: 'activity', messages: 'oldest' },
	{ conversations: 'created', messages: 'newest' },
	{ conversations: 'created', messages: 'oldest' },
];
const WALK_STEPS = 40;
const WALK_CONVERSATIONS = 12;
const WALK_PAGE = 3;

describe.each(ORDERS.map((order, index) => [order.conversations, order.messages, index] as const))(
	'MaiAgent Trigger simulation, conversations by %s, messages %s first',
	(conversationsOrder, messagesOrder, index) => {
		// A sandbox of its own: in an order other than by activity every round reads the whole list.
		const sb = fixture.useTriggerSandbox();

		it('a conversation that moves during a walk, gaps longer than the lookback: every message exactly once', async () => {
			const rng = fixture.prng(SEED + 1 + index);
			const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
			const { store, control, events } = sb.sandbox;
			// Each order gets its own time range, so the data of the previous ones is older than its start.
			const base = T0 + (index + 1) * 30 * 86_400_000;
			control.setListOrder({ conversations: conversationsOrder, messages: messagesOrder });
			control.setMaxPageSize(WALK_PAGE);
			const parameters = {
				messageType: 'both',
				options: { lookback: LOOKBACK_S, startAt: new Date(base).toISOString() },
			};

			let clock = base;
			let newest = base;
			let staticData: IDataObject = {};
			const mine: string[] = [];
			const injected = new Set<string>();
			const emitted = new Map<string, number>();
			const stats = { messages: 0, moved: 0, created: 0, duringRead: 0, gaps: 0, restarts: 0 };

			const inject = (conversationId: string | undefined, createdAt: number) => {
				const message = control.injectMessage({
					conversationId,
					inboxId: conversationId ? undefined : pick(store.inboxes).id,
					createdAt,
					type: rng() < 0.5 ? 'incoming' : 'outgoing',
				});
				if (!conversationId) mine.push(message.conversationId);
				injected.add(message.id);
				newest = Math.max(newest, createdAt);
				stats.messages++;
				return message;
			};
			const onTime = () => {
				newest = Math.max(newest, clock) + 1;
				return newest;
			};
			for (let i = 0; i < WALK_CONVERSATIONS; i++) inject(undefined, onTime());

			// While a poll runs: a request for a later page of conversations moves a conversation to the
			// top (or starts one); a request for messages gets a new one in that conversation.
			// At most three per poll, so the lists stay small.
			let armed = 0;
			const onRequest = (request: RecordedRequest) => {
				if (armed <= 0) return;
				const later = 'cursor' in request.query || 'page' in request.query;
				if (request.path.endsWith('/conversations/') && later && rng() < 0.5) {
					armed--;
					if (rng() < 0.2) {
						inject(undefined, onTime());
						stats.created++;
					} else {
						// Usually one of the least active: the ones the walk has not reached yet.
						const byActivity = store
							.conversationsByActivity((c) => mine.includes(c.id))
							.slice(rng() < 0.7 ? -4 : 0);
						inject(pick(byActivity).id, onTime());
						stats.moved++;
					}
				} else if (request.path.endsWith('/messages/') && rng() < 0.1) {
					armed--;
					inject(request.query.conversation, onTime());
					stats.duringRead++;
				}
			};
			events.on('request', onRequest);

			const poll = async (pollBudgetMs?: number, calm = false) => {
				armed = calm ? 0 : 3;
				try {
					const items = await sb.poll({ staticData, parameters, pollBudgetMs });
					for (const item of items)
						emitted.set(String(item.id), (emitted.get(String(item.id)) ?? 0) + 1);
				} finally {
					armed = 0;
				}
			};

			try {
				for (let step = 0; step < WALK_STEPS; step++) {
					// Usually a few seconds between polls; sometimes a gap of 2-6 lookbacks.
					const gap = rng() < 0.2;
					if (gap) stats.gaps++;
					const span = gap ? LOOKBACK_MS * (2 + Math.floor(rng() * 5)) : 2_000 + rng() * 15_000;
					const arrivals = gap ? 3 + Math.floor(rng() * 6) : Math.floor(rng() * 3);
					for (let i = 0; i < arrivals; i++) {
						clock += Math.floor(span / (arrivals + 1));
						const r = rng();
						if (r < 0.15)
							inject(pick(mine), newest); // the same millisecond as the newest
						else if (r < 0.3)
							inject(pick(mine), Math.max(base, newest - Math.floor(rng() * (LOOKBACK_MS - 1000))));
						else inject(rng() < 0.15 ? undefined : pick(mine), onTime());
					}
					clock += Math.floor(span / (arrivals + 1));
					if (rng() < 0.1) {
						staticData = fixture.roundTrip(staticData);
						stats.restarts++;
					}
					if (rng() < 0.05) control.setMessagesPagination(rng() < 0.5 ? 'page' : 'cursor');
					await poll(rng() < 0.08 ? 1 : undefined);
				}
				// Calm down: nothing arrives any more, drain what is left.
				for (let i = 0; i < 15; i++) {
					clock += 5_000;
					await poll(undefined, true);
				}
			} finally {
				events.off('request', onRequest);
			}

			const duplicates = [...emitted.values()].filter((count) => count > 1).length;
			const misses = [...injected].filter((id) => !emitted.has(id)).length;
			const extras = [...emitted.keys()].filter((id) => !injected.has(id)).length;
			console.log(
				`MaiAgent Trigger walk simulation (${conversationsOrder}/${messagesOrder}, ${WALK_STEPS} polls): ${JSON.stringify({ ...stats, emitted: emitted.size, duplicates, misses, extras })}`,
			);
			expect({ duplicates, misses, extras }).toEqual({ duplicates: 0, misses: 0, extras: 0 });
			expect(stats.moved + stats.created).toBeGreaterThan(0);
			expect(stats.gaps).toBeGreaterThan(0);
		}, 120_000);
	},
);
