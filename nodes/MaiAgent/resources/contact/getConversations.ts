import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { contactLocator, inboxLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { getId, readText, requireId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Conversations',
	value: 'getConversations',
	action: 'Get the conversations of a contact',
	description: 'List the conversations of a contact, most recent first',
};

export const properties: INodeProperties[] = [
	contactLocator(),
	...listFields([
		inboxLocator({ required: false, description: 'Only the conversations in this inbox' }),
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			description: 'Only conversations with a message containing this text',
		},
	]),
];

/** Filters for `contacts/{id}/conversations` (no trailing slash: the route as MaiAgent's examples call it). */
function conversationFilters(ctx: IExecuteFunctions, i: number): IDataObject {
	const inbox = ctx.getNodeParameter('filters.inbox', i, '', { extractValue: true }) as string;
	const keyword = readText(ctx, 'filters.keyword', i, 'Keyword')?.trim();
	const qs: IDataObject = {};
	if (inbox) qs.inboxes = requireId(ctx.getNode(), inbox, 'Inbox', i);
	if (keyword) qs.keyword = keyword;
	return qs;
}

export const execute = getMany(async (ctx, i, scope, limit) => {
	const contact = getId(ctx, 'contact', 'Contact', i);
	const qs = conversationFilters(ctx, i);
	return await fetchAll(ctx, { url: `contacts/${contact}/conversations`, qs }, scope, {
		limit,
		sizeQuery: { limit: 100 },
	});
});

export const simplify = simplifyConversation;
