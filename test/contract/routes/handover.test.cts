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
	it('writes an outgoing message from an agent (not the assistant), with no reply and no record', async () => {
		const conversation = await newConversation();
		const records = ctx.sandbox.store.records.length;
		const reply = await call(ctx.sandbox, 'POST', 'messages/outgoing/', {
			body: { conversation, content: '您好，我是客服人員，馬上為您處理。', type: 'outgoing' },
		});
		expect(reply.status).toBe(201);
		const agent = ctx.sandbox.store.agents[0];
		expect(reply.json).toMatchObject({
			conversation,
			type: 'outgoing',
			content: '您好，我是客服人員，馬上為您處理。',
			sender: { id: agent.senderId, name: 'API 使用者', avatar: null },
			createdAt: expect.stringMatching(/^\d{13}$/),
		});
		const bot = ctx.sandbox.store.chatbots[0];
		expect(reply.json.sender.id).not.toBe(bot.senderId);
		// A later customer message is answered; had the agent's message triggered the assistant, that
		// reply would have come first (same delay, earlier timer).
		await postIncoming(conversation, '好的，謝謝');
		await eventually(() => ctx.sandbox.store.messagesOf(conversation).length === 3);
		const listed = await call(ctx.sandbox, 'GET', `messages/?conversation=${conversation}`);
		expect(
			listed.json.results.map((m: { type: string; sender: { name: string } }) => [
				m.type,
				m.sender.name,
			]),
		).toEqual([
			['outgoing', bot.name],
			['incoming', expect.any(String)],
			['outgoing', 'API 使用者'],
		]);
		expect(ctx.sandbox.store.records.length).toBe(records + 1);
		const detail = await call(ctx.sandbox, 'GET', `conversations/${conversation}/`);
		expect(detail.json.lastMessage.content).toBe(listed.json.results[0].content);
	});

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

	it('is a 404 for an unknown conversation and answers only PATCH', async () => {
		const missing = await setAutoReply('00000000-0000-4000-8000-000000000000', { enabled: false });
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ detail: 'Not found.' });
		const conversation = await newConversation();
		const get = await call(ctx.sandbox, 'GET', `conversations/${conversation}/update-auto-reply/`);
		expect(get.status).toBe(405);
	});
});

describe('chatbots/{id}/ detail', () => {
	it("has SPEC's Chatbot shape: model fields as bare ids, unlike the list's objects", async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const { json } = await call(ctx.sandbox, 'GET', `chatbots/${chatbot.id}/`);
		expect(json).toEqual({
			id: chatbot.id,
			name: chatbot.name,
			largeLanguageModel: chatbot.largeLanguageModel.id,
			rag: chatbot.rag.id,
			embeddingModel: chatbot.embeddingModel.id,
			rerankerModel: chatbot.rerankerModel.id,
			instructions: expect.any(String),
			webhookUrl: null,
			apiWebChatId: chatbot.apiWebChatId,
			replyMode: 'normal',
			enableChineseConversion: true,
			updatedAt: expect.stringMatching(/^\d{13}$/),
		});
	});
});
