import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a conversation',
	description: 'Get a conversation by ID (its messages are under Message > Get Many)',
};

export const properties: INodeProperties[] = [conversationLocator(), ...getFields()];

export const execute = rest({
	path: 'conversations/{conversation}/',
	ids: { conversation: 'Conversation' },
});

export const simplify = simplifyConversation;
