import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { toMillis } from '../../../shared/helpers/time';
import { getItemId, getItemText } from '../../../shared/helpers/validate';
import { declarativeOperation } from '../../../shared/transport/declarative';
import { maiagentApi } from '../../../shared/transport/request';
import { readRequestScope } from '../../../shared/transport/retry';
import { parseAttachments } from '../../helpers/upload';

export const option = declarativeOperation({
	name: 'Create',
	value: 'create',
	action: 'Create a message in a conversation',
	description:
		"Add a user message to a conversation; the assistant's reply goes to its webhook, or wait for it here",
	request: { method: 'POST', url: '/messages/' },
	preSend: [validate],
	postReceive: [waitForReply],
});

const show = { resource: ['message'], operation: ['create'] };

export const properties: INodeProperties[] = [
	conversationLocator({
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'conversation' } },
	}),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		displayOptions: { show },
		description: 'Text of the message, as if the user wrote it',
		routing: { send: { type: 'body', property: 'content' } },
	},
	optionsCollection(show, [
		{
			displayName: 'Existing Attachments (JSON)',
			name: 'attachments',
			type: 'json',
			default: '[]',
			description:
				'Attachments already registered in MaiAgent: a JSON array of objects with their ID, type, filename and file URL',
		},
		{
			displayName: 'Wait for Reply',
			name: 'waitForReply',
			type: 'boolean',
			default: false,
			description:
				"Whether to wait for the AI assistant's reply and output it with the message (otherwise MaiAgent delivers the reply to the assistant's webhook)",
		},
		{
			displayName: 'Reply Timeout (Seconds)',
			name: 'replyTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			displayOptions: { show: { waitForReply: [true] } },
			description: 'How long to wait for the reply before failing',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 2,
			displayOptions: { show: { waitForReply: [true] } },
			description: 'How often to check the conversation for the reply while waiting',
		},
	]),
];

/** Fails before any request when the conversation or the text is missing. */
export async function validate(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	getItemId(this, 'conversation', 'Conversation');
	getItemText(this, 'content', 'Content', 'Enter the text of the message');
	const attachments = parseAttachments(
		this.getNode(),
		this.getNodeParameter('options.attachments', '[]'),
		this.getItemIndex(),
	);
	if (attachments.length) options.body = { ...(options.body as IDataObject), attachments };
	return options;
}

/**
 * "Wait for Reply": polls the conversation (one request per poll: its `lastMessage`) until an
 * outgoing message newer than the created one appears, then outputs `{ ...message, reply }`.
 */
export async function waitForReply(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!(this.getNodeParameter('options.waitForReply', false) as boolean)) return items;
	const message = items[0].json;
	const timeoutMs = (this.getNodeParameter('options.replyTimeout', 120) as number) * 1000;
	const intervalMs = (this.getNodeParameter('options.pollInterval', 2) as number) * 1000;
	const scope = readRequestScope(this, option.action);
	const sentAt = toMillis(message.createdAt) ?? 0;
	const deadline = Date.now() + timeoutMs;

	for (;;) {
		const conversation = await maiagentApi<IDataObject>(
			this,
			{ url: `conversations/${String(message.conversation)}/` },
			scope,
		);
		const last = conversation.lastMessage as IDataObject | null | undefined;
		if (
			last &&
			last.type === 'outgoing' &&
			last.id !== message.id &&
			(toMillis(last.createdAt) ?? 0) >= sentAt
		) {
			return [{ ...items[0], json: { ...message, reply: last } }];
		}
		if (Date.now() + intervalMs > deadline) {
			throw new NodeOperationError(
				this.getNode(),
				`No reply from the AI assistant within ${timeoutMs / 1000} s`,
				{
					itemIndex: this.getItemIndex(),
					description: `The message ${String(message.id)} was created; its reply may still arrive (see Message > Get Many). Raise "Reply Timeout" if the assistant is slow.`,
				},
			);
		}
		await sleep(intervalMs);
	}
}
