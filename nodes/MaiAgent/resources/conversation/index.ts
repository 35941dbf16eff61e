import type { INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { idInPath, requireIdParameter, simplifyWhenAsked } from '../../shared/routing';
import { simplifyConversation } from '../../shared/simplify';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as setAutoReply from './setAutoReply';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['conversation'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			description: 'Start a new conversation in a web chat of an AI assistant',
			action: ACTIONS.conversation.create,
			routing: {
				request: { method: 'POST', url: '/conversations/' },
				send: { paginate: true, preSend: [requireIdParameter('webChat', 'Web chat')] },
			},
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a conversation by ID (its messages are under Message > Get Many)',
			action: ACTIONS.conversation.get,
			routing: {
				request: { method: 'GET' },
				send: {
					paginate: true,
					preSend: [idInPath('conversations/{id}/', 'conversation', 'Conversation')],
				},
				output: { postReceive: [simplifyWhenAsked(simplifyConversation)] },
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List conversations, newest activity first, optionally of one AI assistant or inbox',
			action: ACTIONS.conversation.getAll,
		},
		{
			name: 'Set Auto-Reply',
			value: 'setAutoReply',
			description:
				'Pause or resume the AI assistant for one conversation, e.g. when a human takes over (preview)',
			action: ACTIONS.conversation.setAutoReply,
		},
	],
	default: 'create',
};

export const description: INodeProperties[] = [
	...create.description,
	...get.description,
	...getAll.description,
	...setAutoReply.description,
];

export const customOperations = { getAll: getAll.execute, setAutoReply: setAutoReply.execute };
