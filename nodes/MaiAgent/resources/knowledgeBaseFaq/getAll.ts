import type { INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fetchAll } from '../../../shared/transport/pagination';
import { knowledgeBaseId, simplifyFaq } from '../../knowledge/common';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';
import { readText } from '../../../shared/helpers/validate';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many knowledge base FAQs',
	description: 'List the FAQs of a knowledge base, newest first',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	...listFields([
		{
			displayName: 'Question Contains',
			name: 'question',
			type: 'string',
			default: '',
			description: 'Only FAQs whose question contains this text',
		},
	]),
];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const kb = knowledgeBaseId(ctx, i);
	const text = (readText(ctx, 'filters.question', i, 'Question Contains') ?? '')
		.trim()
		.toLowerCase();
	return await fetchAll(ctx, { url: `knowledge-bases/${kb}/faqs/` }, scope, {
		limit,
		filter: (faq) =>
			!text ||
			String(faq.question ?? '')
				.toLowerCase()
				.includes(text),
	});
});

export const simplify = simplifyFaq;
