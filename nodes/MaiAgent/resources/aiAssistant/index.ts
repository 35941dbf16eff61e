import type { INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { idInPath, simplifyWhenAsked } from '../../shared/routing';
import { simplifyChatbot } from '../../shared/simplify';
import * as get from './get';
import * as getAll from './getAll';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['aiAssistant'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: 'Get an AI assistant by ID, with its web chat ID and webhook URL',
			action: ACTIONS.aiAssistant.get,
			routing: {
				request: { method: 'GET' },
				send: { paginate: true, preSend: [idInPath('chatbots/{id}/', 'chatbot', 'AI assistant')] },
				output: { postReceive: [simplifyWhenAsked(simplifyChatbot)] },
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the AI assistants of the organization',
			action: ACTIONS.aiAssistant.getAll,
		},
	],
	default: 'getAll',
};

export const description: INodeProperties[] = [...get.description, ...getAll.description];

export const customOperations = { getAll: getAll.execute };
