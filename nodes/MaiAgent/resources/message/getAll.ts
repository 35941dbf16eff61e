import type { INodeProperties } from 'n8n-workflow';

import { createdFilters, listFields } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { createdBetween } from '../../../shared/helpers/time';
import { getId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many messages',
	description: 'List the messages of a conversation',
};

export const properties: INodeProperties[] = [
	conversationLocator(),
	...listFields([
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'incoming',
			options: [
				{ name: 'From the AI Assistant (Outgoing)', value: 'outgoing' },
				{ name: 'From the User (Incoming)', value: 'incoming' },
			],
			description: 'Only messages written by the user, or only replies of the assistant',
		},
		...createdFilters('messages'),
	]),
];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const conversation = getId(ctx, 'conversation', 'Conversation', i);
	const filters = ctx.getNodeParameter('filters', i, {}) as {
		type?: string;
		createdAfter?: string;
		createdBefore?: string;
	};
	const inWindow = createdBetween(filters.createdAfter, filters.createdBefore);
	return await fetchAll(ctx, { url: 'messages/', qs: { conversation } }, scope, {
		limit,
		filter: (message) => (!filters.type || message.type === filters.type) && inWindow(message),
	});
});

export const simplify = simplifyMessage;
