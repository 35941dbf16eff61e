import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	fieldsCollection,
	optionsCollection,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { simplifyKnowledgeBase } from '../../knowledge/common';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';
import { embeddingModelField, rerankerModelField, settingFields, settingsBody } from './settings';
import { presentFields } from '../../../shared/helpers/validate';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	action: 'Update a knowledge base',
	description: 'Change the name, models or retrieval settings of a knowledge base',
};

const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	fieldsCollection(
		'updateFields',
		[...settingFields, embeddingModelField, nameField, rerankerModelField].sort((a, b) =>
			a.displayName < b.displayName ? -1 : 1,
		),
	),
	simplifyField(),
	optionsCollection(),
];

export const execute = rest({
	method: 'PATCH',
	path: 'knowledge-bases/{knowledgeBase}/',
	ids: { knowledgeBase: 'Knowledge base' },
	body: (ctx, i) => {
		// A field that resolves to nothing (an empty cell) is left out: the setting keeps its value.
		const fields = presentFields(ctx.getNodeParameter('updateFields', i, {}) as IDataObject);
		if (Object.keys(fields).length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'No field to update', {
				itemIndex: i,
				description: 'Add at least one field under "Update Fields"',
			});
		}
		return settingsBody(ctx, fields, i);
	},
});

export const simplify = simplifyKnowledgeBase;
