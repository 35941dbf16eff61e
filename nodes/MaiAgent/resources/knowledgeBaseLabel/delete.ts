import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeLabelLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { deleted, knowledgeBaseId } from '../../knowledge/common';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a knowledge base label',
	description: 'Delete a label; files and FAQs lose it',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeLabelLocator(),
	optionsCollection(),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const id = getId(this, 'label', 'Label', i);
	await maiagentApi(this, { method: 'DELETE', url: `knowledge-bases/${kb}/labels/${id}/` }, scope);
	return deleted({ id, knowledgeBase: kb });
};
