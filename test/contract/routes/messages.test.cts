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
	it('lists every message without a filter', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'messages/?page_size=100');
		expect(pages.flatMap((p) => p.results)).toHaveLength(ctx.sandbox.store.messages.length);
	});
});
