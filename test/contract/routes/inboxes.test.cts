import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('inboxes/', () => {
	it('lists every inbox with a channel object; web channels are the web chats', async () => {
		const { json } = await helpers.call(ctx.sandbox, 'GET', 'inboxes/');
		expect(json.count).toBe(5);
		const web = json.results.filter((i: { channelType: string }) => i.channelType === 'web');
		expect(web).toHaveLength(3);
		for (const inbox of web)
			expect(ctx.sandbox.store.webChat(inbox.channel.id)?.name).toBe(inbox.channel.name);
		expect(json.results.map((i: { channelType: string }) => i.channelType).sort()).toEqual([
			'line',
			'telegram',
			'web',
			'web',
			'web',
		]);
	});

	it('filters by chatbot and channelType (camelCase and snake_case)', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const byChatbot = await helpers.call(ctx.sandbox, 'GET', `inboxes/?chatbot=${chatbot.id}`);
		expect(byChatbot.json.results.map((i: { name: string }) => i.name)).toEqual([
			'官網客服',
			'LINE 官方帳號',
		]);
		const web = await helpers.call(
			ctx.sandbox,
			'GET',
			`inboxes/?chatbot=${chatbot.id}&channelType=web`,
		);
		expect(web.json.results).toHaveLength(1);
		expect(web.json.results[0].channel.id).toBe(chatbot.apiWebChatId);
		const line = await helpers.call(ctx.sandbox, 'GET', 'inboxes/?channel_type=line');
		expect(line.json.results.map((i: { channelType: string }) => i.channelType)).toEqual(['line']);
	});

	it('validates filters', async () => {
		expect((await helpers.call(ctx.sandbox, 'GET', 'inboxes/?chatbot=nope')).json).toEqual({
			chatbot: ['Enter a valid UUID.'],
		});
		expect((await helpers.call(ctx.sandbox, 'GET', 'inboxes/?channelType=fax')).status).toBe(400);
	});

	it('pages', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'inboxes/?pageSize=2');
		expect(pages.map((p) => p.results.length)).toEqual([2, 2, 1]);
		expect(new Set(pages.flatMap((p) => p.results.map((i: { id: string }) => i.id))).size).toBe(5);
	});

	it('has a detail', async () => {
		const inbox = ctx.sandbox.store.inboxes[1];
		expect((await helpers.call(ctx.sandbox, 'GET', `inboxes/${inbox.id}/`)).json).toMatchObject({
			id: inbox.id,
			channelType: 'line',
			unreadConversationsCount: 0,
		});
	});
});
