import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	fieldsCollection,
	nameField,
	optionsCollection,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { getText, presentFields } from '../../../shared/helpers/validate';
import { simplifyKnowledgeBase } from '../../knowledge/common';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';
import { embeddingModelField, rerankerModelField, settingFields, settingsBody } from './settings';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a knowledge base',
	description: 'Create a knowledge base with its embedding and reranker models',
};

export const properties: INodeProperties[] = [
	nameField(),
	{ ...embeddingModelField, required: true },
	{ ...rerankerModelField, required: true },
	fieldsCollection('additionalFields', settingFields),
	simplifyField(),
	optionsCollection(),
];

export const execute = rest({
	method: 'POST',
	path: 'knowledge-bases/',
	body: (ctx, i) => {
		const name = getText(ctx, 'name', i, { field: 'Name', hint: 'Give the knowledge base a name' });
		return settingsBody(
			ctx,
			{
				...presentFields(ctx.getNodeParameter('additionalFields', i, {}) as IDataObject),
				name,
				embeddingModel: ctx.getNodeParameter('embeddingModel', i),
				rerankerModel: ctx.getNodeParameter('rerankerModel', i),
			},
			i,
		);
	},
});

export const simplify = simplifyKnowledgeBase;
