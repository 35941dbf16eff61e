import * as sandboxModule from '../../sandbox/index.cts';

describe('seed data', () => {
	it('is deterministic between runs', async () => {
		const [a, b] = [await sandboxModule.startSandbox(), await sandboxModule.startSandbox()];
		try {
			expect(a.store.chatbots.map((c) => c.id)).toEqual(b.store.chatbots.map((c) => c.id));
			expect(a.store.chatbots[0]).toMatchObject({
				id: sandboxModule.SEED_CHATBOT_ID,
				name: '客服小幫手',
				apiWebChatId: sandboxModule.SEED_WEB_CHAT_ID,
			});
			expect(a.store.conversations.map((c) => c.id)).toEqual(
				b.store.conversations.map((c) => c.id),
			);
			expect(a.store.messages.map((m) => [m.id, m.content, m.createdAt])).toEqual(
				b.store.messages.map((m) => [m.id, m.content, m.createdAt]),
			);
		} finally {
			await Promise.all([a.stop(), b.stop()]);
		}
	});

	it('default: every assistant with history has chat records from yesterday (Asia/Taipei), as the daily examples read them', async () => {
		const sb = await sandboxModule.startSandbox();
		try {
			const { store } = sb;
			const start = sandboxModule.historyEpoch();
			const end = start + 24 * 3600_000;
			// The day before today in Taipei (UTC+8), whatever the machine's time zone.
			expect(new Date(end + 8 * 3600_000).toISOString().slice(0, 10)).toBe(
				new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
			);
			const withHistory = store.chatbots.filter((c) => store.recordsOf(c.id).length > 0);
			expect(withHistory.length).toBeGreaterThanOrEqual(2);
			for (const chatbot of withHistory) {
				const times = store.recordsOf(chatbot.id).map((r) => Number(r.createdAt));
				expect(times.every((t) => t >= start && t < end)).toBe(true);
			}
		} finally {
			await sb.stop();
		}
	});
});
