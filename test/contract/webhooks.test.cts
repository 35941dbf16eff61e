import { useSandbox } from '../helpers/sandbox.cts';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { call, eventually } from './helpers.cts';

const ctx = useSandbox({ replyDelayMs: 20 });

/** A webhook receiver on 127.0.0.1: answers with `answer()` and keeps every body it got. */
async function receiver(answer: (n: number) => number = () => 200, port = 0) {
	const bodies: Array<Record<string, any>> = [];
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			const status = answer(bodies.length);
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ message: status === 200 ? 'ok' : 'not now' }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maiagent/webhook`;
	return { url, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const chatbot = () => ctx.sandbox.store.chatbots[0];

async function ask(content: string): Promise<string> {
	const conversation = await call(ctx.sandbox, 'POST', 'conversations/', {
		body: { webChat: chatbot().apiWebChatId },
	});
	await call(ctx.sandbox, 'POST', 'messages/', {
		body: { conversation: conversation.json.id, content },
	});
	return conversation.json.id;
}

const done = (messageCount = 1) =>
	new Promise<Array<{ messageId: string; delivered: boolean; attempts: number }>>((resolve) => {
		const seen: Array<{ messageId: string; delivered: boolean; attempts: number }> = [];
		const onDone = (event: (typeof seen)[number]) => {
			seen.push(event);
			if (seen.length === messageCount) {
				ctx.sandbox.events.off('webhookDone', onDone);
				resolve(seen);
			}
		};
		ctx.sandbox.events.on('webhookDone', onDone);
	});

afterEach(() => {
	for (const bot of ctx.sandbox.store.chatbots) bot.webhookUrl = null;
});

/** A receiver on one of fetch's "bad ports" (the IRC ports; 6666 is the examples' webhook_server.py). */
async function badPortReceiver() {
	for (const port of [6666, 6665, 6667, 6668, 6669]) {
		try {
			return await receiver(() => 200, port);
		} catch {
			// in use: try the next one
		}
	}
	throw new Error('no IRC port free on 127.0.0.1');
}

describe('PATCH chatbots/{id}/ webhookUrl', () => {
	it('refuses an invalid URL with a field error and changes nothing', async () => {
		const reply = await call(ctx.sandbox, 'PATCH', `chatbots/${chatbot().id}/`, {
			body: { webhookUrl: 'not a url' },
		});
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({ webhookUrl: ['Enter a valid URL.'] });
		expect(chatbot().webhookUrl).toBeNull();
	});
});

describe('webhook delivery', () => {
	it('POSTs each assistant reply (one message object, created_at) and records the attempt', async () => {
		const hook = await receiver();
		try {
			chatbot().webhookUrl = hook.url;
			const finished = done();
			const conversationId = await ask('請問營業時間？');
			const [result] = await finished;
			expect(result).toMatchObject({ delivered: true, attempts: 1 });
			expect(hook.bodies).toHaveLength(1);
			const answer = ctx.sandbox.store
				.messagesOf(conversationId)
				.find((m) => m.type === 'outgoing')!;
			expect(hook.bodies[0]).toMatchObject({
				id: answer.id,
				conversation: conversationId,
				type: 'outgoing',
				content: answer.content,
				created_at: answer.createdAt,
				sender: { id: chatbot().senderId, name: chatbot().name },
			});
			expect(hook.bodies[0]).not.toHaveProperty('createdAt');
			const records = await call(ctx.sandbox, 'GET', `chatbots/${chatbot().id}/webhook-records/`);
			expect(records.json).toMatchObject({ count: 1, next: null, previous: null });
			expect(records.json.results[0]).toMatchObject({
				id: expect.any(String),
				chatbot: { id: chatbot().id, webhookUrl: hook.url },
				url: hook.url,
				requestBody: hook.bodies[0],
				statusCode: 200,
				response: JSON.stringify({ message: 'ok' }),
				createdAt: expect.stringMatching(/^\d{13}$/),
			});
		} finally {
			await hook.close();
		}
	});

	it('sends no webhook when the chatbot has no URL', async () => {
		const conversationId = await ask('hello');
		await eventually(() => ctx.sandbox.store.messagesOf(conversationId).length === 2);
		const records = await call(ctx.sandbox, 'GET', `chatbots/${chatbot().id}/webhook-records/`);
		expect(
			records.json.results.filter((r: any) => r.requestBody.conversation === conversationId),
		).toEqual([]);
	});

	it('retries the same delivery until a 200, recording every attempt newest first', async () => {
		const hook = await receiver((n) => (n < 3 ? 500 : 200));
		try {
			ctx.sandbox.control.setWebhook({ retryDelaysMs: [10, 10, 10] });
			chatbot().webhookUrl = hook.url;
			const finished = done();
			await ask('retry me');
			const [result] = await finished;
			expect(result).toMatchObject({ delivered: true, attempts: 3 });
			expect(new Set(hook.bodies.map((b) => b.id)).size).toBe(1);
			const records = await call(ctx.sandbox, 'GET', `chatbots/${chatbot().id}/webhook-records/`);
			const ours = records.json.results.filter((r: any) => r.requestBody.id === result.messageId);
			expect(ours.map((r: any) => r.statusCode)).toEqual([200, 500, 500]);
		} finally {
			await hook.close();
		}
	});

	it('gives up after the last retry of the schedule', async () => {
		const hook = await receiver(() => 503);
		try {
			ctx.sandbox.control.setWebhook({ retryDelaysMs: [5, 5] });
			chatbot().webhookUrl = hook.url;
			const finished = done();
			await ask('never accepted');
			const [result] = await finished;
			expect(result).toMatchObject({ delivered: false, attempts: 3 });
			expect(hook.bodies).toHaveLength(3);
		} finally {
			await hook.close();
		}
	});

	it('counts a refused connection as a failed attempt (statusCode null)', async () => {
		const hook = await receiver();
		await hook.close();
		ctx.sandbox.control.setWebhook({ retryDelaysMs: [5] });
		chatbot().webhookUrl = hook.url;
		const finished = done();
		await ask('nobody listens');
		const [result] = await finished;
		expect(result).toMatchObject({ delivered: false, attempts: 2 });
		const records = await call(
			ctx.sandbox,
			'GET',
			`chatbots/${chatbot().id}/webhook-records/?pageSize=2`,
		);
		expect(records.json.results.map((r: any) => r.statusCode)).toEqual([null, null]);
		expect(records.json.results[0].response).toMatch(/^no answer/);
	});

	it('redelivers a message whose 200 was lost: the receiver gets the same id twice', async () => {
		const hook = await receiver();
		try {
			ctx.sandbox.control.setWebhook({ retryDelaysMs: [10], loseAnswers: 1 });
			chatbot().webhookUrl = hook.url;
			const finished = done();
			await ask('twice');
			const [result] = await finished;
			expect(result).toMatchObject({ delivered: true, attempts: 2 });
			expect(hook.bodies.map((b) => b.id)).toEqual([result.messageId, result.messageId]);
		} finally {
			await hook.close();
		}
	});

	it('sends createdAt or both time keys when told, and delivers a stored message on demand', async () => {
		const hook = await receiver();
		try {
			chatbot().webhookUrl = hook.url;
			const conversationId = await ask('keys');
			await eventually(() => hook.bodies.length === 1);
			const answer = ctx.sandbox.store
				.messagesOf(conversationId)
				.find((m) => m.type === 'outgoing')!;
			ctx.sandbox.control.setWebhook({ timeKey: 'createdAt' });
			ctx.sandbox.control.deliverWebhook(answer.id);
			await eventually(() => hook.bodies.length === 2);
			expect(hook.bodies[1]).toMatchObject({ id: answer.id, createdAt: answer.createdAt });
			expect(hook.bodies[1]).not.toHaveProperty('created_at');
			ctx.sandbox.control.setWebhook({ timeKey: 'both' });
			ctx.sandbox.control.deliverWebhook(answer.id);
			await eventually(() => hook.bodies.length === 3);
			expect(hook.bodies[2]).toMatchObject({
				createdAt: answer.createdAt,
				created_at: answer.createdAt,
			});
		} finally {
			await hook.close();
		}
	});

	it('pages the records with page/pageSize and 404s for an unknown chatbot', async () => {
		const hook = await receiver();
		try {
			chatbot().webhookUrl = hook.url;
			const finished = done(2);
			await ask('one');
			await ask('two');
			await finished;
			const first = await call(
				ctx.sandbox,
				'GET',
				`chatbots/${chatbot().id}/webhook-records/?pageSize=1`,
			);
			expect(first.json.results).toHaveLength(1);
			expect(first.json.next).toContain('page=2');
			const missing = await call(
				ctx.sandbox,
				'GET',
				'chatbots/00000000-0000-4000-8000-000000000000/webhook-records/',
			);
			expect(missing.status).toBe(404);
		} finally {
			await hook.close();
		}
	});
});

describe('delivery to any port', () => {
	it('reaches a receiver on a port that fetch refuses (webhook_server.py listens on 6666)', async () => {
		const hook = await badPortReceiver();
		try {
			chatbot().webhookUrl = hook.url;
			const finished = done();
			await ask('6666 埠');
			expect((await finished)[0]).toMatchObject({ delivered: true, attempts: 1 });
			expect(hook.bodies[0]).toMatchObject({ type: 'outgoing' });
		} finally {
			await hook.close();
		}
	});
});
