import * as helpers from './helpers.cts';

const ctx = helpers.useSandbox();

describe('chatbots/', () => {
	it('pages with page/pageSize, absolute next/previous links, every chatbot exactly once', async () => {
		const pages = await helpers.walk(ctx.sb, 'chatbots/?pageSize=2');
		expect(pages.map((p) => p.results.length)).toEqual([2, 1]);
		expect(pages[0]).toMatchObject({
			count: 3,
			previous: null,
			next: `${ctx.sb.baseUrl}/chatbots/?pageSize=2&page=2`,
		});
		expect(pages[1].previous).toBe(`${ctx.sb.baseUrl}/chatbots/?pageSize=2`);
		const ids = pages.flatMap((p) => p.results.map((c: { id: string }) => c.id));
		expect(ids).toEqual(ctx.sb.store.chatbots.map((c) => c.id));
	});

	it('lists summary fields used by dropdowns', async () => {
		const { json } = await helpers.call(ctx.sb, 'GET', 'chatbots/?page=1&pageSize=1');
		expect(json.results[0]).toEqual({
			id: expect.any(String),
			name: '客服小幫手',
			largeLanguageModel: { id: expect.any(String), name: 'GPT-4o', isDefault: true },
			rag: { id: expect.any(String), name: expect.any(String) },
			embeddingModel: expect.objectContaining({ name: expect.any(String) }),
			rerankerModel: expect.objectContaining({ name: expect.any(String) }),
			enableChineseConversion: true,
			updatedAt: expect.stringMatching(/^\d{13}$/),
		});
	});

	it('rejects a page beyond the last', async () => {
		const reply = await helpers.call(ctx.sb, 'GET', 'chatbots/?page=9');
		expect(reply.status).toBe(404);
		expect(reply.json).toEqual({ detail: 'Invalid page.' });
	});

	it('returns the detail with apiWebChatId and webhookUrl', async () => {
		const chatbot = ctx.sb.store.chatbots[1];
		const { status, json } = await helpers.call(ctx.sb, 'GET', `/api/chatbots/${chatbot.id}/`);
		expect(status).toBe(200);
		expect(json).toMatchObject({
			id: chatbot.id,
			name: '產品顧問',
			webhookUrl: null,
			apiWebChatId: chatbot.apiWebChatId,
		});
		expect(ctx.sb.store.webChat(json.apiWebChatId)).toBeDefined();
	});
});

describe('web-chats/', () => {
	it('is a plain array of {id, avatar, name}', async () => {
		const { status, json } = await helpers.call(ctx.sb, 'GET', 'web-chats/');
		expect(status).toBe(200);
		expect(Array.isArray(json)).toBe(true);
		expect(json).toHaveLength(3);
		expect(Object.keys(json[0]).sort()).toEqual(['avatar', 'id', 'name']);
	});

	it('has a detail and 404s unknown ids', async () => {
		const webChat = ctx.sb.store.webChats[0];
		expect((await helpers.call(ctx.sb, 'GET', `web-chats/${webChat.id}/`)).json).toEqual({
			id: webChat.id,
			avatar: null,
			name: webChat.name,
		});
		expect(
			(await helpers.call(ctx.sb, 'GET', `web-chats/${ctx.sb.store.chatbots[0].id}/`)).status,
		).toBe(404);
	});
});

describe('inboxes/', () => {
	it('lists every inbox with a channel object; web channels are the web chats', async () => {
		const { json } = await helpers.call(ctx.sb, 'GET', 'inboxes/');
		expect(json.count).toBe(5);
		const web = json.results.filter((i: { channelType: string }) => i.channelType === 'web');
		expect(web).toHaveLength(3);
		for (const inbox of web)
			expect(ctx.sb.store.webChat(inbox.channel.id)?.name).toBe(inbox.channel.name);
		expect(json.results.map((i: { channelType: string }) => i.channelType).sort()).toEqual([
			'line',
			'telegram',
			'web',
			'web',
			'web',
		]);
	});

	it('filters by chatbot and channelType (camelCase and snake_case)', async () => {
		const chatbot = ctx.sb.store.chatbots[0];
		const byChatbot = await helpers.call(ctx.sb, 'GET', `inboxes/?chatbot=${chatbot.id}`);
		expect(byChatbot.json.results.map((i: { name: string }) => i.name)).toEqual([
			'官網客服',
			'LINE 官方帳號',
		]);
		const web = await helpers.call(ctx.sb, 'GET', `inboxes/?chatbot=${chatbot.id}&channelType=web`);
		expect(web.json.results).toHaveLength(1);
		expect(web.json.results[0].channel.id).toBe(chatbot.apiWebChatId);
		const line = await helpers.call(ctx.sb, 'GET', 'inboxes/?channel_type=line');
		expect(line.json.results.map((i: { channelType: string }) => i.channelType)).toEqual(['line']);
	});

	it('validates filters', async () => {
		expect((await helpers.call(ctx.sb, 'GET', 'inboxes/?chatbot=nope')).json).toEqual({
			chatbot: ['Enter a valid UUID.'],
		});
		expect((await helpers.call(ctx.sb, 'GET', 'inboxes/?channelType=fax')).status).toBe(400);
	});

	it('pages', async () => {
		const pages = await helpers.walk(ctx.sb, 'inboxes/?pageSize=2');
		expect(pages.map((p) => p.results.length)).toEqual([2, 2, 1]);
		expect(new Set(pages.flatMap((p) => p.results.map((i: { id: string }) => i.id))).size).toBe(5);
	});

	it('has a detail', async () => {
		const inbox = ctx.sb.store.inboxes[1];
		expect((await helpers.call(ctx.sb, 'GET', `inboxes/${inbox.id}/`)).json).toMatchObject({
			id: inbox.id,
			channelType: 'line',
			unreadConversationsCount: 0,
		});
	});
});
