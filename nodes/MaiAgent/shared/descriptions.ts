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
	/** URL path segment that precedes the ID, e.g. "chatbots". */
	urlSegment: string;
	urlExample: string;
}

function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	return {
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
							regex: `^\\s*${UUID_PATTERN}\\s*$`,
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

/** Retry settings every operation offers in its Options. */
const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How many times to retry when MaiAgent rate limits (429) or is unavailable (503), and for reads also after server errors and dropped connections',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			"Longest wait before a retry. Waits follow MaiAgent's Retry-After header, else double from 0.5 s; a longer Retry-After fails at once.",
	},
];

/**
 * The operation's "Options" collection: its own options (sorted by name, as n8n's UX asks) and the
 * retry settings every operation has.
 */
export function optionsCollection(
	show: Record<string, string[]>,
	options: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		// Plain comparison: the first localeCompare call loads ICU collation data (about 5 ms of
		// n8n's start-up for this package).
		options: [...options, ...retryOptions].sort((a, b) => (a.displayName < b.displayName ? -1 : 1)),
	};
}

/** A Get Many operation's "Filters" collection. */
export function filtersCollection(
	show: Record<string, string[]>,
	filters: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: filters,
	};
}

/** "Created After" / "Created Before" filters (MaiAgent has no such query: filtered in the node). */
export function createdFilters(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: `Only ${noun} created after this moment`,
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: `Only ${noun} created before this moment`,
		},
	];
}

export const returnAllAndLimit = (show: Record<string, string[]>): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...show, returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

export const simplifyField = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	displayOptions: { show },
	default: true,
	description:
		'Whether to return a simplified version of the response instead of the raw data (adds ISO 8601 times next to the millisecond timestamps)',
});
