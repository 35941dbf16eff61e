import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { contactLocator, conversationLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import type { FieldReader } from '../../sendAndWait/settings';
import {
	choicesOf,
	DEFAULT_APPROVE_LABEL,
	DEFAULT_DECLINE_LABEL,
	DEFAULT_FORM_BUTTON_LABEL,
	DEFAULT_FORM_LINK_LABEL,
	DEFAULT_WAIT_LIMIT,
	DEFAULT_WAIT_LIMIT_UNIT,
	formLinkLabel,
	responseTypeOf,
	SEND_AND_WAIT_OPERATION,
	waitLimitMs,
} from '../../sendAndWait/settings';

export const option: OperationOption = {
	name: 'Send and Wait for Response',
	value: SEND_AND_WAIT_OPERATION,
	action: 'Send a message and wait for response',
	description:
		"Ask the customer in their chat, as a human agent, and wait for their answer (approve or decline, or a short form): n8n's human in the loop",
};

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait Limit',
		name: 'waitLimit',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: DEFAULT_WAIT_LIMIT,
		description:
			'How long to wait for the answer (in Wait Limit Unit). Then the node passes its input item on unchanged: no "approved" field. Default: 1 day.',
	},
	{
		displayName: 'Wait Limit Unit',
		name: 'waitLimitUnit',
		type: 'options',
		options: [
			{ name: 'Days', value: 'days' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Minutes', value: 'minutes' },
		],
		default: DEFAULT_WAIT_LIMIT_UNIT,
	},
	{
		displayName: 'Form Link Label',
		name: 'formLinkLabel',
		type: 'string',
		default: DEFAULT_FORM_LINK_LABEL,
		displayOptions: { show: { '/responseType': ['freeText'] } },
		description: 'The text before the link to the form in the message',
	},
	{
		displayName: 'Form Button Label',
		name: 'formButtonLabel',
		type: 'string',
		default: DEFAULT_FORM_BUTTON_LABEL,
		displayOptions: { show: { '/responseType': ['freeText'] } },
		description: 'The button that sends the answer on the form',
	},
];

export const properties: INodeProperties[] = [
	{
		displayName:
			'The customer answers by opening a link to this n8n: its address (WEBHOOK_URL) must be reachable from their phone or browser. The message is sent as a human agent (Send as Agent, a preview endpoint).',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Ask In',
		name: 'askIn',
		type: 'options',
		options: [
			{
				name: 'Conversation',
				value: 'conversation',
				description: 'A conversation picked from the list or given by ID',
			},
			{
				name: 'Latest Conversation of a Contact',
				value: 'contact',
				description: "The contact's most recently active conversation (their LINE or web chat)",
			},
		],
		default: 'conversation',
	},
	conversationLocator({ displayOptions: { show: { askIn: ['conversation'] } } }),
	contactLocator({ displayOptions: { show: { askIn: ['contact'] } } }),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. Shall we refund order #1234 (NT$1,200) to your card?',
		description:
			'The question the customer sees in their chat; the links to answer follow it, one per line',
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'The customer opens the link of their choice (approve, or decline)',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'The customer opens a link to a short form and writes an answer',
			},
		],
		default: 'approval',
	},
	{
		displayName: 'Approval Type',
		name: 'approvalType',
		type: 'options',
		options: [
			{ name: 'Approve and Decline', value: 'double' },
			{ name: 'Approve Only', value: 'single' },
		],
		default: 'double',
		displayOptions: { show: { responseType: ['approval'] } },
	},
	{
		displayName: 'Approve Label',
		name: 'approveLabel',
		type: 'string',
		default: DEFAULT_APPROVE_LABEL,
		displayOptions: { show: { responseType: ['approval'] } },
	},
	{
		displayName: 'Decline Label',
		name: 'disapproveLabel',
		type: 'string',
		default: DEFAULT_DECLINE_LABEL,
		displayOptions: { show: { responseType: ['approval'], approvalType: ['double'] } },
	},
	optionsCollection(waitOptions),
];

/** The node's link-signing and waiting API, missing from n8n versions before signed links. */
interface WaitingContext {
	getSignedResumeUrl?: (parameters?: Record<string, string>) => string;
	/** n8n 2.8 and older 2.x: checks the signature only when the node asks for it. */
	setSignatureValidationRequired?: () => void;
}

interface Question {
	content: string;
	waitTill: Date;
}

