import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from './listSearch';
import * as aiAssistant from './resources/aiAssistant';
import * as chatRecord from './resources/chatRecord';
import * as conversation from './resources/conversation';
import * as inbox from './resources/inbox';
import * as message from './resources/message';
import { routingRequest } from './shared/transport';

type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations, messages and human handover, list assistants and inboxes, and export chat records',
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
					{ name: 'AI Assistant', value: 'aiAssistant' },
					{ name: 'Chat Record', value: 'chatRecord' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Inbox', value: 'inbox' },
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
			aiAssistant.operations,
			...aiAssistant.description,
			inbox.operations,
			...inbox.description,
		],
	};

	methods = { listSearch };

	customOperations: Record<string, Record<string, CustomOperation>> = {
		message: message.customOperations,
		conversation: conversation.customOperations,
		chatRecord: chatRecord.customOperations,
		aiAssistant: aiAssistant.customOperations,
		inbox: inbox.customOperations,
	};

	/**
	 * n8n gives a declarative node without `execute` one that runs its routing (RoutingNode). Workflow
	 * runs look up `customOperations` before calling it, but an AI Agent calls a tool's `execute`
	 * directly, which would skip the custom operations (Send, Get Many). So the `execute` n8n
	 * assigns is kept (setter), and the one it calls (getter) sends custom operations to their code
	 * and everything else to n8n's routing. Before n8n assigns it, there is none: n8n still sees a
	 * declarative node.
	 */
	private routingExecute?: CustomOperation;

	get execute(): CustomOperation | undefined {
		const routing = this.routingExecute;
		if (!routing) return undefined;
		const custom = this.customOperations;
		return async function (this: IExecuteFunctions) {
			const resource = this.getNodeParameter('resource', 0) as string;
			const operation = this.getNodeParameter('operation', 0) as string;
			return await (custom[resource]?.[operation] ?? routing).call(this);
		};
	}

	set execute(routing: CustomOperation | undefined) {
		this.routingExecute = routing;
	}
}
