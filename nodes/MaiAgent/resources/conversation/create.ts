import type { INodeProperties } from 'n8n-workflow';

import { retryOptions, webChatLocator } from '../../shared/descriptions';

const show = { resource: ['conversation'], operation: ['create'] };

export const description: INodeProperties[] = [
	webChatLocator({
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'webChat' } },
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [...retryOptions],
	},
];
