import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { conversationLocator, messageLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import {
	declarativeOperation,
	idInPath,
	simplifyWhenAsked,
} from '../../../shared/transport/declarative';

export const option = declarativeOperation({
	name: 'Get',
	value: 'get',
	action: 'Get a message',
	description: 'Get a message by ID',
	request: { method: 'GET' },
	preSend: [idInPath('messages/{id}/', 'message', 'Message')],
	postReceive: [simplifyWhenAsked(simplifyMessage)],
});

const show = { resource: ['message'], operation: ['get'] };

export const properties: INodeProperties[] = [
	conversationLocator({
		displayOptions: { show },
		required: false,
		description: 'Only used to list its messages in the Message field below',
	}),
	messageLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
