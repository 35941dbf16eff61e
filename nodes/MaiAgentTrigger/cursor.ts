/**
 * The New Message event's memory (its state in the node's static data, see events/event.ts) and
 * the pure rules that make it emit every message exactly once. No I/O here: `poll.ts` and
 * `walk.ts` fetch, this module decides.
 *
 * - `from` (ms): the window start. Every message created before it has been handled (emitted, or
 *   created before the trigger's start). The next poll looks at messages created at or after it.
 * - `cursor` (ms): the horizon of the last complete pass: every message created at or before it
 *   (and at or after `from` then) has been emitted.
 * - `seen`: id -> createdAt of the messages emitted at or after `from`. It dedupes the lookback
 *   window (late inserts with an older `createdAt`, identical timestamps) and stays bounded by it:
 *   with a lookback of 0 it holds exactly the IDs emitted at the cursor's timestamp.
 * - `pass`: while a pass runs over several polls (a poll stops at its time budget or batch size):
 *   the horizon the pass started with, the conversations read completely in it, and where the
 *   conversation being read stopped (`resume`, the next page's link).
 * - `byActivity`: a walk has seen that `conversations/` is ordered by activity (not by creation):
 *   from then on walks may stop early (see walk.ts).
 *
 * A pass reads the window [from, horizon]. When it is complete (every conversation that can hold a
 * message of the window was read; see poll.ts), the state moves: cursor = horizon,
 * from = horizon - lookback, `seen` pruned below `from`. Until then only `seen` and `pass` grow;
 * `from` and `cursor` stay, so however long the gap between complete passes (restarts,
 * deactivation, failed or cut polls), the next poll repeats the same window, skips what it already
 * read and emits nothing twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { toMillis } from '../shared/helpers/time';

export interface Resume {
	conversation: string;
	/** The link of the next page of its messages to read. */
	next: string;
}

/** Where the pass's walk of the conversations list is (see poll.ts for rounds). */
export interface Walk {
	round: number;
	/** The link of the next page of this round; absent: the round starts from the top. */
	next?: string;
	/** The round found conversations to read. */
	found: boolean;
}

export interface Pass {
	horizon: number;
	/** Conversations read completely during this pass. */
	done: string[];
	/** A conversation whose messages were read in part. */
	resume?: Resume;
	walk?: Walk;
}

export interface TriggerState {
	/** What the window started from ("now" or the user's start time): a change resets the state. */
	origin: string;
	from: number;
	cursor: number;
	seen: Record<string, number>;
	pass?: Pass;
	byActivity?: boolean;
}

export type MessageType = 'incoming' | 'outgoing' | 'both';

const isFiniteNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/**
 * The saved state (from static data) when it is readable and was made for this start (`origin`):
 * undefined when there is none, it is unreadable, or the user changed the start option since.
 * A copy: the poll never changes what is saved.
 */
export function restoreState(saved: unknown, origin: string): TriggerState | undefined {
	const stored = saved as Partial<TriggerState> | undefined;
	if (
		!stored ||
		stored.origin !== origin ||
		!isFiniteNumber(stored.from) ||
		!isFiniteNumber(stored.cursor) ||
		!stored.seen ||
		typeof stored.seen !== 'object'
	)
		return undefined;
	const state: TriggerState = {
		origin,
		from: stored.from,
		cursor: stored.cursor,
		seen: { ...stored.seen },
	};
	const pass = restorePass(stored.pass);
	if (pass) state.pass = pass;
	if (stored.byActivity === true) state.byActivity = true;
	return state;
}

function restorePass(stored: Partial<Pass> | undefined): Pass | undefined {
	if (!stored || !isFiniteNumber(stored.horizon) || !Array.isArray(stored.done)) return undefined;
	const pass: Pass = { horizon: stored.horizon, done: [...stored.done] };
	const { resume, walk } = stored;
	if (typeof resume?.conversation === 'string' && typeof resume.next === 'string')
		pass.resume = { conversation: resume.conversation, next: resume.next };
	if (walk && isFiniteNumber(walk.round))
		pass.walk = {
			round: walk.round,
			found: walk.found === true,
			...(typeof walk.next === 'string' ? { next: walk.next } : {}),
		};
	return pass;
}

export function typeMatches(message: IDataObject, type: MessageType): boolean {
	return type === 'both' || message.type === type;
}

/**
 * The messages of one read that are new: inside [from, horizon], of the wanted type, not emitted
 * before (also not twice within `messages`). Oldest first; identical timestamps by id.
 */
export function selectNew(
	messages: IDataObject[],
	state: TriggerState,
	horizon: number,
	type: MessageType,
): IDataObject[] {
	const picked = new Map<string, IDataObject>();
	for (const message of messages) {
		const id = String(message.id);
		const at = toMillis(message.createdAt);
		if (at === undefined || at < state.from || at > horizon) continue;
		if (id in state.seen || picked.has(id) || !typeMatches(message, type)) continue;
		picked.set(id, message);
	}
	return sortOldestFirst([...picked.values()]);
}

export function sortOldestFirst<T extends IDataObject>(messages: T[]): T[] {
	return [...messages].sort(
		(a, b) =>
			(toMillis(a.createdAt) ?? 0) - (toMillis(b.createdAt) ?? 0) ||
			String(a.id).localeCompare(String(b.id)),
	);
}

function remember(seen: Record<string, number>, emitted: IDataObject[]): Record<string, number> {
	const next = { ...seen };
	for (const message of emitted) next[String(message.id)] = toMillis(message.createdAt) ?? 0;
	return next;
}

/** State after a poll that read every candidate conversation up to `horizon`. */
export function completePass(
	state: TriggerState,
	horizon: number,
	emitted: IDataObject[],
	lookbackMs: number,
): TriggerState {
	const cursor = Math.max(state.cursor, horizon);
	const from = Math.max(state.from, cursor - lookbackMs);
	const seen: Record<string, number> = {};
	for (const [id, at] of Object.entries(remember(state.seen, emitted)))
		if (at >= from) seen[id] = at;
	const next: TriggerState = { origin: state.origin, from, cursor, seen };
	if (state.byActivity) next.byActivity = true;
	return next;
}

/** What a poll that stopped before the pass was complete got through. */
export interface PassProgress {
	horizon: number;
	emitted: IDataObject[];
	/** Conversations read completely in this poll. */
	read: string[];
	resume?: Resume;
	walk?: Walk;
}

/** State after a poll that stopped before the pass was complete: same window, more `seen` and `done`. */
export function partialPass(state: TriggerState, progress: PassProgress): TriggerState {
	const { horizon, resume, walk } = progress;
	const done = [...new Set([...(state.pass?.done ?? []), ...progress.read])];
	const pass: Pass = { horizon, done };
	if (resume) pass.resume = resume;
	if (walk) pass.walk = walk;
	return { ...state, seen: remember(state.seen, progress.emitted), pass };
}

/** Whether times (nulls skipped) never increase: the list is newest first, as far as it shows. */
export function isNewestFirst(times: Array<number | undefined>): boolean {
	let previous = Infinity;
	for (const time of times) {
		if (time === undefined) continue;
		if (time > previous) return false;
		previous = time;
	}
	return true;
}
