import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { simplifyKnowledgeBase } from '../../knowledge/common';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a knowledge base',
	description: 'Get a knowledge base by ID',
};

export const properties: INodeProperties[] = [knowledgeBaseLocator(), ...getFields()];

export const execute = rest({
	path: 'knowledge-bases/{knowledgeBase}/',
	ids: { knowledgeBase: 'Knowledge base' },
});

export const simplify = simplifyKnowledgeBase;
