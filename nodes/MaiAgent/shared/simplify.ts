/**
 * Simplified output. MaiAgent timestamps are 13-digit millisecond strings: they are kept as they
 * are, and an ISO 8601 twin (`createdAtIso`, ...) is added next to each.
 */
import type { IDataObject } from 'n8n-workflow';

/** Milliseconds of a MaiAgent timestamp (13-digit ms string, number or ISO 8601), else undefined. */
export function toMillis(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

/** ISO 8601 for a MaiAgent timestamp (ms string or number; ISO strings pass through). */
export function isoTime(value: unknown): string | undefined {
	const ms = toMillis(value);
	const date = ms === undefined ? undefined : new Date(ms);
	return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function pick(source: IDataObject, keys: string[]): IDataObject {
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
		attachments: (message.attachments as IDataObject[] | undefined)?.map((a) =>
			pick(a, ['id', 'type', 'filename', 'file']),
		) ?? [],
		citations: (message.citations as IDataObject[] | undefined)?.map((c) =>
			pick(c, ['id', 'filename', 'file']),
		) ?? [],
	};
}

export function simplifyConversation(conversation: IDataObject): IDataObject {
	const last = conversation.lastMessage as IDataObject | null | undefined;
	return {
		...pick(conversation, ['id', 'title', 'createdAt', 'lastMessageCreatedAt', 'unreadMessagesCount', 'autoReplyEnabled']),
		contact: ref(conversation.contact, ['id', 'name']),
		inbox: ref(conversation.inbox, ['id', 'name', 'channelType']),
		lastMessage: last ? pick(last, ['id', 'type', 'content', 'createdAt']) : null,
	};
}

export function simplifyRecord(record: IDataObject): IDataObject {
	return pick(record, ['id', 'inputMessage', 'outputMessage', 'replyTime', 'error', 'createdAt']);
}
