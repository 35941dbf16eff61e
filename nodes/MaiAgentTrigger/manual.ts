/** "Fetch Test Event": the newest matching message, read without touching the trigger's state. */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { fetchPage } from '../shared/transport/pagination';
import { sortOldestFirst, typeMatches } from './cursor';
import { toItem } from './poll';
import type { Filters } from './walk';
import {
	conversationUrl,
	conversationsRequest,
	fetchOne,
	lastAt,
	PAGE_SIZE,
	Scope,
	scopeWithin,
} from './walk';

/** Conversations read for a manual "Fetch Test Event" before giving up. */
const MANUAL_CONVERSATIONS = 5;

/** The most recently active conversations in scope, from the first page of the list. */
async function recentConversations(ctx: IPollFunctions, filters: Filters): Promise<IDataObject[]> {
	const conversations = filters.conversation
		? [await fetchOne(ctx, conversationUrl(filters.conversation), 'get the watched conversation')]
		: (await fetchPage(ctx, conversationsRequest(filters), scopeWithin('list conversations')))
				.results;
	return (await new Scope(ctx, filters).keep(conversations))
		.filter((c) => lastAt(c) !== undefined)
		.sort((a, b) => (lastAt(b) ?? 0) - (lastAt(a) ?? 0))
		.slice(0, MANUAL_CONVERSATIONS);
}

export async function latestMessage(ctx: IPollFunctions, filters: Filters): Promise<IDataObject[]> {
	for (const conversation of await recentConversations(ctx, filters)) {
		const page = await fetchPage(
			ctx,
			{ url: 'messages/', qs: { conversation: String(conversation.id), pageSize: PAGE_SIZE } },
			scopeWithin('list the messages of a conversation'),
		);
		const matching = sortOldestFirst(page.results.filter((m) => typeMatches(m, filters.type)));
		if (matching.length) return [toItem(matching[matching.length - 1], conversation)];
	}
	return [];
}
