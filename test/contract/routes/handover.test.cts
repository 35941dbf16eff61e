import { useSandbox } from '../../helpers/sandbox.cts';
import { call, eventually } from '../helpers.cts';

const ctx = useSandbox({ replyDelayMs: 30 });

async function newConversation(): Promise<string> {
	const reply = await call(ctx.sandbox, 'POST', 'conversations/', {
		body: { webChat: ctx.sandbox.store.chatbots[0].apiWebChatId },
	});
	return reply.json.id;
}

const postIncoming = (conversation: string, content: string) =>
	call(ctx.sandbox, 'POST', 'messages/', { body: { conversation, content } });

const setAutoReply = (conversation: string, body: unknown) =>
	call(ctx.sandbox, 'PATCH', `conversations/${conversation}/update-auto-reply/`, { body });

describe('POST messages/outgoing/', () => {
	it('takes the message without a type too', async () => {
		const conversation = await newConversation();
		const reply = await call(ctx.sandbox, 'POST', 'messages/outgoing/', {
			body: { conversation, content: 'hi' },
		});
		expect(reply.status).toBe(201);
		expect(reply.json.type).toBe('outgoing');
	});

	it('refuses type incoming, a missing conversation and blank content with field errors', async () => {
		const conversation = await newConversation();
		const incoming = await call(ctx.sandbox, 'POST', 'messages/outgoing/', {
			body: { conversation, content: 'x', type: 'incoming' },
		});
		expect(incoming.status).toBe(400);
		expect(incoming.json).toEqual({ type: ['"incoming" is not a valid choice.'] });
		const missing = await call(ctx.sandbox, 'POST', 'messages/outgoing/', {
			body: { content: ' ' },
		});
		expect(missing.status).toBe(400);
		expect(missing.json).toEqual({
			conversation: ['This field is required.'],
			content: ['This field may not be blank.'],
		});
		expect(ctx.sandbox.store.messagesOf(conversation)).toHaveLength(0);
	});
});

describe('PATCH conversations/{id}/update-auto-reply/', () => {
	it('pauses the assistant for that conversation only, until it is resumed', async () => {
		const paused = await newConversation();
		const other = await newConversation();
		const off = await setAutoReply(paused, { autoReplyEnabled: false });
		expect(off.status).toBe(200);
		expect(off.json).toMatchObject({ id: paused, autoReplyEnabled: false, isAutoReplyNow: false });

		await postIncoming(paused, '我要找真人');
		await postIncoming(other, '營業時間？');
		await eventually(() => ctx.sandbox.store.messagesOf(other).length === 2);
		const on = await setAutoReply(paused, { enabled: true });
		expect(on.json.autoReplyEnabled).toBe(true);
		await postIncoming(paused, '還在嗎？');
		await eventually(() => ctx.sandbox.store.messagesOf(paused).length === 3);
		// Oldest first: the message sent while paused stays unanswered.
		const oldestFirst = ctx.sandbox.store.messagesOf(paused).reverse();
		expect(oldestFirst.map((m) => m.type)).toEqual(['incoming', 'incoming', 'outgoing']);
		expect(oldestFirst[2].content).toContain('還在嗎？');
	});

	it('accepts snake_case and both keys together; refuses no state, a non-boolean, disagreeing keys', async () => {
		const conversation = await newConversation();
		expect(
			(await setAutoReply(conversation, { auto_reply_enabled: false })).json.autoReplyEnabled,
		).toBe(false);
		expect(
			(await setAutoReply(conversation, { autoReplyEnabled: true, enabled: true })).json
				.autoReplyEnabled,
		).toBe(true);
		const none = await setAutoReply(conversation, {});
		expect(none.status).toBe(400);
		expect(none.json).toEqual({ autoReplyEnabled: ['This field is required.'] });
		expect((await setAutoReply(conversation, { enabled: 'no' })).json).toEqual({
			enabled: ['Must be a valid boolean.'],
		});
		expect(
			(await setAutoReply(conversation, { autoReplyEnabled: true, enabled: false })).status,
		).toBe(400);
		expect(ctx.sandbox.store.conversation(conversation)!.autoReplyEnabled).toBe(true);
	});
});
