import { useSandbox } from '../helpers/sandbox.cts';
import * as helpers from './helpers.cts';

const ctx = useSandbox();

describe('control.injectMessage', () => {
	it('creates a conversation in the inbox when no conversationId is given', async () => {
		const line = ctx.sandbox.store.inboxes.find((i) => i.channelType === 'line')!;
		const message = ctx.sandbox.control.injectMessage({
			inboxId: line.id,
			content: '從 LINE 來的訊息',
		});
		expect(message).toMatchObject({
			type: 'incoming',
			content: '從 LINE 來的訊息',
			createdAt: expect.stringMatching(/^\d{13}$/),
		});
		const conversation = ctx.sandbox.store.conversation(message.conversationId)!;
		expect(conversation.inboxId).toBe(line.id);
		const { json } = await helpers.call(
			ctx.sandbox,
			'GET',
			`conversations/?inbox=${line.id}&pageSize=1`,
		);
		expect(json.results[0]).toMatchObject({
			id: conversation.id,
			lastMessage: { id: message.id },
			lastMessageCreatedAt: message.createdAt,
		});
	});

	it('updates lastMessage; identical timestamps are allowed; an older late insert keeps the max', async () => {
		const conversation = ctx.sandbox.store.conversations[0];
		const t = Date.now() + 60_000;
		const a = ctx.sandbox.control.injectMessage({
			conversationId: conversation.id,
			content: 'a',
			createdAt: t,
		});
		const b = ctx.sandbox.control.injectMessage({
			conversationId: conversation.id,
			content: 'b',
			createdAt: String(t),
			type: 'outgoing',
		});
		expect(a.createdAt).toBe(b.createdAt);
		expect(ctx.sandbox.store.conversation(conversation.id)).toMatchObject({
			lastMessageId: b.id,
			lastMessageCreatedAt: String(t),
		});
		const late = ctx.sandbox.control.injectMessage({
			conversationId: conversation.id,
			content: 'late',
			createdAt: t - 3_600_000,
		});
		expect(ctx.sandbox.store.conversation(conversation.id)).toMatchObject({
			lastMessageId: b.id,
			lastMessageCreatedAt: String(t),
		});
		const { json } = await helpers.call(
			ctx.sandbox,
			'GET',
			`messages/?conversation=${conversation.id}`,
		);
		const ids = json.results.map((m: { id: string }) => m.id);
		expect(ids.slice(0, 2)).toEqual([b.id, a.id]);
		expect(ids).toContain(late.id);
		expect(ids.indexOf(late.id)).toBeGreaterThan(1);
		const first = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=1');
		expect(first.json.results[0].id).toBe(conversation.id);
		expect(b.sender).toMatchObject({ kind: 'chatbot' });
	});

	it('throws for unknown conversations or inboxes', () => {
		expect(() =>
			ctx.sandbox.control.injectMessage({ conversationId: '00000000-0000-4000-8000-000000000000' }),
		).toThrow(/unknown conversation/);
		expect(() =>
			ctx.sandbox.control.injectMessage({ inboxId: '00000000-0000-4000-8000-000000000000' }),
		).toThrow(/unknown inbox/);
	});
});

/**
 * The order in which concurrent requests to these paths complete (sent in the order given). A
 * latency only ever makes an answer later, so lower bounds and orderings hold on a busy machine.
 */
async function completionOrder(paths: string[]): Promise<Array<{ path: string; ms: number }>> {
	const done: Array<{ path: string; ms: number }> = [];
	await Promise.all(
		paths.map(async (path) => {
			const started = performance.now();
			await helpers.call(ctx.sandbox, 'GET', path);
			done.push({ path, ms: performance.now() - started });
		}),
	);
	return done;
}

