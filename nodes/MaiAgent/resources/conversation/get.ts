import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { getByIdOperation } from '../../../shared/transport/declarative';

export const option = getByIdOperation({
	action: 'Get a conversation',
	description: 'Get a conversation by ID (its messages are under Message > Get Many)',
	path: 'conversations/{id}/',
	parameter: 'conversation',
	field: 'Conversation',
	simplify: simplifyConversation,
});

const show = { resource: ['conversation'], operation: ['get'] };

export const properties: INodeProperties[] = [
	conversationLocator({ displayOptions: { show } }),
	...getFields(show),
];
