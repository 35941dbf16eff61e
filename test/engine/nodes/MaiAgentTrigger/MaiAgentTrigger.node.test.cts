/**
 * MaiAgent Trigger through n8n-core's PollContext against the sandbox: filters, output, manual mode,
 * failures, late inserts, identical timestamps and budgeted backlogs.
 */
import type { IDataObject } from 'n8n-workflow';

import * as fixture from './fixture.cts';

const { roundTrip, useTriggerSandbox } = fixture;

const sb = useTriggerSandbox();

/** A fresh simulated time far above the seed data and above every earlier test's messages. */
let clock = Date.UTC(2030, 0, 1);
const tick = (ms = 1000) => (clock += ms);
const iso = (ms: number) => new Date(ms).toISOString();

/** Static data of a trigger activated at the current simulated time. */
function activatedNow(): IDataObject {
	const now = tick();
	return { state: { origin: 'now', from: now, cursor: now, seen: {} } };
}

function inject(
	options: {
		conversationId?: string;
		inboxId?: string;
		type?: 'incoming' | 'outgoing';
		at?: number;
	} = {},
) {
	const at = options.at ?? tick();
	return sb.sandbox.control.injectMessage({ ...options, createdAt: at, content: `m@${at}` });
}

describe('MaiAgent Trigger', () => {
	it('emits new messages once, oldest first, with conversation, inbox, contact and ISO time', async () => {
		const staticData = activatedNow();
		expect(await sb.poll({ staticData })).toEqual([]);

		const first = inject();
		const second = inject({ conversationId: first.conversationId, type: 'outgoing' });
		const other = inject();
		const items = await sb.poll({ staticData });
		expect(items.map((i) => i.id)).toEqual([first.id, second.id, other.id]);
		const conversation = sb.sandbox.store.conversation(first.conversationId)!;
		const inbox = sb.sandbox.store.inbox(conversation.inboxId)!;
		expect(items[0]).toMatchObject({
			id: first.id,
			conversation: first.conversationId,
			type: 'incoming',
			content: first.content,
			createdAt: first.createdAt,
			createdAtIso: iso(Number(first.createdAt)),
			inbox: { id: inbox.id, name: inbox.name, channelType: inbox.channelType },
			conversationTitle: conversation.title,
		});
		expect(items[0]).toHaveProperty('contact');

		expect(await sb.poll({ staticData: roundTrip(staticData) })).toEqual([]);
		expect(await sb.poll({ staticData })).toEqual([]);
	});

	it('filters by message type, inbox, AI assistant and single conversation', async () => {
		const { store } = sb.sandbox;
		const [botA, botB] = store.chatbots;
		const inboxA = store.inboxes.find((i) => i.chatbotId === botA.id)!;
		const inboxB = store.inboxes.find((i) => i.chatbotId === botB.id)!;
		const states = {
			users: activatedNow(),
			assistant: activatedNow(),
			inbox: activatedNow(),
			chatbot: activatedNow(),
			conversation: activatedNow(),
		};
		const a1 = inject({ inboxId: inboxA.id });
		const a2 = inject({ conversationId: a1.conversationId, type: 'outgoing' });
		const b1 = inject({ inboxId: inboxB.id });
		const b2 = inject({ conversationId: b1.conversationId, type: 'outgoing' });
		const ids = (items: IDataObject[]) => items.map((i) => i.id);

		expect(
			ids(await sb.poll({ staticData: states.users, parameters: { messageType: 'incoming' } })),
		).toEqual([a1.id, b1.id]);
		expect(
			ids(await sb.poll({ staticData: states.assistant, parameters: { messageType: 'outgoing' } })),
		).toEqual([a2.id, b2.id]);
		expect(
			ids(
				await sb.poll({
					staticData: states.inbox,
					parameters: { source: 'inboxes', inboxes: [inboxB.id] },
				}),
			),
		).toEqual([b1.id, b2.id]);
		expect(
			ids(
				await sb.poll({
					staticData: states.chatbot,
					parameters: { source: 'chatbots', chatbots: [botA.id] },
				}),
			),
		).toEqual([a1.id, a2.id]);
		const only = {
			options: { conversation: { __rl: true, mode: 'id', value: b1.conversationId } },
		};
		expect(ids(await sb.poll({ staticData: states.conversation, parameters: only }))).toEqual([
			b1.id,
			b2.id,
		]);
	});

	it('catches late inserts within the lookback and identical timestamps, each once', async () => {
		const staticData = activatedNow();
		const parameters = { options: { lookback: 30 } };
		const a = inject();
		expect((await sb.poll({ staticData, parameters })).map((i) => i.id)).toEqual([a.id]);

		// Same millisecond as `a`, in another conversation; and a late one, 20 s older than the newest.
		const twin = inject({ at: Number(a.createdAt) });
		const b = inject({ at: tick(40_000) });
		const late = inject({ conversationId: a.conversationId, at: clock - 20_000 });
		expect((await sb.poll({ staticData, parameters })).map((i) => i.id)).toEqual([
			twin.id,
			late.id,
			b.id,
		]);
		expect(await sb.poll({ staticData: roundTrip(staticData), parameters })).toEqual([]);

		// Bounded dedupe set: only the IDs inside the window are kept.
		const seen = Object.keys((staticData.state as IDataObject).seen as IDataObject);
		expect(seen.sort()).toEqual([b.id, late.id].sort());
	});

	it('with no lookback still catches a message at the cursor timestamp', async () => {
		const staticData = activatedNow();
		const parameters = { options: { lookback: 0 } };
		const a = inject();
		expect((await sb.poll({ staticData, parameters })).map((i) => i.id)).toEqual([a.id]);
		const twin = inject({ conversationId: a.conversationId, at: Number(a.createdAt) });
		expect((await sb.poll({ staticData, parameters })).map((i) => i.id)).toEqual([twin.id]);
		expect((staticData.state as IDataObject).seen).toEqual({
			[a.id]: Number(a.createdAt),
			[twin.id]: Number(a.createdAt),
		});
	});

	it('manual mode returns the latest matching message and moves nothing', async () => {
		const staticData = activatedNow();
		await sb.poll({ staticData });
		const before = roundTrip(staticData);
		const older = inject({ type: 'incoming' });
		inject({ conversationId: older.conversationId, type: 'outgoing' });
		const items = await sb.poll({
			staticData,
			mode: 'manual',
			parameters: { messageType: 'incoming' },
		});
		expect(items.map((i) => i.id)).toEqual([older.id]);
		expect(staticData).toEqual(before);
		// The trigger still emits both afterwards.
		expect(await sb.poll({ staticData })).toHaveLength(2);
	});

	it('a failed poll emits nothing and moves nothing; the next one catches up', async () => {
		const staticData = activatedNow();
		await sb.poll({ staticData });
		const message = inject();
		const before = roundTrip(staticData);
		sb.sandbox.control.fail({ route: 'messages/', status: 500, times: 10, retryAfter: 0 });
		await expect(sb.poll({ staticData })).rejects.toThrow(
			/list the messages of a conversation failed: MaiAgent answered 500/,
		);
		expect(staticData).toEqual(before);
		sb.sandbox.control.reset();
		expect((await sb.poll({ staticData })).map((i) => i.id)).toEqual([message.id]);
	});

	it('retries transient server errors within the poll', async () => {
		const staticData = activatedNow();
		const message = inject();
		sb.sandbox.control.fail({ route: 'conversations/', status: 502, times: 2, retryAfter: 0 });
		expect((await sb.poll({ staticData })).map((i) => i.id)).toEqual([message.id]);
	});

	it('says clearly when the API key is rejected', async () => {
		const staticData = activatedNow();
		const before = roundTrip(staticData);
		const failure = sb.poll({ staticData, apiKey: 'wrong-key' });
		await expect(failure).rejects.toThrow(/list conversations failed: MaiAgent answered 401/);
		await expect(failure).rejects.toMatchObject({
			description: expect.stringMatching(/API key was rejected/),
		});
		expect(staticData).toEqual(before);
	});

	it('first activation starts from now unless a start time is set', async () => {
		const past = inject({ at: tick() });
		const fromNow: IDataObject = {};
		// "now" is the host clock, far below the simulated 2030 clock: use a start time instead.
		expect(await sb.poll({ staticData: fromNow })).toEqual(
			// Messages in the simulated future are above the host's "now": they are new.
			expect.arrayContaining([expect.objectContaining({ id: past.id })]),
		);
		const fromStart: IDataObject = {};
		const startAt = iso(Number(past.createdAt) + 1);
		expect(await sb.poll({ staticData: fromStart, parameters: { options: { startAt } } })).toEqual(
			[],
		);
		const next = inject();
		expect(
			(await sb.poll({ staticData: fromStart, parameters: { options: { startAt } } })).map(
				(i) => i.id,
			),
		).toEqual([next.id]);
	});

	it('drains a backlog over several polls within the budget, exactly once', async () => {
		const startAt = iso(tick());
		const injected = new Set<string>();
		for (let c = 0; c < 12; c++) {
			const first = inject();
			injected.add(first.id);
			for (let m = 0; m < 3; m++) injected.add(inject({ conversationId: first.conversationId }).id);
		}
		sb.sandbox.control.setLatency('messages/', 20);
		let staticData: IDataObject = {};
		const emitted: string[] = [];
		let polls = 0;
		do {
			const items = await sb.poll({
				staticData,
				pollBudgetMs: 100,
				parameters: { options: { startAt } },
			});
			staticData = roundTrip(staticData);
			emitted.push(...items.map((i) => String(i.id)));
			polls++;
		} while ((staticData.state as IDataObject).pass && polls < 50);
		expect(polls).toBeGreaterThan(1);
		expect(emitted.length).toBe(new Set(emitted).size);
		expect(new Set(emitted)).toEqual(injected);
	});

	it('keeps what a poll read when a later request fails for good, and goes on from there', async () => {
		const staticData = activatedNow();
		await sb.poll({ staticData });
		const first = inject();
		const second = inject();
		let reads = 0;
		// Armed as the first read arrives: a fault applies to the requests after it, the second on.
		const failSecondRead = (request: { path: string }) => {
			if (request.path.endsWith('/messages/') && ++reads === 1)
				sb.sandbox.control.fail({ route: 'messages/', status: 500, times: 10, retryAfter: 0 });
		};
		sb.sandbox.events.on('request', failSecondRead);
		try {
			expect((await sb.poll({ staticData })).map((i) => i.id)).toEqual([first.id]);
		} finally {
			sb.sandbox.events.off('request', failSecondRead);
		}
		expect((staticData.state as IDataObject).pass).toBeDefined();
		sb.sandbox.control.reset();
		expect((await sb.poll({ staticData: roundTrip(staticData) })).map((i) => i.id)).toEqual([
			second.id,
		]);
	});

	it('reads a long conversation over several polls from where each stopped (oldest first, small pages)', async () => {
		const startAt = iso(tick());
		const first = inject();
		const injected = [first.id];
		for (let m = 0; m < 6; m++) injected.push(inject({ conversationId: first.conversationId }).id);
		sb.sandbox.control.setListOrder({ messages: 'oldest' });
		sb.sandbox.control.setMaxPageSize(2);
		let staticData: IDataObject = {};
		const emitted: string[] = [];
		let resumed = 0;
		for (let polls = 0; polls < 20; polls++) {
			const items = await sb.poll({
				staticData,
				pollBudgetMs: 1,
				parameters: { options: { startAt } },
			});
			staticData = roundTrip(staticData);
			emitted.push(...items.map((i) => String(i.id)));
			const pass = (staticData.state as IDataObject).pass as IDataObject | undefined;
			if (pass?.resume) resumed++;
			if (!pass && emitted.length === injected.length) break;
		}
		expect(resumed).toBeGreaterThan(1);
		expect(emitted).toEqual(injected);
	});
});
