import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('POST conversations/', () => {
	it.each([['webChat'], ['web_chat']])(
		'creates a conversation in the web chat inbox from %s (201)',
		async (field) => {
			const chatbot = ctx.sandbox.store.chatbots[1];
			const reply = await helpers.call(ctx.sandbox, 'POST', 'conversations/', {
				body: { [field]: chatbot.apiWebChatId },
			});
			expect(reply.status).toBe(201);
			expect(reply.json).toMatchObject({
				id: expect.any(String),
				contact: {
					id: expect.any(String),
					name: expect.any(String),
					avatar: null,
					createdAt: expect.stringMatching(/^\d{13}$/),
				},
				inbox: { name: '產品諮詢', channelType: 'web', unreadConversationsCount: 0 },
				title: '',
				lastMessage: null,
				lastMessageCreatedAt: null,
				unreadMessagesCount: 0,
				autoReplyEnabled: true,
				lastReadAt: null,
				createdAt: expect.stringMatching(/^\d{13}$/),
			});
			expect(ctx.sandbox.store.conversation(reply.json.id)?.inboxId).toBe(
				ctx.sandbox.store.inboxOfWebChat(chatbot.apiWebChatId)?.id,
			);
		},
	);

	it('validates webChat like DRF', async () => {
		expect((await helpers.call(ctx.sandbox, 'POST', 'conversations/', { body: {} })).json).toEqual({
			webChat: ['This field is required.'],
		});
		const unknown = await helpers.call(ctx.sandbox, 'POST', 'conversations/', {
			body: { webChat: ctx.sandbox.store.chatbots[0].id },
		});
		expect(unknown.status).toBe(400);
		expect(unknown.json.webChat[0]).toMatch(/object does not exist/);
		expect(
			(await helpers.call(ctx.sandbox, 'POST', 'conversations/', { body: { webChat: 'abc' } }))
				.json,
		).toEqual({ webChat: ['“abc” is not a valid UUID.'] });
	});
});

describe('GET conversations/', () => {
	it('follows previous back to the same page', async () => {
		const first = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=2');
		const second = await helpers.call(ctx.sandbox, 'GET', first.json.next);
		const back = await helpers.call(ctx.sandbox, 'GET', second.json.previous);
		expect(back.json.results.map((c: { id: string }) => c.id)).toEqual(
			first.json.results.map((c: { id: string }) => c.id),
		);
		expect(back.json.previous).toBeNull();
	});

	it('does not shift pages when new activity arrives while paging', async () => {
		const first = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=3');
		ctx.sandbox.control.injectMessage({
			inboxId: ctx.sandbox.store.inboxes[0].id,
			content: '新的訊息',
		});
		const rest = await helpers.walk(ctx.sandbox, first.json.next);
		const seen = [...first.json.results, ...rest.flatMap((p) => p.results)].map((c) => c.id);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).toHaveLength(ctx.sandbox.store.conversations.length - 1);
	});

	it('embeds lastMessage as a Message', async () => {
		const { json } = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=1');
		const [conversation] = json.results;
		expect(conversation.lastMessage).toMatchObject({
			conversation: conversation.id,
			createdAt: conversation.lastMessageCreatedAt,
		});
	});

	it('rejects a forged cursor', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations/?cursor=garbage');
		expect(reply.status).toBe(404);
		expect(reply.json).toEqual({ detail: 'Invalid cursor' });
	});
});
