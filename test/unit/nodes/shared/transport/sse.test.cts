import {
	parseCompletionEvent,
	SseParser,
	type SseEvent,
} from '../../../../../nodes/shared/transport/sse';

/** Feeds `parts` (strings or bytes) one read at a time, then ends the body. */
function parse(parts: Array<string | Uint8Array>): SseEvent[] {
	const parser = new SseParser();
	const events = parts.flatMap((part) =>
		parser.push(typeof part === 'string' ? Buffer.from(part) : part),
	);
	return [...events, ...parser.end()];
}

/** Every way of cutting `bytes` into two reads. */
function everySplit(text: string): Array<[Buffer, Buffer]> {
	const bytes = Buffer.from(text);
	return Array.from({ length: bytes.length + 1 }, (_, i) => [
		bytes.subarray(0, i),
		bytes.subarray(i),
	]);
}

const data = (...values: string[]): SseEvent[] =>
	values.map((value) => ({ event: '', data: value }));

describe('SseParser', () => {
	it('reads LF-framed events with and without a space after the colon', () => {
		expect(parse(['data: {"a":1}\n\ndata:{"b":2}\n\n'])).toEqual(data('{"a":1}', '{"b":2}'));
	});

	it('strips only one space after the colon', () => {
		expect(parse(['data:  x\n\n'])).toEqual(data(' x'));
	});

	it('reads CRLF and lone CR line ends', () => {
		expect(parse(['data: a\r\n\r\ndata: b\r\rdata: c\n\n'])).toEqual(data('a', 'b', 'c'));
	});

	it('joins multi-line data with a newline', () => {
		expect(parse(['data: {"a":\ndata: 1}\n\n'])).toEqual(data('{"a":\n1}'));
	});

	it('skips comments and heartbeats, and ignores unknown fields', () => {
		expect(parse([': ping\n\nid: 7\nretry: 10\ndata: x\n: inside\n\n:\n\n'])).toEqual(data('x'));
	});

	it('keeps the event type of an event', () => {
		expect(parse(['event: error\ndata: boom\n\ndata: next\n\n'])).toEqual([
			{ event: 'error', data: 'boom' },
			{ event: '', data: 'next' },
		]);
	});

	it('does not dispatch a blank event without data', () => {
		expect(parse(['\n\n\r\n'])).toEqual([]);
	});

	it('delivers an event only once its blank line arrives', () => {
		const parser = new SseParser();
		expect(parser.push(Buffer.from('data: a\n'))).toEqual([]);
		expect(parser.push(Buffer.from('\n'))).toEqual(data('a'));
	});

	it('delivers a last event the body ended without a blank line', () => {
		expect(parse(['data: a\n\ndata: b'])).toEqual(data('a', 'b'));
	});

	const wire = 'data: {"content":"從前有一隻🐶"}\r\n\r\n: ping\r\n\r\ndata:[DONE]\r\n\r\n';
	it.each(everySplit(wire).map((parts, i) => [i, parts] as const))(
		'gives the same events whatever the read boundaries (split at byte %i)',
		(_, parts) => {
			expect(parse(parts)).toEqual(data('{"content":"從前有一隻🐶"}', '[DONE]'));
		},
	);

	it('decodes a multi-byte character delivered one byte per read', () => {
		const bytes = Buffer.from('data: 狗\n\n');
		expect(parse(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(data('狗'));
	});

	it('counts a CRLF split between reads once (multi-line data stays one event)', () => {
		expect(parse(['data: a\r', '\ndata: b\r\n\r', '\n'])).toEqual(data('a\nb'));
	});
});

describe('parseCompletionEvent', () => {
	it('reads a delta with conversationId', () => {
		expect(parseCompletionEvent('{"conversationId":"c1","content":"從前","done":false}')).toEqual({
			conversationId: 'c1',
			content: '從前',
			done: false,
		});
	});

	it('reads the snake_case conversation_id of the tech guide', () => {
		expect(
			parseCompletionEvent('{"conversation_id":"c1","content":"x","done":false}'),
		).toMatchObject({
			conversationId: 'c1',
		});
	});

	it('reads the final event with its citations', () => {
		const citations = [{ id: 'f1', filename: 'faq.pdf' }];
		expect(
			parseCompletionEvent(
				JSON.stringify({
					conversationId: 'c1',
					content: '',
					done: true,
					citations,
					citationNodes: [],
				}),
			),
		).toEqual({ conversationId: 'c1', content: '', done: true, citations, citationNodes: [] });
	});

	it('recognises the [DONE] marker', () => {
		expect(parseCompletionEvent(' [DONE] ')).toBe('[DONE]');
	});

	it.each(['{"content":"壞掉的', '42', '["a"]', 'null', ''])('rejects %j', (text) => {
		expect(parseCompletionEvent(text)).toBeUndefined();
	});

	it('treats a missing content as empty and a missing done as not done', () => {
		expect(parseCompletionEvent('{"conversationId":"c1"}')).toEqual({
			conversationId: 'c1',
			content: '',
			done: false,
		});
	});
});
