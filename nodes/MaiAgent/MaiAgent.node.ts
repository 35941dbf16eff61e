import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import { properties, route } from './router';

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
		usableAsTool: {
			// What an AI Agent reads to decide when to call the tool (the default of its Description).
			replacements: {
				description:
					"Ask a MaiAgent AI assistant a question and get its answer: the assistant answers from its own knowledge base (e.g. a company's policies, products, FAQs) and returns the reply text with citations. Also reads MaiAgent data: conversations, messages, chat records (questions and answers with evaluation scores), AI assistants and inboxes, or hands a conversation to a human agent. Call it with the user's question when it is about what the MaiAgent assistant knows.",
			},
		},
		builderHint: {
			searchHint:
				'MaiAgent is an AI-assistant platform: assistants (chatbots) answer from their knowledge bases on web chat, LINE, Telegram and Messenger. Use Message > Send to ask an assistant and get its reply (behind a Chat Trigger in streaming mode the reply streams live; Options > Session Key = {{ $json.sessionId }} keeps one conversation per chat session). Chat Record > Get Many (Created After/Before) or Export to Excel for reports; Conversation > Set Auto-Reply off plus Message > Send as Agent for a human handover. To start on MaiAgent events use MaiAgent Trigger (new messages) or MaiAgent Webhook Trigger (assistant replies).',
			relatedNodes: [
				{
					nodeType: '@n8n/n8n-nodes-langchain.chatTrigger',
					relationHint:
						'Chat front end: Message > Send with Stream Reply on relays the reply live; set Session Key to {{ $json.sessionId }}',
				},
				{
					nodeType: '@n8n/n8n-nodes-langchain.agent',
					relationHint:
						'Attach this node as a tool: the agent asks a MaiAgent assistant (Message > Send) or reads its data',
				},
				{
					nodeType: 'n8n-nodes-base.scheduleTrigger',
					relationHint:
						'Daily reports: Chat Record > Get Many for one day, or Chat Record > Export to Excel',
				},
				{
					nodeType: 'n8n-nodes-base.emailSend',
					relationHint:
						'Mails the Excel export (binary property "data") or a handover alert to a team',
				},
				{
					nodeType: 'n8n-nodes-base.readWriteFile',
					relationHint:
						'Writes the Excel export to disk, or reads files to send as Message > Send attachments',
				},
				{
					nodeType: 'n8n-nodes-maiagent.maiAgentTrigger',
					relationHint: 'Starts a workflow on every new MaiAgent message (polling)',
				},
				{
					nodeType: 'n8n-nodes-maiagent.maiAgentWebhookTrigger',
					relationHint: 'Starts a workflow the moment an assistant replies (MaiAgent pushes it)',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Per item: with On Error "Continue", a failing item becomes an error item (route's loop).
		return await route.call(this, this.continueOnFail());
	}
}
