import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFaqLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { deleted, knowledgeBaseId } from '../../knowledge/common';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a knowledge base FAQ',
	description: 'Delete a FAQ from a knowledge base',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFaqLocator(),
	optionsCollection(),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const id = getId(this, 'faq', 'FAQ', i);
	await maiagentApi(this, { method: 'DELETE', url: `knowledge-bases/${kb}/faqs/${id}/` }, scope);
	return deleted({ id, knowledgeBase: kb });
};
