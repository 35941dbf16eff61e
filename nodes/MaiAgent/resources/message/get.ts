import type { INodeProperties } from 'n8n-workflow';

import {
	conversationLocator,
	messageLocator,
	optionsCollection,
	simplifyField,
} from '../../shared/descriptions';

const show = { resource: ['message'], operation: ['get'] };

export const description: INodeProperties[] = [
	conversationLocator({
		displayOptions: { show },
		required: false,
		description: 'Only used to list its messages in the Message field below',
	}),
	messageLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
