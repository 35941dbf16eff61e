import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldsCollection, getFields } from '../../../shared/descriptions/fields';
import { chatbotLocator, largeLanguageModelLocator } from '../../../shared/descriptions/locators';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import { getId, presentFields, textOf } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { instructionsField, modelBody, ragBody, ragField } from './fields';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	action: 'Update an AI assistant',
	description: 'Change the name, instructions, model or RAG of an AI assistant; the rest stays',
};

export const properties: INodeProperties[] = [
	chatbotLocator(),
	fieldsCollection('updateFields', [
		instructionsField,
		largeLanguageModelLocator({ required: false }),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Name of the AI assistant',
		},
		ragField,
	]),
	...getFields(),
];

/** PATCH: only the fields given change (PUT would need all of them). */
export const execute: OperationExecute = async function (i, scope) {
	const node = this.getNode();
	const chatbot = getId(this, 'chatbot', 'AI assistant', i);
	// A field that resolves to nothing (an empty cell) is left out: the assistant keeps its value.
	const fields = presentFields(this.getNodeParameter('updateFields', i, {}) as IDataObject);
	const body: IDataObject = {};
	const name = textOf(node, fields.name, 'Name', i);
	if (name !== undefined) body.name = name.trim();
	const instructions = textOf(node, fields.instructions, 'Instructions', i);
	if (instructions !== undefined) body.instructions = instructions;
	if (fields.largeLanguageModel !== undefined) {
		const model = this.getNodeParameter('updateFields.largeLanguageModel', i, '', {
			extractValue: true,
		});
		Object.assign(body, modelBody(node, model, i));
	}
	if (fields.rag !== undefined) Object.assign(body, ragBody(node, fields.rag, i));
	if (!Object.keys(body).length) {
		throw new NodeOperationError(node, 'Nothing to update', {
			itemIndex: i,
			description: 'Add at least one field under Update Fields',
		});
	}
	const answer = await maiagentApi<IDataObject>(
		this,
		{ method: 'PATCH', url: `chatbots/${chatbot}/`, body },
		scope,
	);
	return answer;
};

export const simplify = simplifyChatbot;
