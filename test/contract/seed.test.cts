import * as sandboxModule from '../../sandbox/index.cts';
import * as helpers from './helpers.cts';

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

	it('default: chatbots with API web chats, web/line/telegram inboxes, history, contacts, records', async () => {
		const sb = await sandboxModule.startSandbox();
		try {
			const { store } = sb;
			expect(store.chatbots.length).toBeGreaterThanOrEqual(2);
			for (const chatbot of store.chatbots)
				expect(store.inboxOfWebChat(chatbot.apiWebChatId)?.chatbotId).toBe(chatbot.id);
			expect(new Set(store.inboxes.map((i) => i.channelType))).toEqual(
				new Set(['web', 'line', 'telegram']),
			);
			expect(new Set(store.conversations.map((c) => c.inboxId)).size).toBeGreaterThanOrEqual(4);
			expect(store.messages.length).toBeGreaterThan(20);
			expect(store.contacts.length).toBeGreaterThanOrEqual(6);
			expect(store.records.length).toBe(store.messages.filter((m) => m.type === 'outgoing').length);
			expect(store.messages.every((m) => /^\d{13}$/.test(m.createdAt))).toBe(true);
		} finally {
			await sb.stop();
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

	it('empty: configuration only', async () => {
		const sb = await sandboxModule.startSandbox({ seed: 'empty' });
		try {
			expect(sb.store.chatbots.length).toBe(3);
			expect(sb.store.conversations).toHaveLength(0);
			expect((await helpers.call(sb, 'GET', 'conversations/')).json).toEqual({
				next: null,
				previous: null,
				results: [],
			});
		} finally {
			await sb.stop();
		}
	});

	// How fast it builds is a figure for benchmarks, not a test on a machine of unknown load.
	it('scale: 10,000 conversations and 50,000 messages, pageable', async () => {
		const sb = await sandboxModule.startSandbox({
			seed: { conversations: 10_000, messages: 50_000 },
		});
		try {
			expect(sb.store.conversations).toHaveLength(10_000);
			expect(sb.store.messages).toHaveLength(50_000);
			const inbox = sb.store.inboxes[3];
			const pages = await helpers.walk(sb, `conversations/?inbox=${inbox.id}&pageSize=100`);
			expect(pages.flatMap((p) => p.results)).toHaveLength(
				sb.store.conversations.filter((c) => c.inboxId === inbox.id).length,
			);
		} finally {
			await sb.stop();
		}
	}, 120_000);
});
