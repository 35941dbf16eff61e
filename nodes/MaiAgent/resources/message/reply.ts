/**
 * The reply of a completion as Send reads it: the event stream parsed as it arrives, each delta
 * relayed to n8n chat, complete at the `done: true` event or a `[DONE]` marker. A body that ends,
 * breaks or times out first is an error carrying the partial reply.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { SseEvent } from '../../../shared/transport/sse';
import { parseCompletionEvent, SseParser } from '../../../shared/transport/sse';

/** Longest partial reply quoted in an error message (the whole text is in the error item). */
const QUOTE_LIMIT = 2_000;

/** The node's output for one message: the complete reply. */
export interface Reply extends IDataObject {
	conversationId: string | null;
	content: string;
	citations: unknown[];
}

/** Sends n8n chat (when the run streams) the reply of item `i` as it arrives. */
export class ChatRelay {
	private readonly enabled: boolean;

	private begun = false;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {
		this.enabled = typeof ctx.isStreaming === 'function' && ctx.isStreaming();
	}

	async send(text: string): Promise<void> {
		if (!this.enabled || !text) return;
		if (!this.begun) {
			this.begun = true;
			await this.ctx.sendChunk('begin', this.itemIndex);
		}
		await this.ctx.sendChunk('item', this.itemIndex, text);
	}

	/**
	 * Tells the chat that the reply failed and why, before the reply's `end`: n8n's own `error`
	 * chunk comes after it, carries only the error's description, and a chat may already show the
	 * partial text as a finished answer by then. The blank lines keep n8n's "Error: …" line apart.
	 */
	async fail(error: Error): Promise<void> {
		await this.send(`${this.begun ? '\n\n' : ''}⚠️ ${error.message}\n\n`);
	}

	async end(): Promise<void> {
		if (this.begun) await this.ctx.sendChunk('end', this.itemIndex);
	}
}

/** Where a reply belongs: the operation (its action, as errors name it) and the item. */
export interface ReplyOf {
	label: string;
	itemIndex: number;
}

/** An incomplete reply: the error carries what arrived (output as the error item's json). */
export function incompleteReply(
	ctx: IExecuteFunctions,
	of: ReplyOf,
	reason: string,
	partial: Reply,
): NodeApiError {
	const quote =
		partial.content.length > QUOTE_LIMIT
			? `${partial.content.slice(0, QUOTE_LIMIT)}…`
			: partial.content;
	const error = new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `${of.label} failed: ${reason}`,
		description: partial.content
			? `Partial reply (${partial.deltas as number} deltas): "${quote}"`
			: 'No part of the reply had arrived',
		itemIndex: of.itemIndex,
	});
	return Object.assign(error, { partial: { ...partial, complete: false } });
}

/** A reply built from the events of a completion, and whether it is complete. */
class ReplyBuilder {
	readonly reply: Reply = emptyReply();
	/** Events that were not JSON. */
	skipped = 0;
	done = false;

	/** Takes one event into the reply; answers the text to relay. */
	take(data: string): string {
		const chunk = parseCompletionEvent(data);
		if (chunk === '[DONE]') {
			this.done = true;
			return '';
		}
		if (!chunk) {
			this.skipped++;
			return '';
		}
		const reply = this.reply;
		reply.conversationId ??= chunk.conversationId ?? null;
		if (chunk.citations) reply.citations = chunk.citations;
		if (chunk.citationNodes) reply.citationNodes = chunk.citationNodes as IDataObject[];
		if (chunk.content) {
			reply.content += chunk.content;
			reply.deltas = (reply.deltas as number) + 1;
		}
		this.done = chunk.done;
		return chunk.content;
	}
}

export interface StreamOptions extends ReplyOf {
	body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void };
	/** The whole exchange's timeout (`timeoutMs`), as a signal. */
	deadline: AbortSignal;
	/** Aborted once the reply is complete: closes the connection. */
	exchange: AbortController;
	timeoutMs: number;
	relay: ChatRelay;
}

/**
 * Reads the event stream of a completion. Deltas are relayed as they are parsed; the reply is
 * complete at the `done: true` event or at a `[DONE]` marker, whichever comes first (MaiAgent's
 * examples end either way). Then `exchange` is aborted at once: MaiAgent may keep the connection
 * open, and nothing else would close it. A body that ends, breaks or times out before the reply is
 * complete is an error carrying the partial reply. Events that are not JSON are skipped and counted
 * in `skippedEvents`.
 */
export async function readStream(ctx: IExecuteFunctions, options: StreamOptions): Promise<Reply> {
	const { body, deadline, exchange, relay } = options;
	const builder = new ReplyBuilder();
	const parser = new SseParser();
	const relayAll = async (events: SseEvent[]) => {
		for (const event of events) {
			const delta = builder.take(event.data);
			if (delta) await relay.send(delta);
			if (builder.done) return;
		}
	};
	// The signal also reaches axios; this stops the loop at the deadline even where it would not.
	const onTimeout = () => body.destroy(new Error('timeout'));
	deadline.addEventListener('abort', onTimeout, { once: true });
	try {
		for await (const bytes of body) {
			await relayAll(parser.push(bytes));
			if (builder.done) {
				// Before leaving the loop: axios stops listening to the signal once the body is destroyed.
				exchange.abort();
				break;
			}
		}
		if (!builder.done) await relayAll(parser.end());
	} catch {
		// No error code in the message: NodeApiError would swap the whole message for a generic text.
		const reason = deadline.aborted
			? timeoutReason(options.timeoutMs)
			: 'the connection dropped before the reply was complete';
		throw incompleteReply(ctx, options, reason, builder.reply);
	} finally {
		deadline.removeEventListener('abort', onTimeout);
	}
	if (!builder.done) {
		const reason = 'the reply stream ended before the reply was complete (no "done" event)';
		throw incompleteReply(ctx, options, reason, builder.reply);
	}
	if (builder.skipped > 0) builder.reply.skippedEvents = builder.skipped;
	return builder.reply;
}

export function timeoutReason(timeoutMs: number): string {
	return `no complete reply within the timeout (${timeoutMs / 1000} s)`;
}

export function emptyReply(): Reply {
	return { conversationId: null, content: '', citations: [], deltas: 0 };
}

export async function readAll(body: unknown): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8');
}
