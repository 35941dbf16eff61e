import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFaqLocator } from '../../../shared/descriptions/locators';
import { simplifyFaq } from '../../knowledge/common';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a knowledge base FAQ',
	description: 'Get a FAQ of a knowledge base',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFaqLocator(),
	...getFields(),
];

export const execute = rest({
	path: 'knowledge-bases/{knowledgeBase}/faqs/{faq}/',
	ids: { knowledgeBase: 'Knowledge base', faq: 'FAQ' },
});

export const simplify = simplifyFaq;
