import type { INodeProperties } from 'n8n-workflow';

import { nameField, optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeLabelLocator } from '../../../shared/descriptions/locators';
import { getText } from '../../../shared/helpers/validate';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	action: 'Rename a knowledge base label',
	description: 'Rename a label; files and FAQs keep it',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeLabelLocator(),
	nameField('The new name'),
	optionsCollection(),
];

export const execute = rest({
	method: 'PUT',
	path: 'knowledge-bases/{knowledgeBase}/labels/{label}/',
	ids: { knowledgeBase: 'Knowledge base', label: 'Label' },
	body: (ctx, i) => ({
		name: getText(ctx, 'name', i, { field: 'Name', hint: 'Enter the new name' }).trim(),
	}),
});
