import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	fieldsCollection,
	optionsCollection,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFaqLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
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
	const text = ['question', 'answer'].filter((name) => name in fields);
	if (text.some((name) => !String(fields[name]).trim()) || Object.keys(fields).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'No field to update, or an empty question or answer',
			{
				itemIndex: i,
				description:
					'Add at least one field under "Update Fields"; Question and Answer must not be empty',
			},
		);
	}
	const url = `knowledge-bases/${kb}/faqs/${id}/`;
	const metadata = 'labels' in fields || 'metadata' in fields;
	const body = metadata ? await metadataBody(this, i, scope) : undefined;
	let faq = await maiagentApi<IDataObject>(this, { url }, scope);
	if (text.length) {
		// PUT takes the whole FAQ: what is not changed is sent as it is.
		const put = {
			question: faq.question,
			answer: faq.answer,
			...Object.fromEntries(text.map((n) => [n, fields[n]])),
		};
		faq = await maiagentApi<IDataObject>(this, { method: 'PUT', url, body: put }, scope);
	}
	if (body) faq = await patchMetadata(this, `${url}update-metadata/`, body, scope);
	return faq;
};

export const simplify = simplifyFaq;
