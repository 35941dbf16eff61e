import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('web-chats/', () => {
	it('is a plain array of {id, avatar, name}', async () => {
		const { status, json } = await helpers.call(ctx.sandbox, 'GET', 'web-chats/');
		expect(status).toBe(200);
		expect(Array.isArray(json)).toBe(true);
		expect(json).toHaveLength(3);
		expect(Object.keys(json[0]).sort()).toEqual(['avatar', 'id', 'name']);
	});

	it('has a detail and 404s unknown ids', async () => {
		const webChat = ctx.sandbox.store.webChats[0];
		expect((await helpers.call(ctx.sandbox, 'GET', `web-chats/${webChat.id}/`)).json).toEqual({
			id: webChat.id,
			avatar: null,
			name: webChat.name,
		});
		expect(
			(await helpers.call(ctx.sandbox, 'GET', `web-chats/${ctx.sandbox.store.chatbots[0].id}/`))
				.status,
		).toBe(404);
	});
});
