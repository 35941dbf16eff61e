import type { INodeProperties } from 'n8n-workflow';

import { nameField, optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { getText } from '../../../shared/helpers/validate';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a knowledge base label',
	description: 'Add a label to a knowledge base (names are unique in a knowledge base)',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	nameField(),
	optionsCollection(),
];

export const execute = rest({
	method: 'POST',
	path: 'knowledge-bases/{knowledgeBase}/labels/',
	ids: { knowledgeBase: 'Knowledge base' },
	body: (ctx, i) => ({
		name: getText(ctx, 'name', i, { field: 'Name', hint: 'Give the label a name' }).trim(),
	}),
});
