import { rl, useSandbox } from '../../MaiAgent/fixture.cts';

const sb = useSandbox({ seed: { conversations: 130, messages: 400 } });

describe('list search', () => {
	it('lists AI assistants and filters them by name', async () => {
		const all = await sb.search('searchChatbots');
		expect(all.results.map((r) => r.value).sort()).toEqual(
			sb.sandbox.store.chatbots.map((b) => b.id).sort(),
		);
		const bot = sb.sandbox.store.chatbots[1];
		const filtered = await sb.search('searchChatbots', bot.name.slice(0, 4));
		expect(filtered.results.map((r) => r.value)).toContain(bot.id);
	});

	it('pages through conversations with the pagination token', async () => {
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await sb.search('searchConversations', undefined, token);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(seen).toHaveLength(sb.sandbox.store.conversations.length);
		expect(new Set(seen).size).toBe(seen.length);
		expect(sb.requestsTo('conversations/').length).toBeGreaterThan(1);
	});

	it('lists web chats, inboxes, and the messages of the chosen conversation', async () => {
		const webChats = await sb.search('searchWebChats');
		expect(webChats.results.map((r) => r.value).sort()).toEqual(
			sb.sandbox.store.webChats.map((w) => w.id).sort(),
		);
		const inboxes = await sb.search('searchInboxes');
		expect(inboxes.results.length).toBe(sb.sandbox.store.inboxes.length);

		const conversation = sb.sandbox.store.conversations.find(
			(c) => sb.sandbox.store.messagesOf(c.id).length > 0,
		)!;
		const messages = await sb.search('searchMessages', undefined, undefined, {
			conversation: rl(conversation.id),
		});
		expect(messages.results.map((r) => r.value).sort()).toEqual(
			sb.sandbox.store
				.messagesOf(conversation.id)
				.map((m) => m.id)
				.sort(),
		);
		expect((await sb.search('searchMessages')).results).toEqual([]);
	});
});
