import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import {
	declarativeOperation,
	idInPath,
	simplifyWhenAsked,
} from '../../../shared/transport/declarative';

export const option = declarativeOperation({
	name: 'Get',
	value: 'get',
	action: 'Get a conversation',
	description: 'Get a conversation by ID (its messages are under Message > Get Many)',
	request: { method: 'GET' },
	preSend: [idInPath('conversations/{id}/', 'conversation', 'Conversation')],
	postReceive: [simplifyWhenAsked(simplifyConversation)],
});

const show = { resource: ['conversation'], operation: ['get'] };

export const properties: INodeProperties[] = [
	conversationLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
