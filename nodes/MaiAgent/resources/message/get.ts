import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { conversationLocator, messageLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a message',
	description: 'Get a message by ID',
};

export const properties: INodeProperties[] = [
	conversationLocator({
		required: false,
		description: 'Only used to list its messages in the Message field below',
	}),
	messageLocator(),
	...getFields(),
];

export const execute = rest({
	path: 'messages/{message}/',
	ids: { message: 'Message' },
});

export const simplify = simplifyMessage;
