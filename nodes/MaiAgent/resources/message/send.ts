/**
 * Message > Send: `POST chatbots/{chatbotId}/completions/`. With streaming on (the default) the
 * reply is read as it is generated and each delta is relayed at once to n8n chat (Chat Trigger or
 * a Webhook responding with "Streaming") when the run has a streaming consumer; whatever the mode,
 * the node outputs one item with the complete reply.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { chatbotLocator, conversationLocator, optionsCollection } from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { resolveSession } from '../../shared/session';
import type { SseEvent } from '../../shared/sse';
import { parseCompletionEvent, SseParser } from '../../shared/sse';
import type { RetryPolicy } from '../../shared/transport';
import { maiagentRequest, readRetryPolicy, toNodeApiError } from '../../shared/transport';
import type { Attachment, AttachmentType } from '../../shared/upload';
import {
	ATTACHMENT_TYPES,
	parseAttachments,
	splitPropertyNames,
	uploadBinaryAttachments,
} from '../../shared/upload';
import { getId, parseJsonObject, requireId } from '../../shared/validate';

const show = { resource: ['message'], operation: ['send'] };

const DEFAULT_TIMEOUT_S = 120;
/** Longest partial reply quoted in an error message (the whole text is in the error item). */
const QUOTE_LIMIT = 2_000;

export const description: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	{
		displayName: 'Message',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.chatInput }}',
		displayOptions: { show },
		description:
			"The user's message to the AI assistant. The output's `content` is the assistant's complete reply.",
	},
	conversationLocator({
		required: false,
		displayOptions: { show },
		description:
			'The conversation to continue. Leave empty to start a new one (its ID is in the output as `conversationId`), or set Options > Session Key to continue conversations automatically.',
	}),
	optionsCollection(show, [
		{
			displayName: 'Attachment Type',
			name: 'attachmentType',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'From MIME Type',
					value: 'auto',
					description: 'Image, Audio or Video for image/*, audio/*, video/* files, else Other',
				},
				...ATTACHMENT_TYPES.map((type) => ({
					name: type[0].toUpperCase() + type.slice(1),
					value: type,
				})),
			],
			description: 'MaiAgent attachment type of the uploaded files',
		},
		{
			displayName: 'Attachments (Binary Properties)',
			name: 'binaryProperties',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, image',
			description:
				"Names of the input item's binary properties to upload and attach to the message, separated by commas",
		},
		{
			displayName: 'Content Payload (JSON)',
			name: 'contentPayload',
			type: 'json',
			default: '{}',
			description: 'Extra structured payload sent with the message (a JSON object)',
		},
		{
			displayName: 'Existing Attachments (JSON)',
			name: 'attachments',
			type: 'json',
			default: '[]',
			description:
				'Attachments already registered in MaiAgent, e.g. from an earlier upload: a JSON array of objects with their ID, type, filename and file URL',
		},
		{
			displayName: 'Metadata (JSON)',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: 'Environment metadata of the message, e.g. {"timezone": "Asia/Taipei"}',
		},
		{
			displayName: 'Query Metadata (JSON)',
			name: 'queryMetadata',
			type: 'json',
			default: '{}',
			description:
				'Metadata the assistant uses to filter its knowledge base for this question (a JSON object, e.g. with knowledge_bases or label_relations)',
		},
		{
			displayName: 'Sender Contact ID',
			name: 'sender',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
			description:
				'The MaiAgent contact who sends the message; links the conversation to that contact',
		},
		{
			displayName: 'Session Key',
			name: 'sessionKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.sessionId }}',
			description:
				"Messages with the same key continue the same MaiAgent conversation (e.g. the Chat Trigger's sessionId), in every n8n process. The key is kept in MaiAgent as a contact of the assistant's web inbox, which sends the messages; an explicit Conversation wins and becomes the key's conversation.",
		},
		{
			displayName: 'Stream Reply',
			name: 'streaming',
			type: 'boolean',
			default: true,
			description:
				"Whether to receive the reply as it is generated and relay it live to n8n chat (a Chat Trigger or a Webhook responding with 'Streaming'). The node outputs the complete reply either way.",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_S,
			description:
				'Longest wait for the complete reply. When it passes, the node fails with the part of the reply received so far.',
		},
	]),
];

/** What one item asks MaiAgent, read and validated before any request. */
interface SendRequest {
	chatbotId: string;
	content: string;
	conversationId?: string;
	sessionKey: string;
	message: IDataObject;
	binaryProperties: string[];
	attachmentType: AttachmentType | 'auto';
	attachments: Attachment[];
	streaming: boolean;
	timeoutMs: number;
}

