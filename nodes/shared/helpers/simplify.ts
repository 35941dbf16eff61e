/**
 * Simplified output. MaiAgent timestamps are 13-digit millisecond strings: they are kept as they
 * are, and an ISO 8601 twin (`createdAtIso`, ...) is added next to each.
 */
import type { IDataObject } from 'n8n-workflow';

import { isoTime } from './time';

/** The `keys` of `source` that it has, each `…At` time with its ISO twin. */
export function pick(source: IDataObject, keys: string[]): IDataObject {
	const result: IDataObject = {};
	for (const key of keys) {
		if (source[key] !== undefined) result[key] = source[key];
		const iso = key.endsWith('At') ? isoTime(source[key]) : undefined;
		if (iso) result[`${key}Iso`] = iso;
	}
	return result;
}

function ref(value: unknown, keys: string[]): IDataObject | null {
	return value && typeof value === 'object' ? pick(value as IDataObject, keys) : null;
}

export function simplifyMessage(message: IDataObject): IDataObject {
	return {
		...pick(message, ['id', 'conversation', 'type', 'content', 'createdAt']),
		sender: ref(message.sender, ['id', 'name']),
		attachments:
			(message.attachments as IDataObject[] | undefined)?.map((a) =>
				pick(a, ['id', 'type', 'filename', 'file']),
			) ?? [],
		citations:
			(message.citations as IDataObject[] | undefined)?.map((c) =>
				pick(c, ['id', 'filename', 'file']),
			) ?? [],
	};
}

export function simplifyConversation(conversation: IDataObject): IDataObject {
	const last = conversation.lastMessage as IDataObject | null | undefined;
	return {
		...pick(conversation, [
			'id',
			'title',
			'createdAt',
			'lastMessageCreatedAt',
			'unreadMessagesCount',
			'autoReplyEnabled',
		]),
		contact: ref(conversation.contact, ['id', 'name']),
		inbox: ref(conversation.inbox, ['id', 'name', 'channelType']),
		lastMessage: last ? pick(last, ['id', 'type', 'content', 'createdAt']) : null,
	};
}

export function simplifyRecord(record: IDataObject): IDataObject {
	return pick(record, ['id', 'inputMessage', 'outputMessage', 'replyTime', 'error', 'createdAt']);
}

/** A model field: `{id, name}` in the assistant list, a bare id in its detail. */
function modelName(value: IDataObject[string]): IDataObject[string] {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject).name
		: value;
}

/** An assistant's model fields. */
export const MODEL_KEYS = ['largeLanguageModel', 'embeddingModel', 'rerankerModel', 'rag'];

export function simplifyChatbot(chatbot: IDataObject): IDataObject {
	const models: IDataObject = {};
	for (const key of MODEL_KEYS) {
		if (chatbot[key] !== undefined) models[key] = modelName(chatbot[key]);
	}
	return {
		...pick(chatbot, ['id', 'name']),
		...models,
		...pick(chatbot, ['apiWebChatId', 'webhookUrl', 'updatedAt']),
	};
}

export function simplifyInbox(inbox: IDataObject): IDataObject {
	return {
		...pick(inbox, ['id', 'name', 'channelType', 'unreadConversationsCount']),
		...(inbox.channel ? { channel: ref(inbox.channel, ['id', 'name']) } : {}),
	};
}

export const snakeToCamel = (key: string) =>
	key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A contact answer (or the broadcast summary) with camelCase top-level keys: MaiAgent's examples
 * document snake_case (`source_id`), its reference camelCase (`sourceId`). Nested values (query
 * metadata, inboxes) are left as they came.
 */
export function camelKeys(source: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(source)) result[snakeToCamel(key)] = value;
	return result;
}

/** Keys in snake_case at every depth: query metadata as MaiAgent documents it, whatever the answer's casing. */
function snakeKeysDeep(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(snakeKeysDeep);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [
			key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
			snakeKeysDeep(inner),
		]),
	);
}

export function simplifyContact(contact: IDataObject): IDataObject {
	const camel = camelKeys(contact);
	return {
		...pick(camel, ['id', 'name', 'email', 'phoneNumber', 'avatar', 'sourceId']),
		inboxes: ((camel.inboxes as IDataObject[] | undefined) ?? []).map((inbox) =>
			pick(inbox, ['id', 'name']),
		),
		queryMetadata: snakeKeysDeep(camel.queryMetadata ?? {}) as IDataObject,
		...pick(camel, ['createdAt', 'updatedAt']),
	};
}
