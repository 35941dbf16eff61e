import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

describe('Conversation > Create', () => {
	it('posts the web chat and outputs the new conversation', async () => {
		const bot = sb.sandbox.store.chatbots[0];
		const [conversation] = await sb.json({
			resource: 'conversation',
			operation: 'create',
			webChat: rl(bot.apiWebChatId),
		});
		const [request] = sb.requestsTo('conversations/');
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/conversations/');
		expect(request.body).toEqual({ webChat: bot.apiWebChatId });
		expect(request.headers.authorization).toBe(`Api-Key ${sb.sandbox.apiKey}`);
		expect(sb.sandbox.store.conversation(String(conversation.id))).toBeDefined();
		expect((conversation.inbox as { id: string }).id).toBe(
			sb.sandbox.store.inboxOfWebChat(bot.apiWebChatId)?.id,
		);
	});

	it('accepts a chat page URL', async () => {
		const webChat = sb.sandbox.store.webChats[0];
		await sb.json({
			resource: 'conversation',
			operation: 'create',
			webChat: rl(`https://chat.maiagent.ai/web-chats/${webChat.id}`, 'url'),
		});
		expect(sb.requestsTo('conversations/')[0].body).toEqual({ webChat: webChat.id });
	});

	it('rejects a malformed web chat ID from an expression before any request', async () => {
		const { error } = await sb.run({
			resource: 'conversation',
			operation: 'create',
			webChat: rl('={{ "abc" }}'),
		});
		expect(error?.message).toBe('Web chat "abc" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Conversation > Get', () => {
	it('gets one conversation, raw or simplified with ISO times', async () => {
		const conversation = sb.sandbox.store
			.conversationsByActivity()
			.find((c) => c.lastMessageCreatedAt)!;
		const [raw] = await sb.json({
			resource: 'conversation',
			operation: 'get',
			conversation: rl(conversation.id),
			simplify: false,
		});
		expect(raw.id).toBe(conversation.id);
		expect(raw).toHaveProperty('unreadMessagesCount');
		expect(raw).toHaveProperty('isGroupChat');
		const [simple] = await sb.json({
			resource: 'conversation',
			operation: 'get',
			conversation: rl(conversation.id),
		});
		expect(simple.lastMessageCreatedAt).toBe(conversation.lastMessageCreatedAt);
		expect(simple.lastMessageCreatedAtIso).toBe(
			new Date(Number(conversation.lastMessageCreatedAt)).toISOString(),
		);
		expect(simple).not.toHaveProperty('isGroupChat');
		expect(sb.requestsTo(`conversations/${conversation.id}/`)).toHaveLength(2);
	});

	it('names the operation, the status and the detail on 404', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		const { error } = await sb.run({
			resource: 'conversation',
			operation: 'get',
			conversation: rl(missing),
		});
		expect(error?.message).toMatch(/^Get a conversation failed: MaiAgent answered 404 - .+/);
		expect((error as { httpCode?: string }).httpCode).toBe('404');
	});
});

describe('Conversation > Get Many', () => {
	const all = () => sb.sandbox.store.conversationsByActivity();

	it('returns every conversation across cursor pages, newest activity first', async () => {
		const conversations = await sb.json({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(conversations.map((c) => c.id)).toEqual(all().map((c) => c.id));
	});

	it('returns exactly the limit', async () => {
		const conversations = await sb.json({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
		});
		expect(conversations).toHaveLength(3);
		expect(conversations.map((c) => c.id)).toEqual(
			all()
				.slice(0, 3)
				.map((c) => c.id),
		);
	});

	it('filters by inbox', async () => {
		const inbox = sb.sandbox.store.inboxes.find((i) => all().some((c) => c.inboxId === i.id))!;
		const conversations = await sb.json({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: true,
			filters: { inbox: rl(inbox.id) },
		});
		expect(conversations.length).toBeGreaterThan(0);
		expect(conversations.map((c) => c.id).sort()).toEqual(
			all()
				.filter((c) => c.inboxId === inbox.id)
				.map((c) => c.id)
				.sort(),
		);
		expect(sb.requestsTo('conversations/').every((r) => r.query.inbox === inbox.id)).toBe(true);
	});

	it("filters by AI assistant through all of the assistant's inboxes", async () => {
		const bot = sb.sandbox.store.chatbots[0];
		const inboxIds = new Set(
			sb.sandbox.store.inboxes.filter((i) => i.chatbotId === bot.id).map((i) => i.id),
		);
		expect(inboxIds.size).toBeGreaterThan(1);
		const conversations = await sb.json({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: true,
			simplify: true,
			filters: { chatbot: rl(bot.id) },
		});
		const expected = all()
			.filter((c) => inboxIds.has(c.inboxId))
			.map((c) => c.id);
		expect(conversations.map((c) => c.id)).toEqual(expected);
		expect(sb.requestsTo('inboxes/')[0].query.chatbot).toBe(bot.id);
	});
});
