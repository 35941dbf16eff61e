import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from './listSearch';
import * as chatRecord from './resources/chatRecord';
import * as conversation from './resources/conversation';
import * as message from './resources/message';
import { routingRequest } from './shared/transport';

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations and messages, and export chat records',
		defaults: { name: 'MaiAgent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		// Every declarative request runs through the shared transport (status check, retries, errors).
		requestOperations: { pagination: routingRequest },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Chat Record', value: 'chatRecord' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Message', value: 'message' },
				],
				default: 'message',
			},
			message.operations,
			...message.description,
			conversation.operations,
			...conversation.description,
			chatRecord.operations,
			...chatRecord.description,
		],
	};

	methods = { listSearch };

	customOperations = {
		message: message.customOperations,
		conversation: conversation.customOperations,
		chatRecord: chatRecord.customOperations,
	};
}
