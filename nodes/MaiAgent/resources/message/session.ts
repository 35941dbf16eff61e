/**
 * Multi-turn chats: the "Session Key" option (e.g. the Chat Trigger's `sessionId`) names a MaiAgent
 * conversation, so every message sent with the same key and AI assistant continues it.
 *
 * The mapping lives in MaiAgent, not in n8n. Each (AI assistant, session key) pair has one MaiAgent
 * contact whose `sourceId` is derived from both (`n8n-session-` + SHA-256, see `sessionSourceId`),
 * in the assistant's API web chat inbox. A turn finds that contact (`GET contacts/?query=`),
 * continues its latest conversation (`GET contacts/{id}/conversations/latest`, 404 = none yet) and
 * sends as that contact (`message.sender`), which links a new conversation to it.
 *
 * So every n8n process reads the same mapping: main and every queue-mode worker, after restarts,
 * in manual runs from the editor, in executions running at once. Nothing is kept in n8n: no
 * workflow static data (n8n 2.41.1 workers start executions with empty static data and overwrite
 * the workflow's whole static data at their end, dropping e.g. a trigger's cursor) and no process
 * memory. There is no fallback: a failing contact call fails the item with the operation named.
 *
 * Races: when two first turns of one session run at once, both may create a contact; every turn
 * then uses the oldest contact with that source ID (creation time, then ID), so they agree. Two
 * first turns at the very same moment can still each start a conversation; the later turns
 * continue the contact's most recently active one. An explicit Conversation wins over the key and,
 * being sent as the session's contact, becomes its latest conversation.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toMillis } from '../../../shared/helpers/time';
import { fetchAll } from '../../../shared/transport/pagination';
import type { RequestScope } from '../../../shared/transport/retry';
import { maiagentApi } from '../../../shared/transport/request';

const SOURCE_ID_PREFIX = 'n8n-session-';
/** Contact names are shown in MaiAgent's inbox; long keys are cut. */
const NAME_LIMIT = 80;

/** The contact source ID of a session: stable, per AI assistant, and free of the key's text. */
export function sessionSourceId(chatbotId: string, sessionKey: string): string {
	const digest = createHash('sha256').update(JSON.stringify([chatbotId.toLowerCase(), sessionKey]));
	return SOURCE_ID_PREFIX + digest.digest('hex');
}

/** Milliseconds of a contact's `createdAt` (unreadable: last, so a readable one wins). */
function createdAtMs(contact: IDataObject): number {
	return toMillis(contact.createdAt ?? contact.created_at) ?? Number.POSITIVE_INFINITY;
}

/** The contact every turn agrees on: the oldest, then the smallest ID. */
export function oldestContact(contacts: IDataObject[]): IDataObject | undefined {
	return [...contacts].sort(
		(a, b) => createdAtMs(a) - createdAtMs(b) || String(a.id).localeCompare(String(b.id)),
	)[0];
}

export interface Session {
	contactId: string;
	/** The conversation to continue; absent when the session has none yet. */
	conversationId?: string;
}

interface SessionContext {
	ctx: IExecuteFunctions;
	chatbotId: string;
	sourceId: string;
	scope: (operation: string) => RequestScope;
}

/** Contacts whose source ID is exactly the session's (`query` also matches names, loosely). */
async function findContacts(s: SessionContext): Promise<IDataObject[]> {
	const contacts = await fetchAll(
		s.ctx,
		{ url: 'contacts/', qs: { query: s.sourceId } },
		s.scope('find the session contact'),
		{ filter: (c) => (c.sourceId ?? c.source_id) === s.sourceId },
	);
	return contacts;
}

/** The inbox new session contacts join: the one of the assistant's API web chat. */
async function webInbox(s: SessionContext): Promise<string> {
	const chatbot = await maiagentApi<IDataObject>(
		s.ctx,
		{ url: `chatbots/${s.chatbotId}/` },
		s.scope('read the AI assistant'),
	);
	const inboxes = await fetchAll(
		s.ctx,
		{ url: 'inboxes/', qs: { chatbot: s.chatbotId, channelType: 'web' } },
		s.scope("find the AI assistant's web inbox"),
	);
	const webChatId = chatbot.apiWebChatId;
	const inbox =
		inboxes.find((i) => webChatId && (i.channel as IDataObject | undefined)?.id === webChatId) ??
		inboxes[0];
	if (!inbox) {
		throw new NodeOperationError(
			s.ctx.getNode(),
			'Session Key needs a web inbox of the AI assistant',
			{
				description:
					'The session is kept as a MaiAgent contact, and contacts belong to an inbox: add a web chat to the AI assistant in MaiAgent, or leave Session Key empty',
				itemIndex: s.scope('').itemIndex,
			},
		);
	}
	return String(inbox.id);
}

/**
 * Creates the session's contact. A refusal is answered, not thrown: another turn of this session
 * may have created it first (source IDs are unique per inbox), which the caller checks.
 */
async function createContact(s: SessionContext, name: string): Promise<IDataObject | NodeApiError> {
	const inboxId = await webInbox(s);
	// maiagentApi throws only NodeApiError/NodeOperationError (the transport maps every failure).
	return await maiagentApi<IDataObject>(
		s.ctx,
		{
			method: 'POST',
			url: 'contacts/',
			body: { name, sourceId: s.sourceId, inboxes: [{ id: inboxId }] },
		},
		s.scope('create the session contact'),
	).catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '400') return error;
		throw error;
	});
}

async function latestConversation(
	s: SessionContext,
	contactId: string,
): Promise<string | undefined> {
	const conversation = await maiagentApi<IDataObject>(
		s.ctx,
		{ url: `contacts/${contactId}/conversations/latest` },
		s.scope('find the session conversation'),
	).catch((error: unknown) => {
		// 404: the contact has no conversation yet.
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw error;
	});
	return conversation?.id ? String(conversation.id) : undefined;
}

export interface SessionOptions {
	chatbotId: string;
	sessionKey: string;
	/** The operation's scope: each step's errors name it. */
	scope: RequestScope;
	/** Also find the contact's latest conversation (default true). */
	withConversation?: boolean;
}

/**
 * The contact and conversation of a session, creating the contact on its first turn (without
 * `withConversation`, only the contact). Errors name the node's operation and the step, e.g.
 * "Send a message to an AI assistant (find the session contact) failed: ...".
 */
export async function resolveSession(
	ctx: IExecuteFunctions,
	options: SessionOptions,
): Promise<Session> {
	const { chatbotId, sessionKey, scope: baseScope, withConversation = true } = options;
	const s: SessionContext = {
		ctx,
		chatbotId,
		sourceId: sessionSourceId(chatbotId, sessionKey),
		scope: (step) => ({
			...baseScope,
			operation: step ? `${baseScope.operation} (${step})` : baseScope.operation,
		}),
	};
	let contact = oldestContact(await findContacts(s));
	if (!contact) {
		const created = await createContact(s, `n8n session ${sessionKey}`.slice(0, NAME_LIMIT));
		// Read again: a turn running at the same time may have created one too.
		contact = oldestContact(await findContacts(s));
		if (!contact && created instanceof NodeApiError) throw created;
		contact ??= created as IDataObject;
	}
	const contactId = String(contact.id);
	return {
		contactId,
		conversationId: withConversation ? await latestConversation(s, contactId) : undefined,
	};
}
