import type { INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { idInPath, simplifyWhenAsked } from '../../shared/routing';
import { simplifyMessage } from '../../shared/simplify';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as send from './send';
import * as sendAsAgent from './sendAsAgent';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			description:
				"Add a user message to a conversation; the assistant's reply goes to its webhook, or wait for it here",
			action: ACTIONS.message.create,
			routing: {
				request: { method: 'POST', url: '/messages/' },
				send: { paginate: true, preSend: [create.validate] },
				output: { postReceive: [create.waitForReply] },
			},
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a message by ID',
			action: ACTIONS.message.get,
			routing: {
				request: { method: 'GET' },
				send: { paginate: true, preSend: [idInPath('messages/{id}/', 'message', 'Message')] },
				output: { postReceive: [simplifyWhenAsked(simplifyMessage)] },
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the messages of a conversation',
			action: ACTIONS.message.getAll,
		},
		{
			name: 'Send',
			value: 'send',
			description:
				'Send a message to an AI assistant and get its reply (streamed live to n8n chat when the workflow streams)',
			action: ACTIONS.message.send,
		},
		{
			name: 'Send as Agent',
			value: 'sendAsAgent',
			description:
				"Post a human agent's reply into a conversation (preview); the AI assistant does not answer it",
			action: ACTIONS.message.sendAsAgent,
			routing: {
				request: { method: 'POST', url: '/messages/outgoing/' },
				send: { paginate: true, preSend: [sendAsAgent.buildBody] },
			},
		},
	],
	default: 'send',
};

export const description: INodeProperties[] = [
	...send.description,
	...create.description,
	...get.description,
	...getAll.description,
	...sendAsAgent.description,
];

export const customOperations = { getAll: getAll.execute, send: send.execute };
