import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

const completions = (chatbotId: string) => `chatbots/${chatbotId}/completions/`;

describe('POST chatbots/{id}/completions/ (JSON)', () => {
	it.each([
		['absent', {}],
		['null', { conversation: null }],
		['empty string', { conversation: '' }],
	])('starts a conversation when conversation is %s', async (_, extra) => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const before = ctx.sandbox.store.conversations.length;
		const reply = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
			body: { ...extra, message: { content: '退貨要怎麼辦？' } },
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.json).sort()).toEqual([
			'citationNodes',
			'citations',
			'content',
			'conversationId',
			'done',
		]);
		expect(reply.json.done).toBe(true);
		expect(ctx.sandbox.store.conversations).toHaveLength(before + 1);
		const conversation = ctx.sandbox.store.conversation(reply.json.conversationId)!;
		expect(ctx.sandbox.store.inbox(conversation.inboxId)!.channel.id).toBe(chatbot.apiWebChatId);
	});

	it('stores the incoming and outgoing messages and a chat record', async () => {
		const chatbot = ctx.sandbox.store.chatbots[1];
		const recordsBefore = ctx.sandbox.store.recordsOf(chatbot.id).length;
		const { json } = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
			body: { message: { content: '有試用期嗎？' } },
		});
		const [outgoing, incoming] = ctx.sandbox.store.messagesOf(json.conversationId);
		expect(incoming).toMatchObject({ type: 'incoming', content: '有試用期嗎？' });
		expect(outgoing).toMatchObject({
			type: 'outgoing',
			content: json.content,
			citations: json.citations,
		});
		const conversation = ctx.sandbox.store.conversation(json.conversationId)!;
		expect(conversation.lastMessageId).toBe(outgoing.id);
		const records = ctx.sandbox.store.recordsOf(chatbot.id);
		expect(records).toHaveLength(recordsBefore + 1);
		expect(records[0]).toMatchObject({
			inputMessage: '有試用期嗎？',
			outputMessage: json.content,
			turn: 'New',
			conversationId: json.conversationId,
		});
	});

	it('validates the body like DRF', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const empty = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), { body: {} });
		expect(empty.status).toBe(400);
		expect(empty.json).toEqual({ message: ['This field is required.'] });
		const noContent = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
			body: { message: { sender: 'x' } },
		});
		expect(noContent.json).toEqual({
			message: { content: ['This field is required.'], sender: ['“x” is not a valid UUID.'] },
		});
		const otherBots = ctx.sandbox.store.conversations.find(
			(c) => ctx.sandbox.store.inbox(c.inboxId)!.chatbotId !== chatbot.id,
		)!;
		const foreign = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
			body: { conversation: otherBots.id, message: { content: 'x' } },
		});
		expect(foreign.status).toBe(400);
		expect(foreign.json.conversation[0]).toMatch(/object does not exist/);
		expect(
			(
				await helpers.call(
					ctx.sandbox,
					'POST',
					completions('00000000-0000-4000-8000-000000000000'),
					{
						body: { message: { content: 'x' } },
					},
				)
			).status,
		).toBe(404);
	});
});

describe('POST chatbots/{id}/completions/ (streaming)', () => {
	it.each([['isStreaming'], ['is_streaming']])(
		'streams SSE deltas when %s is true',
		async (flag) => {
			const chatbot = ctx.sandbox.store.chatbots[0];
			const reply = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
				body: { message: { content: '退款多久？' }, [flag]: true },
			});
			expect(reply.status).toBe(200);
			expect(reply.headers['content-type']).toBe('text/event-stream; charset=utf-8');
			expect(reply.text).toMatch(
				/^data: \{"conversationId":"[0-9a-f-]{36}","content":"[^"]+","done":false\}\n\n/,
			);
			const events = helpers.jsonEvents(reply.raw);
			const last = events[events.length - 1];
			expect(last).toEqual({
				conversationId: events[0].conversationId,
				content: '',
				done: true,
				citations: expect.any(Array),
			});
			expect(last.citations.length).toBeGreaterThan(0);
			const deltas = events.slice(0, -1);
			expect(deltas.length).toBeGreaterThan(5);
			expect(
				deltas.every((e) => e.done === false && e.conversationId === last.conversationId),
			).toBe(true);
			const text = deltas.map((e) => e.content).join('');
			const stored = ctx.sandbox.store.messagesOf(last.conversationId);
			expect(stored.map((m) => m.type)).toEqual(['outgoing', 'incoming']);
			expect(stored[0].content).toBe(text);
			expect(ctx.sandbox.store.recordsOf(chatbot.id)[0].outputMessage).toBe(text);
		},
	);

	it('emits delta and streamEnd events', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const deltas: Array<{ index: number; content: string; at: number }> = [];
		const ends: unknown[] = [];
		const onDelta = (d: (typeof deltas)[number]) => deltas.push(d);
		const onEnd = (e: unknown) => ends.push(e);
		ctx.sandbox.events.on('delta', onDelta).on('streamEnd', onEnd);
		try {
			const reply = await helpers.call(ctx.sandbox, 'POST', completions(chatbot.id), {
				body: { message: { content: 'hi' }, isStreaming: true },
			});
			const streamed = helpers.jsonEvents(reply.raw).filter((e) => !e.done);
			expect(deltas.map((d) => d.content)).toEqual(streamed.map((e) => e.content));
			expect(deltas.map((d) => d.index)).toEqual(streamed.map((_, i) => i));
			expect(ends).toEqual([
				{
					conversationId: streamed[0].conversationId,
					deltas: streamed.length,
					cut: false,
					at: expect.any(Number),
				},
			]);
		} finally {
			ctx.sandbox.events.off('delta', onDelta).off('streamEnd', onEnd);
		}
	});
});
