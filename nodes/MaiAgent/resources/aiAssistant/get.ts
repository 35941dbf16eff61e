import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import {
	declarativeOperation,
	idInPath,
	simplifyWhenAsked,
} from '../../../shared/transport/declarative';

export const option = declarativeOperation({
	name: 'Get',
	value: 'get',
	action: 'Get an AI assistant',
	description: 'Get an AI assistant by ID, with its web chat ID and webhook URL',
	request: { method: 'GET' },
	preSend: [idInPath('chatbots/{id}/', 'chatbot', 'AI assistant')],
	postReceive: [simplifyWhenAsked(simplifyChatbot)],
});

const show = { resource: ['aiAssistant'], operation: ['get'] };

export const properties: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