function readRequest(ctx: IExecuteFunctions, i: number): SendRequest {
	const node = ctx.getNode();
	const option = <T>(name: string, fallback: T): T =>
		ctx.getNodeParameter(`options.${name}`, i, fallback) as T;
	const content = String(ctx.getNodeParameter('content', i, '')).trim();
	if (!content) {
		throw new NodeOperationError(node, 'Message is required', {
			description: 'Enter the text to send to the AI assistant',
			itemIndex: i,
		});
	}
	const conversation = ctx.getNodeParameter('conversation', i, '', {
		extractValue: true,
	}) as string;
	const sender = option('sender', '').trim();
	const message: IDataObject = { content };
	for (const [name, field] of [
		['contentPayload', 'Content Payload (JSON)'],
		['queryMetadata', 'Query Metadata (JSON)'],
		['metadata', 'Metadata (JSON)'],
	]) {
		const value = parseJsonObject(node, option(name, ''), field, i);
		if (value && Object.keys(value).length > 0) message[name] = value as IDataObject;
	}
	if (sender) message.sender = requireId(node, sender, 'Sender Contact ID', i);
	const sessionKey = String(option('sessionKey', '')).trim();
	if (sender && sessionKey) {
		throw new NodeOperationError(node, 'Set either Sender Contact ID or Session Key, not both', {
			description: 'A Session Key sends as its own MaiAgent contact, which keeps the session',
			itemIndex: i,
		});
	}
	return {
		chatbotId: getId(ctx, 'chatbot', 'AI Assistant', i),
		content,
		conversationId: conversation?.trim()
			? requireId(node, conversation, 'Conversation', i)
			: undefined,
		sessionKey,
		message,
		binaryProperties: splitPropertyNames(option('binaryProperties', '')),
		attachmentType: option('attachmentType', 'auto'),
		attachments: parseAttachments(node, option('attachments', ''), i),
		streaming: option('streaming', true),
		timeoutMs: option('timeout', DEFAULT_TIMEOUT_S) * 1000,
	};
}

/** The node's output for one message: the complete reply. */
interface Reply extends IDataObject {
	conversationId: string | null;
	content: string;
	citations: unknown[];
}

/** Sends n8n chat (when the run streams) the reply of item `i` as it arrives. */
class ChatRelay {
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

/** An incomplete reply: the error carries what arrived (output as the error item's json). */
function incompleteReply(
	ctx: IExecuteFunctions,
	i: number,
	reason: string,
	partial: Reply,
): NodeApiError {
	const quote =
		partial.content.length > QUOTE_LIMIT
			? `${partial.content.slice(0, QUOTE_LIMIT)}…`
			: partial.content;
	const error = new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `${ACTIONS.message.send} failed: ${reason}`,
		description: partial.content
			? `Partial reply (${partial.deltas as number} deltas): "${quote}"`
			: 'No part of the reply had arrived',
		itemIndex: i,
	});
	return Object.assign(error, { partial: { ...partial, complete: false } });
}

/**
 * Reads the event stream of a completion. Deltas are relayed as they are parsed; the reply is
 * complete at the `done: true` event or at a `[DONE]` marker, whichever comes first (MaiAgent's
 * examples end either way). Then `exchange` is aborted at once: MaiAgent may keep the connection
 * open, and nothing else would close it. A body that ends, breaks or times out before the reply is
 * complete is an error carrying the partial reply. Events that are not JSON are skipped and counted
 * in `skippedEvents`.
 */
async function readStream(
	ctx: IExecuteFunctions,
	i: number,
	body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void },
	deadline: AbortSignal,
	exchange: AbortController,
	timeoutMs: number,
	relay: ChatRelay,
): Promise<Reply> {
	const reply: Reply = { conversationId: null, content: '', citations: [], deltas: 0 };
	let skipped = 0;
	let done = false;
	const parser = new SseParser();
	/** Takes one event into the reply; answers the text to relay. */
	const take = (data: string): string => {
		const chunk = parseCompletionEvent(data);
		if (chunk === '[DONE]') {
			done = true;
			return '';
		}
		if (!chunk) {
			skipped++;
			return '';
		}
		reply.conversationId ??= chunk.conversationId ?? null;
		if (chunk.citations) reply.citations = chunk.citations;
		if (chunk.citationNodes) reply.citationNodes = chunk.citationNodes as IDataObject[];
		if (chunk.content) {
			reply.content += chunk.content;
			reply.deltas = (reply.deltas as number) + 1;
		}
		done = chunk.done;
		return chunk.content;
	};
	const relayAll = async (events: SseEvent[]) => {
		for (const event of events) {
			const delta = take(event.data);
			if (delta) await relay.send(delta);
			if (done) return;
		}
	};
	// The signal also reaches axios; this stops the loop at the deadline even where it would not.
	const onTimeout = () => body.destroy(new Error('timeout'));
	deadline.addEventListener('abort', onTimeout, { once: true });
	try {
		for await (const bytes of body) {
			await relayAll(parser.push(bytes));
			if (done) {
				// Before leaving the loop: axios stops listening to the signal once the body is destroyed.
				exchange.abort();
				break;
			}
		}
		if (!done) await relayAll(parser.end());
	} catch {
		if (deadline.aborted) throw incompleteReply(ctx, i, timeoutReason(timeoutMs), reply);
		// No error code in the message: NodeApiError would swap the whole message for a generic text.
		throw incompleteReply(ctx, i, 'the connection dropped before the reply was complete', reply);
	} finally {
		deadline.removeEventListener('abort', onTimeout);
	}
	if (!done) {
		throw incompleteReply(
			ctx,
			i,
			'the reply stream ended before the reply was complete (no "done" event)',
			reply,
		);
	}
	if (skipped > 0) reply.skippedEvents = skipped;
	return reply;
}

