import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	fieldsCollection,
	optionsCollection,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFaqLocator } from '../../../shared/descriptions/locators';
import { getId, textOf } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { knowledgeBaseId, simplifyFaq } from '../../knowledge/common';
import { createMissingLabelsOption, labelsField, metadataField } from '../../knowledge/fields';
import { metadataBody, patchMetadata } from '../../knowledge/metadata';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { answerField, questionField } from './fields';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	action: 'Update a knowledge base FAQ',
	description: 'Change the question, answer, labels or metadata of a FAQ',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFaqLocator(),
	fieldsCollection('updateFields', [answerField, labelsField, metadataField, questionField]),
	simplifyField(),
	optionsCollection([createMissingLabelsOption]),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const id = getId(this, 'faq', 'FAQ', i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	// A question or answer that resolves to nothing (an empty cell) keeps the FAQ's own.
	const given = { question: 'Question', answer: 'Answer' };
	const text = Object.entries(given).flatMap(([name, field]) => {
		const value = textOf(this.getNode(), fields[name], field, i);
		return value === undefined ? [] : [[name, value] as const];
	});
	const metadata = 'labels' in fields || 'metadata' in fields;
	if (!text.length && !metadata) {
		throw new NodeOperationError(this.getNode(), 'No field to update', {
			itemIndex: i,
			description:
				'Add at least one field under "Update Fields" (a Question or Answer that resolves to nothing is left out)',
		});
	}
	const url = `knowledge-bases/${kb}/faqs/${id}/`;
	const body = metadata ? await metadataBody(this, i, scope) : undefined;
	let faq = await maiagentApi<IDataObject>(this, { url }, scope);
	if (text.length) {
		// PUT takes the whole FAQ: what is not changed is sent as it is.
		const put = {
			question: faq.question,
			answer: faq.answer,
			...Object.fromEntries(text),
		};
		faq = await maiagentApi<IDataObject>(this, { method: 'PUT', url, body: put }, scope);
	}
	if (body) faq = await patchMetadata(this, `${url}update-metadata/`, body, scope);
	return faq;
};

export const simplify = simplifyFaq;
