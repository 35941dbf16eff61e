import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import {
	conversationLocator,
	createdFilters,
	filtersCollection,
	returnAllAndLimit,
	optionsCollection,
	simplifyField,
} from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { fetchAll, readLimit } from '../../shared/pagination';
import { simplifyMessage } from '../../shared/simplify';
import { createdBetween } from '../../shared/time';
import { readRetryPolicy } from '../../shared/transport';
import { getId } from '../../shared/validate';

const show = { resource: ['message'], operation: ['getAll'] };

export const description: INodeProperties[] = [
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
		const policy = readRetryPolicy(this, ACTIONS.message.getAll, i);
		const limit = readLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as {
			type?: string;
			createdAfter?: string;
			createdBefore?: string;
		};
		const inWindow = createdBetween(filters.createdAfter, filters.createdBefore);
		const messages = await fetchAll(this, { url: 'messages/', qs: { conversation } }, policy, {
			limit,
			filter: (message) => (!filters.type || message.type === filters.type) && inWindow(message),
		});
		return this.getNodeParameter('simplify', i) ? messages.map(simplifyMessage) : messages;
	});
}
