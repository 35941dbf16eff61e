import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { conversationLocator } from '../shared/descriptions/locators';
import { searchConversations } from '../shared/methods/listSearch';
import { getChatbots, getInboxes, getKnowledgeBases } from '../shared/methods/loadOptions';
import type { EventPoll } from './events/event';
import { poller } from './events/event';
import { fileStatusChanged } from './events/fileStatus';
import { newContact } from './events/newContact';
import { newMessage } from './events/newMessage';

const NEW_MESSAGE = poller(newMessage);
/** The events by their value of the Event parameter (New Message otherwise, its default). */
const EVENTS = new Map<string, EventPoll>([
	['knowledgeFileStatus', poller(fileStatusChanged)],
	['newContact', poller(newContact)],
	['newMessage', NEW_MESSAGE],
]);

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
		const event = EVENTS.get(this.getNodeParameter('event', 'newMessage') as string) ?? NEW_MESSAGE;
		const items = await event(this);
		return items?.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
