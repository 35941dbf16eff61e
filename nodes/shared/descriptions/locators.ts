/**
 * Resource locators shared by the operations: pick from a searchable list, paste an ID, or paste a
 * URL that contains the ID (MaiAgent console, chat page or API links).
 */
import type { INodeProperties } from 'n8n-workflow';

const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

interface LocatorSpec {
	name: string;
	displayName: string;
	/** Singular noun used in hints, e.g. "AI assistant". */
	noun: string;
	searchListMethod: string;
	/** URL path segment that precedes the ID, e.g. "chatbots"; absent: no By URL mode. */
	urlSegment?: string;
	urlExample?: string;
}

function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	// An optional locator left empty means "none" (Send: a new conversation), so By ID accepts it.
	const id = overrides.required === false ? `(${UUID_PATTERN})?` : UUID_PATTERN;
	const property: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${/^[aeiou]/i.test(spec.noun) ? 'an' : 'a'} ${spec.noun}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `^\\s*${id}\\s*$`,
							errorMessage: `Not a valid ${spec.noun} ID (a UUID)`,
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: spec.urlExample,
				extractValue: { type: 'regex', regex: `/${spec.urlSegment}/(${UUID_PATTERN})` },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*/${spec.urlSegment}/${UUID_PATTERN}.*`,
							errorMessage: `Not a URL containing /${spec.urlSegment}/<ID>`,
						},
					},
				],
			},
		],
		...overrides,
	};
	if (!spec.urlSegment) property.modes = property.modes?.filter((mode) => mode.name !== 'url');
	return property;
}

export function chatbotLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'chatbot',
			displayName: 'AI Assistant',
			noun: 'AI assistant',
			searchListMethod: 'searchChatbots',
			urlSegment: 'chatbots',
			urlExample: 'https://api.maiagent.ai/api/v1/chatbots/3f2b6c1e-...',
		},
		{ description: 'The MaiAgent AI assistant (chatbot)', ...overrides },
	);
}

export function conversationLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'conversation',
			displayName: 'Conversation',
			noun: 'conversation',
			searchListMethod: 'searchConversations',
			urlSegment: 'conversations',
			urlExample: 'https://api.maiagent.ai/api/v1/conversations/3f2b6c1e-...',
		},
		overrides,
	);
}

export function webChatLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'webChat',
			displayName: 'Web Chat',
			noun: 'web chat',
			searchListMethod: 'searchWebChats',
			urlSegment: 'web-chats',
			urlExample: 'https://chat.maiagent.ai/web-chats/3f2b6c1e-...',
		},
		{
			description:
				'The web chat (channel) of an AI assistant. Its ID is shown at the bottom of the assistant page in the MaiAgent console.',
			...overrides,
		},
	);
}

export function messageLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'message',
			displayName: 'Message',
			noun: 'message',
			searchListMethod: 'searchMessages',
			urlSegment: 'messages',
			urlExample: 'https://api.maiagent.ai/api/v1/messages/3f2b6c1e-...',
		},
		{
			description: 'The message (the list shows the messages of the conversation above)',
			...overrides,
		},
	);
}

export function inboxLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'inbox',
			displayName: 'Inbox',
			noun: 'inbox',
			searchListMethod: 'searchInboxes',
			urlSegment: 'inboxes',
			urlExample: 'https://api.maiagent.ai/api/v1/inboxes/3f2b6c1e-...',
		},
		{
			description:
				'An inbox is one channel of an AI assistant (web chat, LINE, Telegram, Messenger)',
			...overrides,
		},
	);
}

export function contactLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'contact',
			displayName: 'Contact',
			noun: 'contact',
			searchListMethod: 'searchContacts',
			urlSegment: 'contacts',
			urlExample: 'https://api.maiagent.ai/api/v1/contacts/3f2b6c1e-...',
		},
		{
			description: 'The contact: search by name, source ID or contact ID',
			...overrides,
		},
	);
}

/** MaiAgent has no page per model: list and ID only. */
export function largeLanguageModelLocator(
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return locator(
		{
			name: 'largeLanguageModel',
			displayName: 'Model',
			noun: 'model',
			searchListMethod: 'searchLargeLanguageModels',
		},
		{ description: 'The large language model that writes the replies', ...overrides },
	);
}

export function knowledgeBaseLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'knowledgeBase',
			displayName: 'Knowledge Base',
			noun: 'knowledge base',
			searchListMethod: 'searchKnowledgeBases',
			urlSegment: 'knowledge-bases',
			urlExample: 'https://api.maiagent.ai/api/v1/knowledge-bases/3f2b6c1e-...',
		},
		overrides,
	);
}

/** A file, FAQ or label of the knowledge base chosen above (its list needs that knowledge base). */
function knowledgeItemLocator(
	spec: Pick<LocatorSpec, 'name' | 'displayName' | 'noun' | 'searchListMethod' | 'urlSegment'>,
	overrides: Partial<INodeProperties>,
): INodeProperties {
	return locator(
		{
			...spec,
			urlExample: `https://api.maiagent.ai/api/v1/knowledge-bases/.../${spec.urlSegment}/3f2b6c1e-...`,
		},
		{
			description: `The ${spec.noun} (the list shows those of the knowledge base above)`,
			...overrides,
		},
	);
}

export function knowledgeFileLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return knowledgeItemLocator(
		{
			name: 'file',
			displayName: 'File',
			noun: 'file',
			searchListMethod: 'searchKnowledgeFiles',
			urlSegment: 'files',
		},
		overrides,
	);
}

export function knowledgeFaqLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return knowledgeItemLocator(
		{
			name: 'faq',
			displayName: 'FAQ',
			noun: 'FAQ',
			searchListMethod: 'searchKnowledgeFaqs',
			urlSegment: 'faqs',
		},
		overrides,
	);
}

export function knowledgeLabelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return knowledgeItemLocator(
		{
			name: 'label',
			displayName: 'Label',
			noun: 'label',
			searchListMethod: 'searchKnowledgeLabels',
			urlSegment: 'labels',
		},
		overrides,
	);
}
