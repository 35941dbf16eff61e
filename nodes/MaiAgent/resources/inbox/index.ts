import type { INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import * as getAll from './getAll';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['inbox'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List the inboxes (channels: web chat, LINE, Telegram, Messenger) of AI assistants',
			action: ACTIONS.inbox.getAll,
		},
	],
	default: 'getAll',
};

export const description: INodeProperties[] = [...getAll.description];

export const customOperations = { getAll: getAll.execute };
