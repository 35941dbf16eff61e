import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get an AI assistant',
	description: 'Get an AI assistant by ID, with its web chat ID and webhook URL',
};

const show = { resource: ['aiAssistant'], operation: ['get'] };

export const properties: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	...getFields(show),
];

export const execute = rest({
	path: 'chatbots/{chatbot}/',
	ids: { chatbot: 'AI assistant' },
	simplify: simplifyChatbot,
});
