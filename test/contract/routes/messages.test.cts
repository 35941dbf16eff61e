import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox({ replyDelayMs: 50 });

async function newConversation(): Promise<string> {
	const reply = await helpers.call(ctx.sandbox, 'POST', 'conversations/', {
		body: { webChat: ctx.sandbox.store.chatbots[0].apiWebChatId },
	});
	return reply.json.id;
}

describe('POST messages/', () => {
	it('creates the incoming message (201), then the assistant replies asynchronously', async () => {
		const conversationId = await newConversation();
		const reply = await helpers.call(ctx.sandbox, 'POST', 'messages/', {
			body: { conversation: conversationId, content: '請問營業時間？', attachments: [] },
		});
		expect(reply.status).toBe(201);
		expect(reply.json).toMatchObject({
			id: expect.any(String),
			conversation: conversationId,
			type: 'incoming',
			content: '請問營業時間？',
			feedback: null,
			attachments: [],
			createdAt: expect.stringMatching(/^\d{13}$/),
			sender: { id: expect.any(Number), name: expect.any(String) },
		});
		expect(ctx.sandbox.store.messagesOf(conversationId)).toHaveLength(1);
		const answer = await helpers.eventually(() =>
			ctx.sandbox.store.messagesOf(conversationId).find((m) => m.type === 'outgoing'),
		);
		expect(answer.content).toContain('請問營業時間？');
		const listed = await helpers.call(
			ctx.sandbox,
			'GET',
			`messages/?conversation=${conversationId}`,
		);
		expect(listed.json.results.map((m: { type: string }) => m.type)).toEqual([
			'outgoing',
			'incoming',
		]);
		expect(listed.json.results[0].citations.length).toBeGreaterThan(0);
	});

	it('honours setReplyDelay', async () => {
		ctx.sandbox.control.setReplyDelay(300);
		const conversationId = await newConversation();
		await helpers.call(ctx.sandbox, 'POST', 'messages/', {
			body: { conversation: conversationId, content: 'slow' },
		});
		await helpers.sleep(150);
		expect(ctx.sandbox.store.messagesOf(conversationId)).toHaveLength(1);
		await helpers.eventually(() => ctx.sandbox.store.messagesOf(conversationId).length === 2);
	});

	it('stores attachments and validates them', async () => {
		const conversationId = await newConversation();
		const attachment = {
			id: '11111111-2222-4333-8444-555555555555',
			type: 'image',
			filename: 'a.png',
			file: 'https://x/a.png',
		};
		const ok = await helpers.call(ctx.sandbox, 'POST', '/api/messages/', {
			body: { conversation: conversationId, content: 'pic', attachments: [attachment] },
		});
		expect(ok.json.attachments).toEqual([attachment]);
		const bad = await helpers.call(ctx.sandbox, 'POST', 'messages/', {
			body: { conversation: conversationId, content: 'x', attachments: [{ id: 'x', type: 'pdf' }] },
		});
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({
			attachments: [
				{
					id: ['“x” is not a valid UUID.'],
					type: ['"pdf" is not a valid choice.'],
					filename: ['This field is required.'],
					file: ['This field is required.'],
				},
			],
		});
		// The assistant's reply lands later; waited for here, so a later test's count of every
		// message does not race it on a busy machine.
		await helpers.eventually(() => ctx.sandbox.store.messagesOf(conversationId).length === 2);
	});

	it('requires conversation and content', async () => {
		const reply = await helpers.call(ctx.sandbox, 'POST', 'messages/', { body: {} });
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({
			conversation: ['This field is required.'],
			content: ['This field is required.'],
		});
		const missing = await helpers.call(ctx.sandbox, 'POST', 'messages/', {
			body: { conversation: '00000000-0000-4000-8000-000000000000', content: 'x' },
		});
		expect(missing.json.conversation[0]).toMatch(/object does not exist/);
	});
});

describe('GET messages/', () => {
	const conversationWithHistory = () =>
		ctx.sandbox.store.conversations.find((c) => ctx.sandbox.store.messagesOf(c.id).length >= 6)!;

	it('is cursor style with count by default; next walks every message once, newest first', async () => {
		const conversation = conversationWithHistory();
		const pages = await helpers.walk(
			ctx.sandbox,
			`messages/?conversation=${conversation.id}&pageSize=4`,
		);
		expect(pages.length).toBeGreaterThan(1);
		expect(new URL(pages[0].next!).searchParams.has('cursor')).toBe(true);
		expect(pages[0].count).toBe(ctx.sandbox.store.messagesOf(conversation.id).length);
		const ids = pages.flatMap((p) => p.results.map((m: { id: string }) => m.id));
		expect(ids).toEqual(ctx.sandbox.store.messagesOf(conversation.id).map((m) => m.id));
		const times = pages.flatMap((p) =>
			p.results.map((m: { createdAt: string }) => Number(m.createdAt)),
		);
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('switches to page style with setMessagesPagination("page")', async () => {
		ctx.sandbox.control.setMessagesPagination('page');
		const conversation = conversationWithHistory();
		const pages = await helpers.walk(
			ctx.sandbox,
			`messages/?conversation=${conversation.id}&pageSize=4`,
		);
		expect(new URL(pages[0].next!).searchParams.get('page')).toBe('2');
		expect(pages[0].count).toBe(ctx.sandbox.store.messagesOf(conversation.id).length);
		expect(pages.flatMap((p) => p.results.map((m: { id: string }) => m.id))).toEqual(
			ctx.sandbox.store.messagesOf(conversation.id).map((m) => m.id),
		);
	});

	it('lists every message without a filter', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'messages/?page_size=100');
		expect(pages.flatMap((p) => p.results)).toHaveLength(ctx.sandbox.store.messages.length);
	});

	it('has a detail', async () => {
		const message = ctx.sandbox.store.messages[0];
		const { json } = await helpers.call(ctx.sandbox, 'GET', `messages/${message.id}/`);
		expect(json).toMatchObject({
			id: message.id,
			conversation: message.conversationId,
			content: message.content,
			type: message.type,
		});
		expect(
			(await helpers.call(ctx.sandbox, 'GET', `messages/${ctx.sandbox.store.chatbots[0].id}/`))
				.status,
		).toBe(404);
	});
});
