import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { conversationLocator } from '../shared/descriptions/locators';
import { toMillis } from '../shared/helpers/time';
import { searchConversations } from '../shared/methods/listSearch';
import { getChatbots, getInboxes, getKnowledgeBases } from '../shared/methods/loadOptions';
import { budgetFor, pollBudgetMs } from './budget';
import { pollContactEvent } from './contacts';
import type { MessageType } from './cursor';
import { loadState, saveState } from './cursor';
import { latestFile, pollFileStatus, readFileStatusFilters } from './fileStatus';
import { latestMessage } from './manual';
import { pollNewMessages } from './poll';
import type { Filters } from './walk';

/** Trigger nodes (workflow:node) with a poll in flight: an overlapping poll would emit the same messages. */
const running = new Set<string>();
/** Trigger nodes that polled in this process: the first poll after activation or a restart is shorter. */
const polled = new Set<string>();

export class MaiAgentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent Trigger',
		name: 'maiAgentTrigger',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "knowledgeFileStatus" ? "Knowledge file status changed" : $parameter["event"] === "newContact" ? "New contact" : "New message" + ($parameter["messageType"] === "both" ? "" : $parameter["messageType"] === "incoming" ? " from users" : " from the assistant")}}',
		// n8n's node panel groups this trigger with the MaiAgent node under one entry and shows this
		// description for both, so it names what the two do together.
		description:
			'Chat with MaiAgent AI assistants (customer service), sync knowledge bases (files, FAQs) and contacts, broadcast to contacts, export chat records; start workflows on new messages, new contacts and knowledge file status',
		defaults: { name: 'MaiAgent Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				options: [
					{
						name: 'Knowledge Base File Status Changed',
						value: 'knowledgeFileStatus',
						description:
							'A file of a knowledge base finished processing: done (usable by the assistants) or failed',
					},
					{
						name: 'New Contact',
						value: 'newContact',
						description:
							'A contact is created, e.g. a new LINE or web user, or one added by the API',
					},
					{
						name: 'New Message',
						value: 'newMessage',
						description: 'A message is written in a conversation, by a user or by the AI assistant',
					},
				],
				default: 'newMessage',
			},
			{
				displayName: 'Filters',
				name: 'contactFilters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { event: ['newContact'] } },
				options: [
					{
						displayName: 'Inbox Names or IDs',
						name: 'inboxes',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getInboxes' },
						default: [],
						description:
							'Only new contacts of these inboxes (channels); none: every new contact. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
			{
				displayName: 'Knowledge Base Names or IDs',
				name: 'knowledgeBases',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getKnowledgeBases' },
				displayOptions: { show: { event: ['knowledgeFileStatus'] } },
				default: [],
				required: true,
				description:
					'The knowledge bases whose files to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Status',
				name: 'fileStatus',
				type: 'options',
				required: true,
				displayOptions: { show: { event: ['knowledgeFileStatus'] } },
				options: [
					{ name: 'Done', value: 'done', description: 'Processed: the assistants can use it' },
					{ name: 'Done or Failed', value: 'both' },
					{
						name: 'Failed',
						value: 'failed',
						description:
							'MaiAgent could not process it (the item has its reason when MaiAgent gives one)',
					},
				],
				default: 'failed',
			},
			{
				displayName: 'Watch',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				required: true,
				displayOptions: { show: { event: ['newMessage'] } },
				options: [
					{ name: 'All Conversations', value: 'all' },
					{
						name: 'Conversations of AI Assistants',
						value: 'chatbots',
						description: 'The conversations in every inbox (channel) of the chosen AI assistants',
					},
					{ name: 'Conversations of Inboxes', value: 'inboxes' },
				],
				default: 'all',
			},
			{
				displayName: 'AI Assistant Names or IDs',
				name: 'chatbots',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getChatbots' },
				displayOptions: { show: { event: ['newMessage'], source: ['chatbots'] } },
				default: [],
				required: true,
				description:
					'The AI assistants whose conversations to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Inbox Names or IDs',
				name: 'inboxes',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getInboxes' },
				displayOptions: { show: { event: ['newMessage'], source: ['inboxes'] } },
				default: [],
				required: true,
				description:
					'The inboxes (channels: web chat, LINE, Telegram...) whose conversations to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Message Type',
				name: 'messageType',
				type: 'options',
				required: true,
				displayOptions: { show: { event: ['newMessage'] } },
				options: [
					{ name: 'Both', value: 'both' },
					{
						name: 'From the AI Assistant',
						value: 'outgoing',
						description: 'Replies of the AI assistant or of agents (outgoing)',
					},
					{ name: 'From Users', value: 'incoming', description: 'Messages users send (incoming)' },
				],
				default: 'incoming',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: { show: { event: ['newMessage'] } },
				options: [
					conversationLocator({
						displayName: 'Only This Conversation',
						required: false,
						description: 'Watch a single conversation instead of all the conversations above',
					}),
					{
						displayName: 'Lookback Window (Seconds)',
						name: 'lookback',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description:
							'How far behind the newest message a message may appear late (saved with an older time) and still be caught. Each poll re-reads the conversations active in this window; duplicates are removed by message ID.',
					},
					{
						displayName: 'Start From',
						name: 'startAt',
						type: 'dateTime',
						default: '',
						description:
							'Emit the messages created since this time when the workflow is first activated. Empty: start from the activation time. Changing it starts over from the new time.',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchConversations },
		loadOptions: { getChatbots, getInboxes, getKnowledgeBases },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('event', 'newMessage') === 'knowledgeFileStatus') {
			return await pollFiles(this);
		}
		if (this.getNodeParameter('event', 'newMessage') === 'newContact') {
			const contacts = await pollContactEvent(this);
			return contacts?.length ? [this.helpers.returnJsonArray(contacts)] : null;
		}
		const filters = readFilters(this);

		if (this.getMode() === 'manual') {
			const latest = await latestMessage(this, filters);
			return latest.length ? [this.helpers.returnJsonArray(latest)] : null;
		}

		const data = this.getWorkflowStaticData('node');
		const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id ?? this.getNode().name}`;
		if (running.has(key)) return null;
		running.add(key);
		try {
			const startAt = this.getNodeParameter('options.startAt', '') as string;
			const start = startAt ? toMillis(startAt) : Date.now();
			if (start === undefined) {
				throw new NodeOperationError(this.getNode(), `Start From is not a valid date: ${startAt}`);
			}
			const origin = startAt || 'now';
			const state = loadState(data, origin, start);
			// A new start ("now" at the first activation) is kept even if this first poll fails.
			if ((data.state as IDataObject | undefined)?.origin !== origin) saveState(data, state);

			const lookbackMs =
				Math.max(0, this.getNodeParameter('options.lookback', 60) as number) * 1000;
			const budgetMs = budgetFor({
				first: !polled.has(key),
				hostBudgetMs: pollBudgetMs(this),
				pollTimes: this.getNodeParameter('pollTimes', {}),
			});
			polled.add(key);
			const outcome = await pollNewMessages(this, { filters, state, lookbackMs, budgetMs });
			saveState(data, outcome.state);
			return outcome.items.length ? [this.helpers.returnJsonArray(outcome.items)] : null;
		} finally {
			running.delete(key);
		}
	}
}

/** Knowledge Base File Status Changed: one poll, or Fetch Test Event. */
async function pollFiles(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const filters = readFileStatusFilters(ctx);
	const items =
		ctx.getMode() === 'manual'
			? await latestFile(ctx, filters)
			: await pollFileStatus(ctx, ctx.getWorkflowStaticData('node'), filters);
	return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
}

function readFilters(ctx: IPollFunctions): Filters {
	const source = ctx.getNodeParameter('source', 'all') as string;
	const ids = (name: string) =>
		source === name ? ((ctx.getNodeParameter(name, []) as string[]) ?? []).map(String) : [];
	const conversation = ctx.getNodeParameter('options.conversation', '', { extractValue: true }) as
		| string
		| IDataObject;
	return {
		source,
		chatbots: ids('chatbots'),
		inboxes: ids('inboxes'),
		type: ctx.getNodeParameter('messageType', 'incoming') as MessageType,
		conversation: typeof conversation === 'string' ? conversation.trim() : '',
	};
}