function timeoutReason(timeoutMs: number): string {
	return `no complete reply within the timeout (${timeoutMs / 1000} s)`;
}

async function complete(
	ctx: IExecuteFunctions,
	i: number,
	request: SendRequest,
	conversationId: string | undefined,
	attachments: Attachment[],
	policy: RetryPolicy,
): Promise<Reply> {
	const message = attachments.length ? { ...request.message, attachments } : request.message;
	// The whole exchange, body included: n8n's own request timeout stops at the response headers.
	const deadline = AbortSignal.timeout(request.timeoutMs);
	// Aborted once the reply is complete or has failed: the connection to MaiAgent is closed then.
	const exchange = new AbortController();
	const relay = new ChatRelay(ctx, i);
	try {
		// Retries (429/503) happen inside this call, before any byte of the reply is read.
		const response = await maiagentRequest<unknown>(
			ctx,
			{
				method: 'POST',
				url: `chatbots/${request.chatbotId}/completions/`,
				body: {
					...(conversationId ? { conversation: conversationId } : {}),
					message,
					isStreaming: request.streaming,
				} as IDataObject,
				headers: request.streaming ? { Accept: 'text/event-stream, application/json' } : undefined,
				encoding: request.streaming ? 'stream' : 'json',
				timeout: request.timeoutMs,
				signal: AbortSignal.any([deadline, exchange.signal]),
			},
			policy,
		).catch((error: unknown) => {
			if (deadline.aborted)
				throw incompleteReply(ctx, i, timeoutReason(request.timeoutMs), emptyReply());
			throw error;
		});
		const contentType = String(response.headers['content-type'] ?? '');
		if (request.streaming && !contentType.includes('application/json')) {
			const body = response.body as Parameters<typeof readStream>[2];
			return await readStream(ctx, i, body, deadline, exchange, request.timeoutMs, relay);
		}
		// Non-streaming, or a server that answered a streaming request with plain JSON.
		const reply = (
			request.streaming ? JSON.parse(await readAll(response.body)) : response.body
		) as Reply;
		await relay.send(String(reply.content ?? ''));
		return reply;
	} catch (error) {
		// Everything above fails with a NodeApiError already; anything else is reported the same way.
		const failure = toNodeApiError(ctx.getNode(), error, policy);
		await relay.fail(failure);
		throw failure;
	} finally {
		exchange.abort();
		await relay.end();
	}
}

function emptyReply(): Reply {
	return { conversationId: null, content: '', citations: [], deltas: 0 };
}

async function readAll(body: unknown): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8');
}

async function sendItem(ctx: IExecuteFunctions, i: number): Promise<IDataObject> {
	const request = readRequest(ctx, i);
	const policy = readRetryPolicy(ctx, ACTIONS.message.send, i);
	// The session's contact is the sender; without a Conversation it continues the contact's latest.
	const session = request.sessionKey
		? await resolveSession(
				ctx,
				request.chatbotId,
				request.sessionKey,
				policy,
				!request.conversationId,
			)
		: undefined;
	if (session) request.message.sender = session.contactId;
	const conversationId = request.conversationId ?? session?.conversationId;
	const uploaded = await uploadBinaryAttachments(ctx, i, request.binaryProperties, {
		type: request.attachmentType,
		timeout: request.timeoutMs,
	});
	const reply = await complete(
		ctx,
		i,
		request,
		conversationId,
		[...request.attachments, ...uploaded],
		policy,
	);
	return reply;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => await sendItem(this, i));
}
