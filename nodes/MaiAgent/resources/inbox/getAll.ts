import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import {
	chatbotLocator,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { fetchAll, readLimit } from '../../shared/pagination';
import { simplifyInbox } from '../../shared/simplify';
import { readRetryPolicy } from '../../shared/transport';
import { requireId } from '../../shared/validate';

const show = { resource: ['inbox'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	filtersCollection(show, [
		chatbotLocator({
			required: false,
			description: 'Only the inboxes (channels) of this AI assistant',
		}),
		{
			displayName: 'Channel Type',
			name: 'channelType',
			type: 'options',
			options: [
				{ name: 'LINE', value: 'line' },
				{ name: 'Messenger', value: 'messenger' },
				{ name: 'Telegram', value: 'telegram' },
				{ name: 'Web Chat', value: 'web' },
			],
			default: 'web',
			description: 'Only inboxes of this channel',
		},
	]),
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const policy = readRetryPolicy(this, ACTIONS.inbox.getAll, i);
		const limit = readLimit(this, i);
		const chatbot = this.getNodeParameter('filters.chatbot', i, '', { extractValue: true });
		const channelType = this.getNodeParameter('filters.channelType', i, '') as string;
		// Both filters are MaiAgent query parameters: inboxes carry no chatbot id to filter locally.
		const qs: IDataObject = {};
		if (chatbot) qs.chatbot = requireId(this.getNode(), chatbot, 'AI assistant', i);
		if (channelType) qs.channelType = channelType;
		const inboxes = await fetchAll(this, { url: 'inboxes/', qs }, policy, { limit });
		return this.getNodeParameter('simplify', i) ? inboxes.map(simplifyInbox) : inboxes;
	});
}
