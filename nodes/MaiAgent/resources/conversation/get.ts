import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator, optionsCollection, simplifyField } from '../../shared/descriptions';

const show = { resource: ['conversation'], operation: ['get'] };

export const description: INodeProperties[] = [
	conversationLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
