/**
 * Searchable lists behind the resource locators. MaiAgent has no name search on these endpoints, so
 * each page is filtered here; the page's `next` link is the pagination token for "load more".
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { fetchPage } from '../transport/pagination';
import { isoTime } from '../helpers/time';
import { isUuid } from '../helpers/validate';

const PAGE_SIZE = 50;

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** One MaiAgent list as a list search shows it: its URL and query, each entry shown by `toItem`. */
interface SearchedList {
	url: string;
	qs: IDataObject;
	toItem: (item: IDataObject) => INodeListSearchItems;
}

async function searchList(
	ctx: ILoadOptionsFunctions,
	{ url, qs, toItem }: SearchedList,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const page = await fetchPage(
		ctx,
		paginationToken ? { url: paginationToken } : { url, qs: { ...qs, pageSize: PAGE_SIZE } },
		{ operation: `List ${url.replace(/\/$/, '')}`, maxRetries: 1 },
	);
	const results = page.results.map(toItem).filter((item) => matches(filter, item.name, item.value));
	return { results, paginationToken: page.next ?? undefined };
}

function preview(text: unknown, length = 60): string {
	const flat = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
	return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

type ListSearch = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** A list search over one MaiAgent list, each entry shown by `toItem`. */
function listSearch(
	url: string,
	qs: IDataObject,
	toItem: (item: IDataObject) => INodeListSearchItems,
): ListSearch {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await searchList(this, { url, qs, toItem }, filter, paginationToken);
	};
}

export const searchChatbots = listSearch('chatbots/', { page: 1 }, (bot) => ({
	name: String(bot.name ?? bot.id),
	value: String(bot.id),
}));

export const searchWebChats = listSearch('web-chats/', {}, (webChat) => ({
	name: String(webChat.name || webChat.id),
	value: String(webChat.id),
	url: `https://chat.maiagent.ai/web-chats/${String(webChat.id)}`,
}));

export const searchInboxes = listSearch('inboxes/', { page: 1 }, (inbox) => ({
	name: `${String(inbox.name ?? inbox.id)}${inbox.channelType ? ` (${String(inbox.channelType)})` : ''}`,
	value: String(inbox.id),
}));

function conversationName(conversation: IDataObject): string {
	const contact = (conversation.contact as IDataObject | undefined)?.name;
	const inbox = (conversation.inbox as IDataObject | undefined)?.name;
	const title =
		conversation.title || preview((conversation.lastMessage as IDataObject | null)?.content);
	const when = isoTime(conversation.lastMessageCreatedAt ?? conversation.createdAt)?.slice(0, 16);
	return [title || 'Untitled', contact, inbox, when?.replace('T', ' ')].filter(Boolean).join(' · ');
}

export const searchConversations = listSearch('conversations/', {}, (conversation) => ({
	name: conversationName(conversation),
	value: String(conversation.id),
}));

export async function searchMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const conversation = this.getCurrentNodeParameter('conversation', { extractValue: true });
	if (typeof conversation !== 'string' || !isUuid(conversation)) return { results: [] };
	const toItem = (message: IDataObject) => ({
		name: `${message.type === 'outgoing' ? 'Assistant' : 'User'}: ${preview(message.content) || '(no text)'}`,
		value: String(message.id),
	});
	return await searchList(
		this,
		{ url: 'messages/', qs: { conversation }, toItem },
		filter,
		paginationToken,
	);
}

export const searchLargeLanguageModels = listSearch('large-language-models/', {}, (model) => ({
	name: String(model.name ?? model.id),
	value: String(model.id),
}));

/** Contacts: MaiAgent searches them itself (`query` matches name, source ID or ID). */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await fetchPage(
		this,
		paginationToken
			? { url: paginationToken }
			: { url: 'contacts/', qs: { limit: PAGE_SIZE, ...(filter ? { query: filter } : {}) } },
		{ operation: 'List contacts', maxRetries: 1 },
	);
	const results = page.results.map((contact) => {
		const sourceId = contact.sourceId ?? contact.source_id;
		return {
			name: `${String(contact.name || contact.id)}${sourceId ? ` (${String(sourceId)})` : ''}`,
			value: String(contact.id),
		};
	});
	return { results, paginationToken: page.next ?? undefined };
}

export const searchKnowledgeBases = listSearch('knowledge-bases/', { page: 1 }, (kb) => ({
	name: String(kb.name || kb.id),
	value: String(kb.id),
}));

/** A list under the knowledge base chosen in the node (none until one is chosen). */
function knowledgeListSearch(
	list: string,
	toItem: (item: IDataObject) => INodeListSearchItems,
): ListSearch {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const kb = this.getCurrentNodeParameter('knowledgeBase', { extractValue: true });
		if (typeof kb !== 'string' || !isUuid(kb)) return { results: [] };
		const url = `knowledge-bases/${kb}/${list}/`;
		return await searchList(this, { url, qs: { page: 1 }, toItem }, filter, paginationToken);
	};
}

export const searchKnowledgeFiles = knowledgeListSearch('files', (file) => ({
	name: String(file.filename || file.id),
	value: String(file.id),
}));

export const searchKnowledgeFaqs = knowledgeListSearch('faqs', (faq) => ({
	name: preview(faq.question) || String(faq.id),
	value: String(faq.id),
}));

export const searchKnowledgeLabels = knowledgeListSearch('labels', (label) => ({
	name: String(label.name || label.id),
	value: String(label.id),
}));
