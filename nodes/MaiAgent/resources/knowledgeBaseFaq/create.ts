import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { maiagentApi } from '../../../shared/transport/request';
import {
	knowledgeBaseId,
	LabelBook,
	readLabels,
	readMetadata,
	simplifyFaq,
} from '../../knowledge/common';
import { createMissingLabelsOption, labelsField, metadataField } from '../../knowledge/fields';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { answerField, questionField, readQuestionAndAnswer } from './fields';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a knowledge base FAQ',
	description: 'Add a question and its answer to a knowledge base',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	{ ...questionField, required: true },
	{ ...answerField, required: true },
	simplifyField(),
	optionsCollection([createMissingLabelsOption, labelsField, metadataField]),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const body: IDataObject = {
		...readQuestionAndAnswer(this, i),
		rawUserDefineMetadata: readMetadata(this, 'options.metadata', i),
	};
	const labels = await readLabels(this, new LabelBook(this, kb, scope), i);
	if (labels) body.labels = labels;
	const faq = await maiagentApi<IDataObject>(
		this,
		{ method: 'POST', url: `knowledge-bases/${kb}/faqs/`, body },
		scope,
	);
	return faq;
};

export const simplify = simplifyFaq;
