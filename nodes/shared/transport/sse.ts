/**
 * Server-sent events, read incrementally: `SseParser` turns the raw bytes of a response body, in
 * whatever pieces the network delivers them, into events as soon as each one is complete;
 * `parseCompletionEvent` reads one MaiAgent completion event.
 *
 * The parser follows the SSE spec (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * lines end with CRLF, LF or CR (a CRLF split between two reads counts once); `field:value` with one
 * optional space after the colon; several `data` lines of one event are joined with "\n"; lines
 * starting with ":" are comments (heartbeats); a blank line ends an event. Bytes are decoded with a
 * streaming UTF-8 decoder, so a multi-byte character split across reads is decoded whole. Unlike a
 * browser, an event the body ends without its blank line is still delivered by `end()`.
 */

export interface SseEvent {
	/** The event type (`event:` field); empty when the server sent none. */
	event: string;
	data: string;
}

const LF = 10;
const CR = 13;
const SPACE = 32;

export class SseParser {
	private readonly decoder = new TextDecoder('utf-8');

	/** Text after the last complete line. */
	private pending = '';

	/** The previous read ended with CR: a LF opening the next read belongs to that line end. */
	private afterCr = false;

	private data: string | undefined;

	private event = '';

	/** Parses the next piece of the body; returns the events it completed, in order. */
	push(bytes: Uint8Array): SseEvent[] {
		const events: SseEvent[] = [];
		this.feed(this.decoder.decode(bytes, { stream: true }), events);
		return events;
	}

	/** The body has ended: returns an event left without its terminating blank line, if any. */
	end(): SseEvent[] {
		const events: SseEvent[] = [];
		this.feed(this.decoder.decode(), events);
		if (this.pending) this.line(this.pending, events);
		this.pending = '';
		this.dispatch(events);
		return events;
	}

	private feed(text: string, events: SseEvent[]): void {
		if (text.length === 0) return;
		const skipLf = this.afterCr && text.charCodeAt(0) === LF;
		this.afterCr = false;
		const buffer = this.pending + (skipLf ? text.slice(1) : text);
		let start = 0;
		// `pending` holds no line end, so the search starts after it. `lf` / `cr`: the next LF / CR at
		// or after `start`, -1 once there is none, so each read is scanned once for each character.
		let from = this.pending.length;
		let lf = -2;
		let cr = -2;
		for (;;) {
			if (lf !== -1 && lf < from) lf = buffer.indexOf('\n', from);
			if (cr !== -1 && cr < from) cr = buffer.indexOf('\r', from);
			const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			if (end === -1) break;
			this.line(buffer.slice(start, end), events);
			start = end + 1;
			if (buffer.charCodeAt(end) === CR) {
				if (start === buffer.length) this.afterCr = true;
				else if (buffer.charCodeAt(start) === LF) start++;
			}
			from = start;
		}
		this.pending = buffer.slice(start);
	}

	private line(line: string, events: SseEvent[]): void {
		if (line.length === 0) {
			this.dispatch(events);
			return;
		}
		const colon = line.indexOf(':');
		if (colon === 0) return;
		const end = colon === -1 ? line.length : colon;
		const value =
			colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
		if (end === 4 && line.startsWith('data')) {
			this.data = this.data === undefined ? value : `${this.data}\n${value}`;
		} else if (end === 5 && line.startsWith('event')) this.event = value;
	}

	private dispatch(events: SseEvent[]): void {
		if (this.data !== undefined) events.push({ event: this.event, data: this.data });
		this.data = undefined;
		this.event = '';
	}
}

/** One event of a streamed completion, whichever spelling the server used. */
export interface CompletionChunk {
	/** The text this event adds to the reply (a delta, not the text so far). */
	content: string;
	conversationId?: string;
	/** The final event: the reply is complete. */
	done: boolean;
	citations?: unknown[];
	citationNodes?: unknown[];
}

/**
 * Reads the data of one completion event: `{"conversationId"|"conversation_id", "content", "done",
 * "citations"?, "citationNodes"?}`. Returns `'[DONE]'` for the end marker some servers add after the
 * final event, and `undefined` for data that is not a JSON object (a broken or foreign event).
 */
export function parseCompletionEvent(data: string): CompletionChunk | '[DONE]' | undefined {
	if (data.length < 16 && data.trim() === '[DONE]') return '[DONE]';
	let parsed: unknown;
	try {
		parsed = JSON.parse(data);
	} catch {
		return undefined;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const event = parsed as Record<string, unknown>;
	const conversationId = event.conversationId ?? event.conversation_id;
	const chunk: CompletionChunk = {
		content: typeof event.content === 'string' ? event.content : '',
		done: event.done === true,
	};
	if (typeof conversationId === 'string' && conversationId) chunk.conversationId = conversationId;
	if (Array.isArray(event.citations)) chunk.citations = event.citations;
	const citationNodes = event.citationNodes ?? event.citation_nodes;
	if (Array.isArray(citationNodes)) chunk.citationNodes = citationNodes;
	return chunk;
}
