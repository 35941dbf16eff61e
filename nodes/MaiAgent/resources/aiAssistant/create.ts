import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fieldsCollection, getFields, nameField } from '../../../shared/descriptions/fields';
import { largeLanguageModelLocator } from '../../../shared/descriptions/locators';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import { getText, readText } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { instructionsField, modelBody, ragBody, ragField } from './fields';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create an AI assistant',
	description: 'Create an AI assistant with its name, instructions and model',
};

export const properties: INodeProperties[] = [
	nameField('Name of the AI assistant'),
	largeLanguageModelLocator(),
	instructionsField,
	fieldsCollection('additionalFields', [ragField]),
	...getFields(),
];

export const execute: OperationExecute = async function (i, scope) {
	const node = this.getNode();
	const body: IDataObject = {
		name: getText(this, 'name', i, {
			field: 'Name',
			hint: 'Enter the name of the AI assistant',
		}).trim(),
		...modelBody(
			node,
			this.getNodeParameter('largeLanguageModel', i, '', { extractValue: true }),
			i,
		),
		...ragBody(node, this.getNodeParameter('additionalFields.rag', i, ''), i),
	};
	const instructions = readText(this, 'instructions', i, 'Instructions');
	if (instructions !== undefined) body.instructions = instructions;
	const chatbot = await maiagentApi<IDataObject>(
		this,
		{ method: 'POST', url: 'chatbots/', body },
		scope,
	);
	return chatbot;
};

export const simplify = simplifyChatbot;
