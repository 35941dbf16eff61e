import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, webChatLocator } from '../../shared/descriptions';

const show = { resource: ['conversation'], operation: ['create'] };

export const description: INodeProperties[] = [
	webChatLocator({
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'webChat' } },
	}),
	optionsCollection(show),
];
