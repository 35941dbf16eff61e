import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { inboxLocator } from '../../../shared/descriptions/locators';
import { camelKeys } from '../../../shared/helpers/simplify';
import { getId, getText, requireId } from '../../../shared/helpers/validate';
import { CONCURRENCY, fetchAll } from '../../../shared/transport/pagination';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import { checkInboxes } from './helpers';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Broadcast Message',
	value: 'broadcast',
	action: 'Broadcast a message to contacts',
	description:
		'Send a message to chosen contacts or to every contact of an inbox, in their latest conversation',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Chosen Contacts', value: 'contacts' },
			{
				name: 'Every Contact of an Inbox',
				value: 'inbox',
				description: 'Everyone in the inbox gets the message',
			},
			{ name: 'Every Contact of an Inbox Except Chosen Ones', value: 'inboxExcept' },
		],
		default: 'contacts',
	},
	inboxLocator({ displayOptions: { show: { target: ['inbox', 'inboxExcept'] } } }),
	{
		displayName: 'Contact IDs',
		name: 'contactIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c, 5d0e…',
		displayOptions: { show: { target: ['contacts', 'inboxExcept'] } },
		description:
			'IDs of the contacts, separated by commas, or an expression that gives a list of IDs',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The text each contact receives, from the assistant side of its conversation',
	},
	optionsCollection([
		{
			displayName: 'Output Summary',
			name: 'summary',
			type: 'boolean',
			default: false,
			description:
				'Whether to output one item with the counts and every result instead of one item per contact',
		},
	]),
];

/** The contact IDs of the field: a list (from an expression) or text separated by commas or spaces. */
function readContactIds(ctx: IExecuteFunctions, i: number): string[] {
	const value = ctx.getNodeParameter('contactIds', i, '') as unknown;
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/);
	const ids = raw.filter((id) => id.trim() !== '');
	if (!ids.length) {
		throw new NodeOperationError(ctx.getNode(), 'Contact IDs are required', {
			itemIndex: i,
			description:
				'Enter the IDs of the contacts, separated by commas. To reach everyone in an inbox, choose "Every Contact of an Inbox" under Send To.',
		});
	}
	return [...new Set(ids.map((id) => requireId(ctx.getNode(), id, 'Contact', i)))];
}

/** The request body for the chosen target, validated before any request. */
function readTarget(ctx: IExecuteFunctions, i: number): IDataObject {
	const target = ctx.getNodeParameter('target', i) as string;
	if (target === 'contacts') return { contactIds: readContactIds(ctx, i) };
	const inboxId = getId(ctx, 'inbox', 'Inbox', i);
	if (target === 'inbox') return { inboxId };
	return { inboxId, excludeContactIds: readContactIds(ctx, i) };
}

/** The summary's `results` or `errors`, each entry with camelCase keys. */
const entries = (summary: IDataObject, key: string): IDataObject[] =>
	((summary[key] as IDataObject[] | undefined) ?? []).map(camelKeys);

/** One item per contact, named: `success` with its conversation and message, or `error` with MaiAgent's reason. */
function perContact(summary: IDataObject, names: Map<string, string>): IDataObject[] {
	const name = (entry: IDataObject) => names.get(String(entry.contactId)) ?? null;
	return [
		...entries(summary, 'results').map((sent) => ({
			contactName: name(sent),
			contactId: sent.contactId,
			status: 'success',
			conversationId: sent.conversationId,
			messageId: sent.messageId,
		})),
		...entries(summary, 'errors').map((failed) => ({
			contactName: name(failed),
			contactId: failed.contactId,
			status: 'error',
			error: failed.error,
		})),
	];
}

/** Lookups of names: one retry, as for a list in the editor. */
const LOOKUP = { maxRetries: 1 };

/**
 * The names of the contacts a broadcast reached or missed, by ID: an inbox's contacts in one list
 * walk, chosen contacts one by one. The message is out already, so a failed lookup only leaves
 * names out (null), never fails the item.
 */
async function contactNames(
	ctx: IExecuteFunctions,
	target: { inboxId?: string; ids: string[] },
	scope: RequestScope,
): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const keep = (contact: IDataObject | undefined) => {
		if (contact?.id !== undefined && contact.name)
			names.set(String(contact.id), String(contact.name));
	};
	const lookup = { ...scope, ...LOOKUP, operation: `${scope.operation}: read contact names` };
	if (target.inboxId) {
		const contacts = await fetchAll(
			ctx,
			{ url: 'contacts/', qs: { inboxes: target.inboxId } },
			lookup,
			{ sizeQuery: { limit: 100 } },
		).catch(() => []);
		contacts.forEach(keep);
		return names;
	}
	for (let start = 0; start < target.ids.length; start += CONCURRENCY) {
		const batch = target.ids.slice(start, start + CONCURRENCY);
		const found = await Promise.all(
			batch.map(
				async (id) =>
					await maiagentApi<IDataObject>(ctx, { url: `contacts/${id}/` }, lookup).catch(
						() => undefined,
					),
			),
		);
		found.forEach(keep);
	}
	return names;
}

/** The IDs in the broadcast's answer (results and errors). */
const answeredIds = (summary: IDataObject): string[] =>
	[...entries(summary, 'results'), ...entries(summary, 'errors')].map((entry) =>
		String(entry.contactId),
	);

export const execute: OperationExecute = async function (i, scope) {
	const body = readTarget(this, i);
	const message = getText(this, 'message', i, {
		field: 'Message',
		hint: 'Enter the text to send to the contacts',
	});
	if (typeof body.inboxId === 'string') await checkInboxes(this, [body.inboxId], scope, i);
	const answer = await maiagentApi<IDataObject>(
		this,
		{ method: 'POST', url: 'contacts/broadcast-message', body: { message, ...body } },
		scope,
	);
	const summary = camelKeys(answer ?? {});
	const names = await contactNames(
		this,
		{ inboxId: body.inboxId as string | undefined, ids: answeredIds(summary) },
		scope,
	);
	if (this.getNodeParameter('options.summary', i, false)) {
		const named = (key: string) =>
			entries(summary, key).map((entry) => ({
				contactName: names.get(String(entry.contactId)) ?? null,
				...entry,
			}));
		return { ...summary, results: named('results'), errors: named('errors') };
	}
	return perContact(summary, names);
};