function fail(ctx: IExecuteFunctions, i: number, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** The links of the message: n8n's signed resume URLs of this execution and node, nothing else. */
function signedLinks(ctx: IExecuteFunctions, i: number, read: FieldReader): string[] {
	const waiting = ctx as unknown as WaitingContext;
	if (typeof waiting.getSignedResumeUrl !== 'function')
		fail(
			ctx,
			i,
			'This n8n cannot sign resume links',
			'Send and Wait needs an n8n version with signed resume links (getSignedResumeUrl): update n8n',
		);
	const sign = waiting.getSignedResumeUrl.bind(ctx);
	if (responseTypeOf(read) === 'freeText') return [`${formLinkLabel(read)}: ${sign()}`];
	return choicesOf(read).map(
		(choice) => `${choice.label}: ${sign({ approved: String(choice.approved) })}`,
	);
}

/** Everything the message needs, checked before any request. */
function readQuestion(ctx: IExecuteFunctions, i: number): Question {
	const count = ctx.getInputData().length;
	if (count > 1)
		fail(
			ctx,
			i,
			`Send and Wait asks one question per execution, but it got ${count} items`,
			'An execution waits for one answer. Keep one item (e.g. a Limit node), or ask per item with Loop Over Items (batch size 1) or a sub-workflow.',
		);
	const read: FieldReader = (name, fallback) => ctx.getNodeParameter(name, i, fallback);
	const message = read('message', '');
	// Message > Get has a field of the same name (a picker): switching operations can carry its value over.
	const question = typeof message === 'string' ? message.trim() : '';
	if (!question)
		fail(
			ctx,
			i,
			'Message is required',
			typeof message === 'string'
				? 'Enter the question the customer should answer'
				: 'Message holds a picked message, not text: enter the question the customer should answer',
		);
	const limitMs = waitLimitMs(read);
	if (limitMs === undefined)
		fail(
			ctx,
			i,
			'Wait Limit must be a positive number of minutes, hours or days',
			`Got ${String(read('options.waitLimit', DEFAULT_WAIT_LIMIT))} ${String(read('options.waitLimitUnit', DEFAULT_WAIT_LIMIT_UNIT))}`,
		);
	const links = signedLinks(ctx, i, read);
	return {
		content: `${question}\n\n${links.join('\n')}`,
		waitTill: new Date(Date.now() + limitMs),
	};
}

/** The ID of a valid conversation or contact, checked before any request. */
function readTarget(
	ctx: IExecuteFunctions,
	i: number,
): { contact?: string; conversation?: string } {
	return ctx.getNodeParameter('askIn', i, 'conversation') === 'contact'
		? { contact: getId(ctx, 'contact', 'Contact', i) }
		: { conversation: getId(ctx, 'conversation', 'Conversation', i) };
}

/**
 * The contact's latest conversation. MaiAgent answers 404 both for an unknown contact and for one
 * without a conversation: the contact is looked up to tell them apart.
 */
async function latestConversation(
	ctx: IExecuteFunctions,
	contact: string,
	i: number,
	scope: RequestScope,
): Promise<string> {
	const found = await maiagentApi<IDataObject>(
		ctx,
		{ url: `contacts/${contact}/conversations/latest` },
		scope,
	).then(
		(conversation) => conversation,
		(error: unknown) => {
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error;
		},
	);
	if (found) return String(found.id);
	// Fails with MaiAgent's 404 when the contact itself is unknown.
	await maiagentApi(ctx, { url: `contacts/${contact}/` }, scope);
	return fail(
		ctx,
		i,
		`Contact ${contact} has no conversation to ask in`,
		'The contact has not chatted with an AI assistant yet; nothing was sent',
	);
}

/**
 * Sends the question into the conversation as a human agent, with n8n's signed links to answer,
 * and puts the execution to wait for the answer (the node's webhook resumes it) or the wait limit
 * (the node then passes its input item on). Its output before waiting is replaced on resume.
 */
export const execute: OperationExecute = async function (i, scope) {
	const target = readTarget(this, i);
	const question = readQuestion(this, i);
	const conversation =
		target.conversation ?? (await latestConversation(this, target.contact!, i, scope));
	(this as unknown as WaitingContext).setSignatureValidationRequired?.call(this);
	await maiagentApi(
		this,
		{
			method: 'POST',
			url: 'messages/outgoing/',
			body: { conversation, content: question.content, type: 'outgoing' },
		},
		scope,
	);
	await this.putExecutionToWait(question.waitTill);
	return this.getInputData()[i];
};
