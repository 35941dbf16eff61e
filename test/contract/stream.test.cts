import { useSandbox } from '../helpers/sandbox.cts';
import * as undici from 'undici';
import perf from 'node:perf_hooks';
import * as helpers from './helpers.cts';

const ctx = useSandbox();

/** Streams a completion, keeping every raw chunk with its arrival time. */
async function streamChunks(content = '退貨流程') {
	const chatbot = ctx.sandbox.store.chatbots[0];
	const response = await undici.request(
		`${ctx.sandbox.baseUrl}/chatbots/${chatbot.id}/completions/`,
		{
			method: 'POST',
			headers: {
				authorization: `Api-Key ${ctx.sandbox.apiKey}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ message: { content }, isStreaming: true }),
		},
	);
	const chunks: Array<{ bytes: Buffer; at: number }> = [];
	let error: Error | undefined;
	try {
		for await (const chunk of response.body)
			chunks.push({ bytes: chunk as Buffer, at: perf.performance.now() });
	} catch (e) {
		error = e as Error;
	}
	return {
		status: response.statusCode,
		chunks,
		raw: Buffer.concat(chunks.map((c) => c.bytes)),
		error,
	};
}

describe('setStream wire variants', () => {
	it('deltas: string[] replaces the reply and becomes the stored content', async () => {
		ctx.sandbox.control.setStream({ deltas: ['從前有一隻', '小狗在玩球'] });
		const { raw } = await streamChunks();
		const events = helpers.jsonEvents(raw);
		expect(events.map((e) => e.content)).toEqual(['從前有一隻', '小狗在玩球', '']);
		expect(ctx.sandbox.store.messagesOf(events[0].conversationId)[0].content).toBe(
			'從前有一隻小狗在玩球',
		);
	});

	// Its speed is measured by the stream benchmark (benchmarks/stream.cts).
	it('deltas: 20000 streams twenty thousand deltas', async () => {
		ctx.sandbox.control.setStream({ deltas: 20_000 });
		const { raw } = await streamChunks();
		const events = helpers.jsonEvents(raw);
		expect(events).toHaveLength(20_001);
		expect(events[20_000].done).toBe(true);
	}, 60_000);

	it('deltaDelayMs spreads deltas over time; the first arrives before the last is written', async () => {
		ctx.sandbox.control.setStream({ deltas: ['一', '二', '三', '四'], deltaDelayMs: 200 });
		const written: number[] = [];
		const onDelta = (d: { at: number }) => written.push(d.at);
		ctx.sandbox.events.on('delta', onDelta);
		try {
			const { chunks, raw } = await streamChunks();
			expect(helpers.jsonEvents(raw).map((e) => e.content)).toEqual(['一', '二', '三', '四', '']);
			// A pause only ever lasts longer; a busy machine may deliver two deltas in one read.
			for (let i = 1; i < 4; i++) expect(written[i] - written[i - 1]).toBeGreaterThanOrEqual(190);
			const firstArrival = chunks.find((c) => c.bytes.toString().includes('"done":false'))!.at;
			expect(firstArrival).toBeLessThan(written[3]);
		} finally {
			ctx.sandbox.events.off('delta', onDelta);
		}
	});

	it('crlf ends every line with CRLF', async () => {
		ctx.sandbox.control.setStream({ crlf: true, deltas: ['a', 'b'] });
		const { raw } = await streamChunks();
		expect(raw.toString()).toMatch(/^data: \{[^\n]*\}\r\n\r\ndata: /);
		expect(raw.toString().replace(/\r\n/g, '')).not.toContain('\n');
		expect(helpers.jsonEvents(raw).map((e) => e.content)).toEqual(['a', 'b', '']);
	});

	it('doneLine adds data: [DONE] after the final event', async () => {
		ctx.sandbox.control.setStream({ doneLine: true });
		const { raw } = await streamChunks();
		expect(
			raw
				.toString()
				.endsWith(
					'"done":true,"citations":' +
						JSON.stringify(helpers.jsonEvents(raw).pop().citations) +
						'}\n\ndata: [DONE]\n\n',
				),
		).toBe(true);
	});

	it('doneMarkerOnly ends with data: [DONE] instead of the done event', async () => {
		ctx.sandbox.control.setStream({ doneMarkerOnly: true, deltas: ['x', 'y'] });
		const { raw } = await streamChunks();
		expect(raw.toString()).toMatch(/"content":"y","done":false\}\n\ndata: \[DONE\]\n\n$/);
		expect(raw.toString()).not.toContain('"done":true');
		const events = helpers.jsonEvents(raw);
		expect(ctx.sandbox.store.messagesOf(events[0].conversationId)[0]).toMatchObject({
			type: 'outgoing',
			content: 'xy',
		});
	});

	it('holdOpenMs keeps the connection open after the final event until the client leaves', async () => {
		ctx.sandbox.control.setStream({ holdOpenMs: 60_000, deltas: ['x'] });
		const closed = new Promise<{ by: string }>((resolve) =>
			ctx.sandbox.events.once('streamClosed', resolve),
		);
		const chatbot = ctx.sandbox.store.chatbots[0];
		const response = await undici.request(
			`${ctx.sandbox.baseUrl}/chatbots/${chatbot.id}/completions/`,
			{
				method: 'POST',
				headers: {
					authorization: `Api-Key ${ctx.sandbox.apiKey}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({ message: { content: '你好' }, isStreaming: true }),
			},
		);
		let text = '';
		for await (const chunk of response.body) {
			text += String(chunk);
			if (text.includes('"done":true')) break;
		}
		// Leaving the loop destroys the body, closing the connection the sandbox was holding.
		expect(await closed).toMatchObject({ by: 'client' });
	});

	it('streamClosed says the server ended a stream it did not hold', async () => {
		ctx.sandbox.control.setStream({ deltas: ['x'] });
		const closed = new Promise<{ by: string }>((resolve) =>
			ctx.sandbox.events.once('streamClosed', resolve),
		);
		await streamChunks();
		expect(await closed).toMatchObject({ by: 'server' });
	});

	it('heartbeat sends ": ping" comments', async () => {
		ctx.sandbox.control.setStream({ heartbeat: true, deltas: 12 });
		const { raw } = await streamChunks();
		expect(raw.toString().startsWith(': ping\n\n')).toBe(true);
		expect(helpers.parseSse(raw).filter((e) => e.comment)).toHaveLength(3);
		expect(helpers.jsonEvents(raw)).toHaveLength(13);
	});

	it('splitUtf8 splits a write inside a multi-byte character', async () => {
		ctx.sandbox.control.setStream({ splitUtf8: true, deltas: ['中文字'] });
		const { chunks, raw } = await streamChunks();
		const broken = chunks.find((c) => c.bytes.toString('utf8').includes('\ufffd'));
		expect(broken).toBeDefined();
		expect(raw.toString('utf8')).not.toContain('\ufffd');
		expect(helpers.jsonEvents(raw)[0].content).toBe('中文字');
	});

	it('noSpaceAfterData writes data:{...}', async () => {
		ctx.sandbox.control.setStream({ noSpaceAfterData: true, deltas: ['x'] });
		const { raw } = await streamChunks();
		expect(raw.toString()).toMatch(/^data:\{"conversationId"/);
		expect(raw.toString()).not.toContain('data: ');
		expect(helpers.jsonEvents(raw).map((e) => e.content)).toEqual(['x', '']);
	});

	it('multiLineData spreads each event over two data: lines', async () => {
		ctx.sandbox.control.setStream({ multiLineData: true, deltas: ['x', 'y'] });
		const { raw } = await streamChunks();
		expect(raw.toString()).toMatch(
			/^data: \{"conversationId":"[^"]+",\ndata: "content":"x","done":false\}\n\n/,
		);
		expect(helpers.jsonEvents(raw).map((e) => e.content)).toEqual(['x', 'y', '']);
	});

	it('malformedLine sends one line of broken JSON after the first delta', async () => {
		ctx.sandbox.control.setStream({ malformedLine: true, deltas: ['x', 'y'] });
		const { raw } = await streamChunks();
		const events = helpers.parseSse(raw);
		expect(events).toHaveLength(4);
		expect(() => JSON.parse(events[1].data)).toThrow();
		expect(helpers.jsonEvents(raw).map((e) => e.content)).toEqual(['x', 'y', '']);
	});

	it('conversationIdKey switches to conversation_id', async () => {
		ctx.sandbox.control.setStream({ conversationIdKey: 'conversation_id', deltas: ['x'] });
		const { raw } = await streamChunks();
		const events = helpers.jsonEvents(raw);
		expect(
			events.every((e) => typeof e.conversation_id === 'string' && !('conversationId' in e)),
		).toBe(true);
	});

	it('cutBeforeDone drops the connection before the done event; the reply is still stored', async () => {
		ctx.sandbox.control.setStream({ cutBeforeDone: true, deltas: ['x', 'y'] });
		const { raw, error } = await streamChunks();
		expect(error).toBeDefined();
		const events = helpers.jsonEvents(raw);
		expect(events.map((e) => e.content)).toEqual(['x', 'y']);
		expect(ctx.sandbox.store.messagesOf(events[0].conversationId)[0]).toMatchObject({
			type: 'outgoing',
			content: 'xy',
		});
	});

	it('variants persist across completions until reset()', async () => {
		ctx.sandbox.control.setStream({ deltas: ['a'] });
		ctx.sandbox.control.setStream({ doneLine: true });
		expect((await streamChunks()).raw.toString()).toMatch(/"content":"a".*\[DONE\]/s);
		expect((await streamChunks()).raw.toString()).toMatch(/\[DONE\]/);
		ctx.sandbox.control.reset();
		const plain = (await streamChunks()).raw.toString();
		expect(plain).not.toContain('[DONE]');
		expect(helpers.jsonEvents(Buffer.from(plain)).length).toBeGreaterThan(3);
	});
});
