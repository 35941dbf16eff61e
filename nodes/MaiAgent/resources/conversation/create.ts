import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { webChatLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a conversation',
	description: 'Start a new conversation in a web chat of an AI assistant',
};

export const properties: INodeProperties[] = [webChatLocator(), optionsCollection()];

export const execute = rest({
	method: 'POST',
	path: 'conversations/',
	body: (ctx, i) => ({ webChat: getId(ctx, 'webChat', 'Web chat', i) }),
});
