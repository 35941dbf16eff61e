/**
 * Request cost at 10,000 seeded conversations (50,000 messages): an idle poll is O(1), a poll with
 * k new messages in c conversations is O(c).
 */
import type { IDataObject } from 'n8n-workflow';
import * as fixture from './fixture.cts';
import * as measure from '../../../../scripts/lib/measure-poll.cts';

const sb = fixture.useTriggerSandbox({ seed: { conversations: 10_000, messages: 50_000 } });

/** k messages spread over c distinct seeded conversations, all newer than anything so far. */
function injectSpread(k: number, c: number, base: number, offset: number): void {
	const { store, control } = sb.sandbox;
	const conversations = store.conversations.filter((_, i) => i % 300 === offset).slice(0, c);
	for (let i = 0; i < k; i++)
		control.injectMessage({ conversationId: conversations[i % c].id, createdAt: base + i });
}

describe('MaiAgent Trigger at 10,000 conversations', () => {
	it('idle polls cost one request; new messages cost one request per conversation', async () => {
		const withLookback: IDataObject = {};
		const noLookback: IDataObject = {};
		const lookback0 = { options: { lookback: 0 } };
		// The seed's conversations are active in the order they were created, which looks like a list
		// by creation: an old conversation with a recent (pre-start) message shows the activity order.
		const { store, control } = sb.sandbox;
		const oldest = store.conversations.reduce((a, b) =>
			Number(a.createdAt) <= Number(b.createdAt) ? a : b,
		);
		const newestActivity = Math.max(
			...store.conversations.map((c) => Number(c.lastMessageCreatedAt ?? 0)),
		);
		control.injectMessage({ conversationId: oldest.id, createdAt: newestActivity + 1 });

		const activation = await measure.measurePoll(sb.sandbox, { staticData: withLookback });
		await measure.measurePoll(sb.sandbox, { staticData: noLookback, parameters: lookback0 });
		expect(activation.requests).toBe(1);

		const idle = await measure.measurePoll(sb.sandbox, { staticData: withLookback });
		expect(idle).toMatchObject({ requests: 1, items: 0 });

		// k = 20 new messages in c = 5 conversations: 1 list page + 1 messages page per conversation.
		const base = Date.now() + 1000;
		injectSpread(20, 5, base, 7);
		const busy = await measure.measurePoll(sb.sandbox, { staticData: withLookback });
		expect(busy).toMatchObject({ requests: 1 + 5, items: 20 });
		expect(
			(await measure.measurePoll(sb.sandbox, { staticData: noLookback, parameters: lookback0 }))
				.items,
		).toBe(20);

		// Idle again. Without lookback only the conversation at the cursor's timestamp is re-read
		// (a message with the same millisecond may still land there): at most 2 requests. With the
		// lookback window, each conversation active within it is re-read: 1 + 5.
		const idleNoLookback = await measure.measurePoll(sb.sandbox, {
			staticData: noLookback,
			parameters: lookback0,
		});
		expect(idleNoLookback.requests).toBeLessThanOrEqual(2);
		expect(idleNoLookback.items).toBe(0);
		const idleInWindow = await measure.measurePoll(sb.sandbox, { staticData: withLookback });
		expect(idleInWindow).toMatchObject({ requests: 1 + 5, items: 0 });

		// O(c): 60 messages in 30 conversations, plus the conversation at the previous cursor.
		injectSpread(60, 30, base + 100, 11);
		const wide = await measure.measurePoll(sb.sandbox, {
			staticData: noLookback,
			parameters: lookback0,
		});
		expect(wide.items).toBe(60);
		expect(wide.requests).toBe(1 + 30 + 1);

		console.log(
			`MaiAgent Trigger @10k conversations: idle poll ${idle.requests} request(s) in ${idle.ms.toFixed(1)} ms; ` +
				`idle without lookback after activity ${idleNoLookback.requests} (${idleNoLookback.ms.toFixed(1)} ms); ` +
				`k=20/c=5 ${busy.requests} requests (${busy.ms.toFixed(1)} ms); k=60/c=30 ${wide.requests} requests (${wide.ms.toFixed(1)} ms)`,
		);
	}, 120_000);
});
