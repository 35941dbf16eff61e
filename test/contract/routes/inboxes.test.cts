import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('inboxes/', () => {
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
});
