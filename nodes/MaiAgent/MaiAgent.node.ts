import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import {
	getChatbots,
	getContactKnowledgeFaqs,
	getContactKnowledgeFiles,
	getEmbeddingModels,
	getRerankerModels,
} from '../shared/methods/loadOptions';
import { getParsers } from './knowledge/parsers';
import { asNodeError, errorItem, pairedOutput } from './helpers/items';
import { chosenOperation, properties } from './router';
import { sendAndWaitWebhook, sendAndWaitWebhooks } from './sendAndWait/webhook';

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations, messages, contacts and human handover, broadcast to contacts, manage assistants, list inboxes, export chat records, manage and sync knowledge bases (files, FAQs, labels, search), and test an assistant with a question set (Batch QA)',
		defaults: { name: 'MaiAgent' },
		usableAsTool: {
			// What an AI Agent reads to decide when to call the tool (the default of its Description).
			replacements: {
				description:
					"Ask a MaiAgent AI assistant a question and get its answer: the assistant answers from its own knowledge base (e.g. a company's policies, products, FAQs) and returns the reply text with citations. Also searches its knowledge bases (Knowledge Base > Search gives the matching passages), reads MaiAgent data (conversations, messages, chat records with evaluation scores, contacts, AI assistants and inboxes), or hands a conversation to a human agent. Call it with the user's question when it is about what the MaiAgent assistant knows.",
			},
		},
		builderHint: {
			searchHint:
				'MaiAgent is an AI-assistant platform: assistants (chatbots) answer from their knowledge bases on web chat, LINE, Telegram and Messenger. Use Message > Send to ask an assistant and get its reply (behind a Chat Trigger in streaming mode the reply streams live; Options > Session Key = {{ $json.sessionId }} keeps one conversation per chat session). Chat Record > Get Many (Created After/Before) or Export to Excel for reports; Conversation > Set Auto-Reply off plus Message > Send as Agent for a human handover. Knowledge Base File > Sync (one binary item per document, e.g. from Google Drive or Read Files from Disk) and Knowledge Base FAQ > Sync (rows of a sheet) keep the knowledge of an assistant in step with its source; Contact > Create or Update syncs CRM customers; Contact > Broadcast Message announces to an inbox. Batch QA > Start runs a question file (.xlsx from Convert to File: columns 問題, 型態) through an assistant; Batch QA > Get Results downloads the answers (.xlsx, read it with Extract from File: MaiAgent does not report when a run is finished). To start on MaiAgent events use MaiAgent Trigger (new messages) or MaiAgent Webhook Trigger (assistant replies).',
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
		// Message > Send and Wait for Response: the links in its message resume the waiting execution here.
		webhooks: sendAndWaitWebhooks,
		waitingNodeTooltip: "Waiting for the customer's answer in their MaiAgent chat",
		properties,
	};

	methods = {
		listSearch,
		loadOptions: {
			getChatbots,
			getContactKnowledgeFaqs,
			getContactKnowledgeFiles,
			getEmbeddingModels,
			getParsers,
			getRerankerModels,
		},
	};

	/** A customer opened a link of Message > Send and Wait for Response, or answered on its page. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	/**
	 * A workflow run and an AI Agent's tool call both come here: the chosen operation runs once per
	 * input item; pairing, continue-on-fail and error wrapping happen here for every operation.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await chosenOperation(this);
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try {
				output.push(...pairedOutput(await run(this, i), i));
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, i);
				output.push(errorItem(error, i));
			}
		}
		return [output];
	}
}
