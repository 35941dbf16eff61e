import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { webChatLocator } from '../../../shared/descriptions/locators';
import { declarativeOperation, requireIdParameter } from '../../../shared/transport/declarative';

export const option = declarativeOperation({
	name: 'Create',
	value: 'create',
	action: 'Create a conversation',
	description: 'Start a new conversation in a web chat of an AI assistant',
	request: { method: 'POST', url: '/conversations/' },
	preSend: [requireIdParameter('webChat', 'Web chat')],
});

const show = { resource: ['conversation'], operation: ['create'] };

export const properties: INodeProperties[] = [
	webChatLocator({
		displayOptions: { show },
		routing: { send: { type: 'body', property: 'webChat' } },
	}),
	optionsCollection(show),
];
