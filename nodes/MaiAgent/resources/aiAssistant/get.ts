import type { INodeProperties } from 'n8n-workflow';

import { chatbotLocator, optionsCollection, simplifyField } from '../../shared/descriptions';

const show = { resource: ['aiAssistant'], operation: ['get'] };

export const description: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	simplifyField(show),
	optionsCollection(show),
];
