/**
 * Message > Send: `POST chatbots/{chatbotId}/completions/`. With streaming on (the default) the
 * reply is read as it is generated and each delta is relayed at once to n8n chat (Chat Trigger or
 * a Webhook responding with "Streaming") when the run has a streaming consumer; whatever the mode,
 * the node outputs one item with the complete reply.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { chatbotLocator, conversationLocator } from '../../../shared/descriptions/locators';
import {
	getId,
	getText,
	parseJsonObject,
	readText,
	requireId,
	splitList,
	textOf,
} from '../../../shared/helpers/validate';
import { toNodeApiError } from '../../../shared/transport/errors';
import { maiagentRequest } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import type { Reply } from './reply';
import {
	ChatRelay,
	emptyReply,
	incompleteReply,
	readAll,
	readStream,
	timeoutReason,
} from './reply';
import { resolveSession } from './session';
import type { Attachment, AttachmentType } from './attachments';
import { ATTACHMENT_TYPES, parseAttachments, uploadBinaryAttachments } from './attachments';

export const option: OperationOption = {
	name: 'Send',
	value: 'send',
	action: 'Send a message to an AI assistant',
	description:
		'Send a message to an AI assistant and get its reply (streamed live to n8n chat when the workflow streams)',
	builderHint: {
		propertyHint:
			"The way to ask a MaiAgent assistant and get its answer: output { conversationId, content (the complete reply), citations }. Behind a Chat Trigger: Message = {{ $json.chatInput }}, Options > Session Key = {{ $json.sessionId }}, and the Chat Trigger's response mode Streaming for a live reply.",
	},
};

const DEFAULT_TIMEOUT_S = 120;

export const properties: INodeProperties[] = [
	chatbotLocator(),
	{
		displayName: 'Message',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.chatInput }}',
		builderHint: {
			propertyHint:
				"The user's text, usually an expression: {{ $json.chatInput }} after a Chat Trigger, {{ $json.content }} after a MaiAgent Trigger",
		},
		description:
			"The user's message to the AI assistant. The output's `content` is the assistant's complete reply.",
	},
	conversationLocator({
		required: false,
		builderHint: {
			propertyHint:
				'Leave empty (a new conversation) unless continuing a known conversation ID; for multi-turn chat set Options > Session Key instead',
		},
		description:
			'The conversation to continue. Leave empty to start a new one (its ID is in the output as `conversationId`), or set Options > Session Key to continue conversations automatically.',
	}),
	optionsCollection([
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
			builderHint: {
				propertyHint:
					'Set to {{ $json.sessionId }} after a Chat Trigger so each chat session keeps one MaiAgent conversation; do not combine with Sender Contact ID',
			},
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
	const setting = <T>(name: string, fallback: T): T =>
		ctx.getNodeParameter(`options.${name}`, i, fallback) as T;
	const content = getText(ctx, 'content', i, {
		field: 'Message',
		hint: 'Enter the text to send to the AI assistant',
	}).trim();
	const conversation = textOf(
		node,
		ctx.getNodeParameter('conversation', i, '', { extractValue: true }),
		'Conversation',
		i,
	);
	const sender = readText(ctx, 'options.sender', i, 'Sender Contact ID')?.trim();
	const message: IDataObject = { content };
	for (const [name, field] of [
		['contentPayload', 'Content Payload (JSON)'],
		['queryMetadata', 'Query Metadata (JSON)'],
		['metadata', 'Metadata (JSON)'],
	]) {
		const value = parseJsonObject(node, setting(name, ''), field, i);
		if (value && Object.keys(value).length > 0) message[name] = value as IDataObject;
	}
	if (sender) message.sender = requireId(node, sender, 'Sender Contact ID', i);
	const sessionKey = readText(ctx, 'options.sessionKey', i, 'Session Key')?.trim() ?? '';
	if (sender && sessionKey) {
		throw new NodeOperationError(node, 'Set either Sender Contact ID or Session Key, not both', {
			description: 'A Session Key sends as its own MaiAgent contact, which keeps the session',
			itemIndex: i,
		});
	}
	return {
		chatbotId: getId(ctx, 'chatbot', 'AI Assistant', i),
		content,
		conversationId: conversation ? requireId(node, conversation, 'Conversation', i) : undefined,
		sessionKey,
		message,
		binaryProperties: splitList(setting('binaryProperties', '')),
		attachmentType: setting('attachmentType', 'auto'),
		attachments: parseAttachments(node, setting('attachments', ''), i),
		streaming: setting('streaming', true),
		timeoutMs: setting('timeout', DEFAULT_TIMEOUT_S) * 1000,
	};
}

interface Exchange {
	request: SendRequest;
	conversationId: string | undefined;
	attachments: Attachment[];
	scope: RequestScope;
}

interface Signals {
	/** The whole exchange, body included: n8n's own request timeout stops at the response headers. */
	deadline: AbortSignal;
	/** Aborted once the reply is complete or has failed: the connection to MaiAgent is closed then. */
	exchange: AbortController;
}

