import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { maiagentApi } from '../../../shared/transport/request';
import { deleted, knowledgeBaseId } from '../../knowledge/common';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a knowledge base',
	description: 'Delete a knowledge base with its files, FAQs and labels',
};

export const properties: INodeProperties[] = [knowledgeBaseLocator(), optionsCollection()];

export const execute: OperationExecute = async function (i, scope) {
	const id = knowledgeBaseId(this, i);
	await maiagentApi(this, { method: 'DELETE', url: `knowledge-bases/${id}/` }, scope);
	return deleted({ id });
};
