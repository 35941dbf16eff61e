/**
 * Multi-turn chats: the "Session Key" option (e.g. the Chat Trigger's `sessionId`) names a MaiAgent
 * conversation, so every message sent with the same key and AI assistant continues it.
 *
 * Where the mapping lives:
 * - In the node's workflow static data (`getWorkflowStaticData('node')`, key `sessions`), which n8n
 *   saves with the workflow after each production execution (active workflow: Chat Trigger, webhook,
 *   schedule...). It survives restarts and is shared by queue-mode workers. It is lost when the node
 *   is renamed (static data is kept per node name) and is only as fresh as the start of the
 *   execution: two executions running at once each save their own copy, and the last one to finish
 *   wins, which can drop a mapping made by the other (that session then starts a new conversation).
 * - In this n8n process's memory, keyed by workflow ID and node ID. n8n discards static data
 *   changes of manual executions (the editor's Execute button and its chat panel), so without this
 *   a chat tested in the editor would start a new conversation at every message; with it, manual
 *   runs continue their conversations for as long as the n8n process lives. It also covers the
 *   concurrent production executions above when they run in the same process.
 * A lookup reads memory first (the freshest), then static data; a new mapping goes to both.
 *
 * Bounds: static data keeps the 1,000 most recently used sessions per node (about 120 KB, saved
 * with the workflow), memory the 10,000 most recently used of the whole process; older sessions
 * are evicted and would start a new conversation. An explicit Conversation parameter wins over the
 * key and becomes its mapping.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

export const MAX_STORED_SESSIONS = 1_000;
export const MAX_MEMORY_SESSIONS = 10_000;

/**
 * Key → conversation ID, least recently used first: keys contain ":", so they are never
 * array-index-like and the object keeps them in insertion order (also through JSON).
 */
export type SessionMap = Record<string, string>;

/** Records `key` as the most recently used entry and evicts the oldest beyond `max`. */
export function remember(map: SessionMap, key: string, conversationId: string, max: number): void {
	delete map[key];
	map[key] = conversationId;
	const keys = Object.keys(map);
	for (let i = 0; i < keys.length - max; i++) delete map[keys[i]];
}

const memory: SessionMap = {};

export interface SessionStore {
	/** The conversation the session continues, if known. */
	get(): string | undefined;
	/** Records the conversation the session continues. */
	set(conversationId: string): void;
	/** Forgets the session (its conversation no longer exists). */
	forget(): void;
}

/** The mapping of one session key of one AI assistant, for the running node. */
export function sessionStore(
	ctx: IExecuteFunctions,
	chatbotId: string,
	sessionKey: string,
): SessionStore {
	const storedKey = `${chatbotId}:${sessionKey}`;
	const memoryKey = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${storedKey}`;
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = (): SessionMap => (staticData.sessions ?? {}) as SessionMap;
	/** Reassigning marks the static data as changed, so n8n saves it. */
	const save = (sessions: SessionMap) => {
		staticData.sessions = sessions;
	};
	return {
		get: () => memory[memoryKey] ?? stored()[storedKey],
		set(conversationId) {
			remember(memory, memoryKey, conversationId, MAX_MEMORY_SESSIONS);
			const sessions = stored();
			remember(sessions, storedKey, conversationId, MAX_STORED_SESSIONS);
			save(sessions);
		},
		forget() {
			delete memory[memoryKey];
			const sessions = stored();
			delete sessions[storedKey];
			save(sessions);
		},
	};
}