/** The completions request; the deadline passing before MaiAgent answers is an empty reply. */
async function postCompletion(
	ctx: IExecuteFunctions,
	i: number,
	{ request, conversationId, attachments, scope }: Exchange,
	{ deadline, exchange }: Signals,
) {
	const message = attachments.length ? { ...request.message, attachments } : request.message;
	// Retries (429/503) happen inside this call, before any byte of the reply is read.
	return await maiagentRequest<unknown>(
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
		scope,
	).catch((error: unknown) => {
		if (deadline.aborted)
			throw incompleteReply(
				ctx,
				{ label: option.action, itemIndex: i },
				timeoutReason(request.timeoutMs),
				emptyReply(),
			);
		throw error;
	});
}

async function complete(ctx: IExecuteFunctions, i: number, exchange: Exchange): Promise<Reply> {
	const { request, scope } = exchange;
	const signals = {
		deadline: AbortSignal.timeout(request.timeoutMs),
		exchange: new AbortController(),
	};
	const relay = new ChatRelay(ctx, i);
	try {
		const response = await postCompletion(ctx, i, exchange, signals);
		const contentType = String(response.headers['content-type'] ?? '');
		if (request.streaming && !contentType.includes('application/json')) {
			const body = response.body as Parameters<typeof readStream>[1]['body'];
			return await readStream(ctx, {
				label: option.action,
				itemIndex: i,
				body,
				...signals,
				timeoutMs: request.timeoutMs,
				relay,
			});
		}
		// Non-streaming, or a server that answered a streaming request with plain JSON.
		const reply = (
			request.streaming ? JSON.parse(await readAll(response.body)) : response.body
		) as Reply;
		await relay.send(String(reply.content ?? ''));
		return reply;
	} catch (error) {
		// Everything above fails with a NodeApiError already; anything else is reported the same way.
		const failure = toNodeApiError(ctx.getNode(), error, scope);
		await relay.fail(failure);
		throw failure;
	} finally {
		signals.exchange.abort();
		await relay.end();
	}
}

export const execute: OperationExecute = async function (i, scope) {
	const request = readRequest(this, i);
	// The session's contact is the sender; without a Conversation it continues the contact's latest.
	const session = request.sessionKey
		? await resolveSession(this, {
				chatbotId: request.chatbotId,
				sessionKey: request.sessionKey,
				scope,
				withConversation: !request.conversationId,
			})
		: undefined;
	if (session) request.message.sender = session.contactId;
	const conversationId = request.conversationId ?? session?.conversationId;
	const uploaded = await uploadBinaryAttachments(this, i, request.binaryProperties, {
		type: request.attachmentType,
		timeout: request.timeoutMs,
	});
	const attachments = [...request.attachments, ...uploaded];
	return (await complete(this, i, { request, conversationId, attachments, scope })) as IDataObject;
};
