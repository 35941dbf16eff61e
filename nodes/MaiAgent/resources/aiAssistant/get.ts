import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import { getByIdOperation } from '../../../shared/transport/declarative';

export const option = getByIdOperation({
	action: 'Get an AI assistant',
	description: 'Get an AI assistant by ID, with its web chat ID and webhook URL',
	path: 'chatbots/{id}/',
	parameter: 'chatbot',
	field: 'AI assistant',
	simplify: simplifyChatbot,
});

const show = { resource: ['aiAssistant'], operation: ['get'] };

export const properties: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	...getFields(show),
];
