// The wire variants of setStream. The engine's Message > Send tests run the node against each and
// expect the same reply: without these tests a variant that changed nothing would pass there too.
import { useSandbox } from '../helpers/sandbox.cts';
import * as undici from 'undici';
import * as helpers from './helpers.cts';

const ctx = useSandbox();

/** Streams a completion: every chunk as read, and all the bytes. */
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
	const chunks: Buffer[] = [];
	for await (const chunk of response.body) chunks.push(chunk as Buffer);
	return { chunks, raw: Buffer.concat(chunks) };
}

describe('setStream wire variants', () => {
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
		const broken = chunks.find((c) => c.toString('utf8').includes('\ufffd'));
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
		const keys = helpers
			.jsonEvents(raw)
			.map((e) => [typeof e.conversation_id, 'conversationId' in e]);
		expect(keys).toEqual([
			['string', false],
			['string', false],
		]);
	});
});
