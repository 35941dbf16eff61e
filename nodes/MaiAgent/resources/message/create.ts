import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { toMillis } from '../../../shared/helpers/time';
import { getId, getText } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import { parseAttachments } from './attachments';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a message in a conversation',
	description:
		"Add a user message to a conversation; the assistant's reply goes to its webhook, or wait for it here",
};

export const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'Text of the message, as if the user wrote it',
	},
	simplifyField(),
	optionsCollection([
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
			// Adding the option is asking to wait: it starts switched on.
			default: true,
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

/** `{conversation, content, attachments?}`, failing before any request on bad input. */
function readBody(ctx: IExecuteFunctions, i: number): IDataObject {
	const body: IDataObject = {
		conversation: getId(ctx, 'conversation', 'Conversation', i),
		content: getText(ctx, 'content', i, {
			field: 'Content',
			hint: 'Enter the text of the message',
		}),
	};
	const attachments = parseAttachments(
		ctx.getNode(),
		ctx.getNodeParameter('options.attachments', i, '[]'),
		i,
	);
	if (attachments.length) body.attachments = attachments;
	return body;
}

export const execute: OperationExecute = async function (i, scope) {
	const message = await maiagentApi<IDataObject>(
		this,
		{ method: 'POST', url: 'messages/', body: readBody(this, i) },
		scope,
	);
	// Absent: not added to Options. Added: its own default (on).
	if (!(this.getNodeParameter('options.waitForReply', i, false) as boolean)) return message;
	return { ...message, reply: await waitForReply(this, i, message, scope) };
};

export const simplify = ({ reply, ...message }: IDataObject): IDataObject => ({
	...simplifyMessage(message),
	...(reply ? { reply: simplifyMessage(reply as IDataObject) } : {}),
});

/**
 * "Wait for Reply": polls the conversation (one request per poll: its `lastMessage`) until an
 * outgoing message newer than the created one appears.
 */
async function waitForReply(
	ctx: IExecuteFunctions,
	i: number,
	message: IDataObject,
	scope: RequestScope,
): Promise<IDataObject> {
	const timeoutMs = (ctx.getNodeParameter('options.replyTimeout', i, 120) as number) * 1000;
	const intervalMs = (ctx.getNodeParameter('options.pollInterval', i, 2) as number) * 1000;
	const sentAt = toMillis(message.createdAt) ?? 0;
	const deadline = Date.now() + timeoutMs;

	for (;;) {
		const conversation = await maiagentApi<IDataObject>(
			ctx,
			{ url: `conversations/${String(message.conversation)}/` },
			scope,
		);
		if (conversation.autoReplyEnabled === false) throw autoReplyOff(ctx, i, message);
		const last = conversation.lastMessage as IDataObject | null | undefined;
		if (
			last &&
			last.type === 'outgoing' &&
			last.id !== message.id &&
			(toMillis(last.createdAt) ?? 0) >= sentAt
		) {
			return last;
		}
		if (Date.now() + intervalMs > deadline) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No reply from the AI assistant within ${timeoutMs / 1000} s`,
				{
					itemIndex: i,
					description: `The message ${String(message.id)} was created; its reply may still arrive (see Message > Get Many). Raise "Reply Timeout" if the assistant is slow.`,
				},
			);
		}
		await sleep(intervalMs);
	}
}

/** Waiting is pointless while the assistant is paused for the conversation: say so at once. */
function autoReplyOff(ctx: IExecuteFunctions, i: number, message: IDataObject): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`No reply will come: auto-reply is off in conversation ${String(message.conversation)}`,
		{
			itemIndex: i,
			description: `The message ${String(message.id)} was created, but the AI assistant is paused for this conversation (a human handover). Turn it back on with Conversation > Set Auto-Reply, or switch off "Wait for Reply".`,
		},
	);
}
