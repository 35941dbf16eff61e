import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	createdFilters,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { forEachItem } from '../../../shared/helpers/items';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { createdBetween } from '../../../shared/helpers/time';
import { getId } from '../../../shared/helpers/validate';
import { fetchAll, readLimit } from '../../../shared/transport/pagination';
import { readRequestScope } from '../../../shared/transport/retry';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many messages',
	description: 'List the messages of a conversation',
};

const show = { resource: ['message'], operation: ['getAll'] };

export const properties: INodeProperties[] = [
	conversationLocator({ displayOptions: { show } }),
	...returnAllAndLimit(show),
	filtersCollection(show, [
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'incoming',
			options: [
				{ name: 'From the User (Incoming)', value: 'incoming' },
				{ name: 'From the AI Assistant (Outgoing)', value: 'outgoing' },
			],
			description: 'Only messages written by the user, or only replies of the assistant',
		},
		...createdFilters('messages'),
	]),
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const conversation = getId(this, 'conversation', 'Conversation', i);
		const scope = readRequestScope(this, option.action, i);
		const limit = readLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as {
			type?: string;
			createdAfter?: string;
			createdBefore?: string;
		};
		const inWindow = createdBetween(filters.createdAfter, filters.createdBefore);
		const messages = await fetchAll(this, { url: 'messages/', qs: { conversation } }, scope, {
			limit,
			filter: (message) => (!filters.type || message.type === filters.type) && inWindow(message),
		});
		return this.getNodeParameter('simplify', i) ? messages.map(simplifyMessage) : messages;
	});
}
