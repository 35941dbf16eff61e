import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFileLocator } from '../../../shared/descriptions/locators';
import { simplifyFile } from '../../knowledge/common';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a knowledge base file',
	description: 'Get a file of a knowledge base, with its processing status',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFileLocator(),
	...getFields(),
];

export const execute = rest({
	path: 'knowledge-bases/{knowledgeBase}/files/{file}/',
	ids: { knowledgeBase: 'Knowledge base', file: 'File' },
});

export const simplify = simplifyFile;