describe('control.setLatency', () => {
	it('delays matching routes only (string prefix or RegExp)', async () => {
		ctx.sandbox.control.setLatency(/^conversations\//, 600);
		ctx.sandbox.control.setLatency('chatbots/', 300);
		const order = await completionOrder(['inboxes/', '/api/chatbots/', 'conversations/']);
		expect(order.map((o) => o.path)).toEqual(['inboxes/', '/api/chatbots/', 'conversations/']);
		expect(order[1].ms).toBeGreaterThanOrEqual(290);
		expect(order[2].ms).toBeGreaterThanOrEqual(590);
		ctx.sandbox.control.setLatency(/^conversations\//, 0);
		const after = await completionOrder(['conversations/', 'chatbots/']);
		expect(after.map((o) => o.path)).toEqual(['conversations/', 'chatbots/']);
	});
});

describe('control.fail', () => {
	it('forces 429 with Retry-After for the next `times` matching requests', async () => {
		ctx.sandbox.control.fail({ route: 'conversations/', status: 429, retryAfter: 2, times: 2 });
		for (let i = 0; i < 2; i++) {
			const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations/');
			expect(reply.status).toBe(429);
			expect(reply.headers['retry-after']).toBe('2');
			expect(reply.json).toEqual({
				detail: 'Request was throttled. Expected available in 2 seconds.',
			});
		}
		expect((await helpers.call(ctx.sandbox, 'GET', 'conversations/')).status).toBe(200);
	});

	it('defaults to one 500, filters by method, accepts a custom body', async () => {
		ctx.sandbox.control.fail({ method: 'POST', status: 503, body: { detail: 'down' } });
		expect((await helpers.call(ctx.sandbox, 'GET', 'chatbots/')).status).toBe(200);
		const failed = await helpers.call(ctx.sandbox, 'POST', 'conversations/', { body: {} });
		expect(failed).toMatchObject({ status: 503, json: { detail: 'down' } });
		expect((await helpers.call(ctx.sandbox, 'POST', 'conversations/', { body: {} })).status).toBe(
			400,
		);
		ctx.sandbox.control.fail({});
		expect((await helpers.call(ctx.sandbox, 'GET', 'web-chats/')).json).toEqual({
			detail: 'A server error occurred.',
		});
	});

	it('resets the connection without a response', async () => {
		ctx.sandbox.control.fail({ route: /^inboxes\/$/, reset: true });
		await expect(helpers.call(ctx.sandbox, 'GET', 'inboxes/')).rejects.toThrow();
		expect((await helpers.call(ctx.sandbox, 'GET', 'inboxes/')).status).toBe(200);
	});

	it('is taken only by a request that arrived after it was armed', async () => {
		ctx.sandbox.control.setLatency('conversations/', 300);
		const arrived = new Promise((resolve) => ctx.sandbox.events.once('request', resolve));
		const inFlight = helpers.call(ctx.sandbox, 'GET', 'conversations/');
		await arrived;
		ctx.sandbox.control.fail({ route: 'conversations/', status: 500 });
		expect((await inFlight).status).toBe(200);
		expect((await helpers.call(ctx.sandbox, 'GET', 'conversations/')).status).toBe(500);
	});

	it('is cleared by reset()', async () => {
		ctx.sandbox.control.fail({ status: 500, times: 5 });
		ctx.sandbox.control.setLatency('chatbots/', 500);
		ctx.sandbox.control.setMessagesPagination('page');
		ctx.sandbox.control.reset();
		expect((await helpers.call(ctx.sandbox, 'GET', 'chatbots/')).status).toBe(200);
		// Still 500 ms late, chatbots/ would answer after this 300 ms one.
		ctx.sandbox.control.setLatency('inboxes/', 300);
		const order = await completionOrder(['chatbots/', 'inboxes/']);
		expect(order.map((o) => o.path)).toEqual(['chatbots/', 'inboxes/']);
		expect((await helpers.call(ctx.sandbox, 'GET', 'messages/')).json.next).toContain('cursor=');
	});
});

describe('requests and events', () => {
	it('records every request with the body as sent', async () => {
		ctx.sandbox.control.clearRequests();
		const seen: unknown[] = [];
		const onRequest = (r: unknown) => seen.push(r);
		ctx.sandbox.events.on('request', onRequest);
		try {
			const chatbot = ctx.sandbox.store.chatbots[0];
			await helpers.call(ctx.sandbox, 'POST', `chatbots/${chatbot.id}/completions/?x=1`, {
				body: { message: { content: 'hi' }, is_streaming: false },
			});
			await helpers.call(ctx.sandbox, 'GET', 'conversations/', { auth: false });
		} finally {
			ctx.sandbox.events.off('request', onRequest);
		}
		expect(ctx.sandbox.requests).toHaveLength(2);
		expect(seen).toEqual(ctx.sandbox.requests);
		const [post, get] = ctx.sandbox.requests;
		expect(post).toMatchObject({
			method: 'POST',
			path: `/api/v1/chatbots/${ctx.sandbox.store.chatbots[0].id}/completions/`,
			query: { x: '1' },
			body: { message: { content: 'hi' }, is_streaming: false },
			at: expect.any(Number),
		});
		expect(post.headers.authorization).toBe(`Api-Key ${ctx.sandbox.apiKey}`);
		expect(get).toMatchObject({ method: 'GET', path: '/api/v1/conversations/', body: undefined });
		ctx.sandbox.control.clearRequests();
		expect(ctx.sandbox.requests).toHaveLength(0);
	});
});

// The variants the trigger's tests model MaiAgent with: list orders, a page-size cap, an HTML
// error page.

/** Every page of a list, following `next`. */
async function all(path: string): Promise<Array<Record<string, unknown>>> {
	const items: Array<Record<string, unknown>> = [];
	let next: string | null = path;
	while (next) {
		const reply: helpers.Reply<{ results: Array<Record<string, unknown>>; next: string | null }> =
			await helpers.call(ctx.sandbox, 'GET', next);
		items.push(...reply.json.results);
		next = reply.json.next;
	}
	return items;
}

describe('control.setListOrder and setMaxPageSize', () => {
	it('orders conversations by creation and messages oldest first, in pages of at most n', async () => {
		const { store, control } = ctx.sandbox;
		const [older, newer] = [store.conversations[0], store.conversations[1]].sort(
			(a, b) => Number(a.createdAt) - Number(b.createdAt) || a.seq - b.seq,
		);
		// The older conversation becomes the most recently active.
		const t = Date.now() + 60_000;
		control.injectMessage({ conversationId: older.id, createdAt: t });
		control.injectMessage({ conversationId: older.id, createdAt: t + 1 });
		control.setMaxPageSize(2);

		const byActivity = await all('conversations/?pageSize=50');
		expect(byActivity[0].id).toBe(older.id);

		control.setListOrder({ conversations: 'created' });
		const page = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=50');
		expect(page.json.results).toHaveLength(2);
		const byCreation = await all('conversations/?pageSize=50');
		expect(byCreation).toHaveLength(store.conversations.length);
		const created = byCreation.map((c) => Number(c.createdAt));
		expect(created).toEqual([...created].sort((a, b) => b - a));
		expect(byCreation.findIndex((c) => c.id === newer.id)).toBeLessThan(
			byCreation.findIndex((c) => c.id === older.id),
		);

		control.setListOrder({ messages: 'oldest' });
		for (const style of ['cursor', 'page'] as const) {
			control.setMessagesPagination(style);
			const messages = await all(`messages/?conversation=${older.id}&pageSize=50`);
			const times = messages.map((m) => Number(m.createdAt));
			expect(times).toEqual([...times].sort((a, b) => a - b));
			expect(times.slice(-2)).toEqual([t, t + 1]);
		}

		control.reset();
		expect(
			(await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=50')).json.results[0].id,
		).toBe(older.id);
	});
});

describe('control.fail with an HTML page', () => {
	it('answers the page as text/html with the status', async () => {
		const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
		ctx.sandbox.control.fail({ route: 'conversations/', status: 502, html: page });
		const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations/');
		expect(reply.status).toBe(502);
		expect(reply.headers['content-type']).toBe('text/html');
		expect(reply.text).toBe(page);
	});
});
