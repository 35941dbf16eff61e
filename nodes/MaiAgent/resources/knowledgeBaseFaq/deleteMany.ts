import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { maiagentApi } from '../../../shared/transport/request';
import { deleted, knowledgeBaseId } from '../../helpers/knowledge';
import { readIds } from '../../helpers/knowledgeFields';
import type { OperationExecute, OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many knowledge base FAQs',
	description: 'Delete several FAQs of a knowledge base in one request',
};

const show = { resource: ['knowledgeBaseFaq'], operation: ['deleteMany'] };

export const properties: INodeProperties[] = [
	knowledgeBaseLocator({ displayOptions: { show } }),
	{
		displayName: 'FAQ IDs',
		name: 'ids',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c, 9c0d…',
		description:
			'The IDs of the FAQs to delete, comma-separated (or an array from an expression). Never empty: MaiAgent deletes every FAQ on an empty list.',
	},
	optionsCollection(show),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const ids = readIds(this, i, 'FAQ IDs');
	await maiagentApi(
		this,
		{ method: 'POST', url: `knowledge-bases/${kb}/faqs/batch-delete/`, body: { ids } },
		scope,
	);
	return deleted({ ids, knowledgeBase: kb });
};
