import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { conversationLocator, messageLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { getByIdOperation } from '../../../shared/transport/declarative';

export const option = getByIdOperation({
	action: 'Get a message',
	description: 'Get a message by ID',
	path: 'messages/{id}/',
	parameter: 'message',
	field: 'Message',
	simplify: simplifyMessage,
});

const show = { resource: ['message'], operation: ['get'] };

export const properties: INodeProperties[] = [
	conversationLocator({
		displayOptions: { show },
		required: false,
		description: 'Only used to list its messages in the Message field below',
	}),
	messageLocator({ displayOptions: { show } }),
	...getFields(show),
];
