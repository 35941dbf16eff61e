import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator, retryOptions, simplifyField } from '../../shared/descriptions';

const show = { resource: ['conversation'], operation: ['get'] };

export const description: INodeProperties[] = [
	conversationLocator({ displayOptions: { show } }),
	simplifyField(show),
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
