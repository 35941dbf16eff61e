import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { simplifyInbox } from '../../../shared/helpers/simplify';
import { requireId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many inboxes',
	description:
		'List the inboxes (channels: web chat, LINE, Telegram, Messenger) of the AI assistants',
};

export const properties: INodeProperties[] = listFields([
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
		description: 'Only the inboxes of this channel',
	},
]);

export const execute = getMany(async (ctx, i, scope, limit) => {
	const chatbot = ctx.getNodeParameter('filters.chatbot', i, '', { extractValue: true });
	const channelType = ctx.getNodeParameter('filters.channelType', i, '') as string;
	// Both are MaiAgent query parameters: an inbox carries no chatbot id to filter on here.
	const qs: IDataObject = {};
	if (chatbot) qs.chatbot = requireId(ctx.getNode(), chatbot, 'AI assistant', i);
	if (channelType) qs.channelType = channelType;
	return await fetchAll(ctx, { url: 'inboxes/', qs }, scope, { limit });
});

export const simplify = simplifyInbox;
