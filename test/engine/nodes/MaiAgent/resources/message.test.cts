import type { INodeProperties } from 'n8n-workflow';

import { nodeType, rl, useSandbox } from '../fixture.cts';

const sb = useSandbox({ replyDelayMs: 50 });

/**
 * A seeded conversation with at least `n` messages. Write tests use the last such conversation and
 * read tests the first, so asynchronous assistant replies never land in a conversation being counted.
 */
function conversationWith(n: number, use: 'read' | 'write' = 'read') {
	const { store } = sb.sandbox;
	const candidates = store.conversations.filter((c) => store.messagesOf(c.id).length >= n);
	const conversation = use === 'read' ? candidates[0] : candidates[candidates.length - 1];
	if (!conversation) throw new Error(`the seed has no conversation with ${n} messages`);
	return { conversation, messages: store.messagesOf(conversation.id) };
}

describe('Message > Create', () => {
	it('creates a user message', async () => {
		const { conversation } = conversationWith(1, 'write');
		const [message] = await sb.json({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: '請問營業時間？',
		});
		const [request] = sb.requestsTo('messages/');
		expect(request.method).toBe('POST');
		expect(request.body).toEqual({ conversation: conversation.id, content: '請問營業時間？' });
		expect(message).toMatchObject({
			conversation: conversation.id,
			type: 'incoming',
			content: '請問營業時間？',
		});
		expect(sb.sandbox.store.message(String(message.id))).toBeDefined();
	});

	it('waits for the reply when asked, and outputs it with the message', async () => {
		const { conversation } = conversationWith(1, 'write');
		const [message] = await sb.json({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: 'Hello',
			options: { waitForReply: true, pollInterval: 0.05, replyTimeout: 5 },
		});
		const reply = message.reply as { id: string; type: string; content: string };
		expect(reply.type).toBe('outgoing');
		expect(reply.content.length).toBeGreaterThan(0);
		expect(sb.sandbox.store.message(reply.id)?.conversationId).toBe(conversation.id);
	});

	it('simplifies the message and its reply by default, with ISO times; raw with Simplify off', async () => {
		const { conversation } = conversationWith(1, 'write');
		const parameters = {
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: 'Hello',
			options: { waitForReply: true, pollInterval: 0.05, replyTimeout: 5 },
		};
		const [simple] = await sb.json(parameters);
		const iso = new Date(Number(simple.createdAt)).toISOString();
		expect(simple).toMatchObject({ type: 'incoming', createdAtIso: iso });
		expect(simple.reply).toMatchObject({ type: 'outgoing', createdAtIso: expect.any(String) });
		const [raw] = await sb.json({ ...parameters, simplify: false });
		expect(raw).not.toHaveProperty('createdAtIso');
		expect(raw.reply).not.toHaveProperty('createdAtIso');
	});

	it('starts Wait for Reply switched on when the option is added', () => {
		const options = nodeType.description.properties.find(
			({ name, displayOptions }) =>
				name === 'options' &&
				displayOptions?.show?.resource?.includes('message') &&
				displayOptions.show.operation?.includes('create'),
		)?.options as INodeProperties[];
		expect(options.find((o) => o.name === 'waitForReply')?.default).toBe(true);
	});

	it('says at once that no reply will come when auto-reply is off in the conversation', async () => {
		const { conversation } = conversationWith(1, 'write');
		conversation.autoReplyEnabled = false;
		const { error } = await sb.run({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: 'Hello',
			options: { waitForReply: true, pollInterval: 0.05, replyTimeout: 120 },
		});
		conversation.autoReplyEnabled = true;
		expect(error?.message).toBe(
			`No reply will come: auto-reply is off in conversation ${conversation.id}`,
		);
		expect(error?.description).toMatch(/Set Auto-Reply/);
		// One look at the conversation, not two minutes of polling.
		expect(sb.requestsTo(`conversations/${conversation.id}/`)).toHaveLength(1);
	});

	it('fails clearly when no reply comes in time', async () => {
		sb.sandbox.control.setReplyDelay(10_000);
		const { conversation } = conversationWith(1, 'write');
		const { error } = await sb.run({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: 'Hello',
			options: { waitForReply: true, pollInterval: 0.05, replyTimeout: 0.3 },
		});
		sb.sandbox.control.setReplyDelay(50);
		expect(error?.message).toBe('No reply from the AI assistant within 0.3 s');
	});

	it('sends existing attachments and rejects empty content before any request', async () => {
		const { conversation } = conversationWith(1, 'write');
		const { error } = await sb.run({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: '  ',
		});
		expect(error?.message).toBe('Content is required');
		expect(sb.sandbox.requests).toHaveLength(0);

		const attachment = {
			id: '5d1d2f0e-9c1b-4c53-9a57-0b3c1f1d2e3f',
			type: 'image',
			filename: 'a.png',
			file: 'https://x/a.png',
		};
		await sb.run({
			resource: 'message',
			operation: 'create',
			conversation: rl(conversation.id),
			content: 'see attached',
			options: { attachments: JSON.stringify([attachment]) },
		});
		expect((sb.requestsTo('messages/')[0].body as { attachments: unknown[] }).attachments).toEqual([
			attachment,
		]);
	});
});

describe('Message > Get', () => {
	it('gets a message by ID', async () => {
		const { messages } = conversationWith(1, 'write');
		const [message] = await sb.json({
			resource: 'message',
			operation: 'get',
			message: rl(messages[0].id),
		});
		expect(message).toMatchObject({ id: messages[0].id, createdAt: messages[0].createdAt });
		expect(message.createdAtIso).toBe(new Date(Number(messages[0].createdAt)).toISOString());
		expect(sb.requestsTo(`messages/${messages[0].id}/`)).toHaveLength(1);
	});
});

describe('Message > Get Many', () => {
	it.each(['cursor', 'page'] as const)('returns every message across %s pages', async (style) => {
		sb.sandbox.control.setMessagesPagination(style);
		const { conversation, messages } = conversationWith(5);
		const got = await sb.json({
			resource: 'message',
			operation: 'getAll',
			conversation: rl(conversation.id),
			returnAll: true,
			simplify: false,
		});
		expect(got.map((m) => m.id).sort()).toEqual(messages.map((m) => m.id).sort());
		expect(sb.requestsTo('messages/').every((r) => r.query.conversation === conversation.id)).toBe(
			true,
		);
	});

	it('returns exactly the limit, and filters by type and time', async () => {
		const { conversation, messages } = conversationWith(5);
		const limited = await sb.json({
			resource: 'message',
			operation: 'getAll',
			conversation: rl(conversation.id),
			limit: 2,
		});
		expect(limited).toHaveLength(2);

		const outgoing = await sb.json({
			resource: 'message',
			operation: 'getAll',
			conversation: rl(conversation.id),
			returnAll: true,
			filters: { type: 'outgoing' },
		});
		const wanted = messages.filter((m) => m.type === 'outgoing').map((m) => m.id);
		expect(wanted.length).toBeLessThan(messages.length); // an ignored filter would show
		expect(outgoing.map((m) => m.id).sort()).toEqual(wanted.sort());

		const times = messages.map((m) => Number(m.createdAt)).sort((a, b) => a - b);
		const after = new Date(times[1]).toISOString();
		const recent = await sb.json({
			resource: 'message',
			operation: 'getAll',
			conversation: rl(conversation.id),
			returnAll: true,
			filters: { createdAfter: after },
		});
		expect(recent.length).toBe(times.filter((t) => t > times[1]).length);
	});
});
