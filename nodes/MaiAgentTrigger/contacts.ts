/**
 * How the New Contact event (events/newContact.ts) finds every contact created after the trigger's
 * start, exactly once, optionally only those of some inboxes.
 *
 * MaiAgent has no "created after" filter on `contacts/`, so each poll reads the list (per watched
 * inbox) and keeps the contacts created at or after `from`. State (static data, `contacts` key):
 * - `from` (ms): every contact created before it has been handled;
 * - `seen`: id -> createdAt of the contacts emitted at or after `from` (dedupes identical times and
 *   contacts saved a little late with an older time, within the lookback window).
 * After a complete read, `from` moves to the newest emitted time minus the lookback, and `seen` is
 * pruned below it. A failed poll saves nothing: the next one reads the same window again.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { camelKeys, simplifyContact } from '../shared/helpers/simplify';
import { toMillis } from '../shared/helpers/time';
import { fetchAll, fetchPage } from '../shared/transport/pagination';
import { scopeWithin } from './walk';

export interface ContactState {
	/** The start the state was made for ("now" or the user's start time): a change resets it. */
	origin: string;
	from: number;
	seen: Record<string, number>;
	/** Per watched inbox ('' for all): how many contacts before `from` the list had at its start. */
	skip?: Record<string, number>;
}

const createdAt = (contact: IDataObject) => toMillis(camelKeys(contact).createdAt);

/** The saved state when it is readable and was made for this start (`origin`); else undefined. */
export function restoreContactState(saved: unknown, origin: string): ContactState | undefined {
	const state = saved as ContactState | undefined;
	return state && state.origin === origin && typeof state.from === 'number' ? state : undefined;
}

/** Contacts kept in front of the remembered position, for contacts deleted since the last poll. */
const SKIP_MARGIN = 100;

interface InboxRead {
	contacts: IDataObject[];
	/** Contacts before `from` at the start of the list; 0 when the list is not oldest first. */
	skip: number;
}

/** How many contacts lead the list before the first one created at or after `from`. */
function before(contacts: IDataObject[], from: number): number {
	const first = contacts.findIndex((contact) => (createdAt(contact) ?? 0) >= from);
	return first === -1 ? contacts.length : first;
}

/** Listed oldest first, give or take contacts saved late within the lookback. */
function oldestFirst(contacts: IDataObject[], toleranceMs: number): boolean {
	let newest = -Infinity;
	for (const contact of contacts) {
		const at = createdAt(contact) ?? 0;
		if (at < newest - toleranceMs) return false;
		newest = Math.max(newest, at);
	}
	return true;
}

/**
 * One inbox's contacts from `from` on. MaiAgent lists contacts oldest first by limit/offset (its
 * examples), so the read starts a little before where the window began last time; when the first
 * contact there is already inside the window (contacts deleted, another order), it reads it all.
 */
async function readInbox(
	ctx: IPollFunctions,
	{
		inbox,
		from,
		skip,
		lookbackMs,
	}: { inbox?: string; from: number; skip: number; lookbackMs: number },
): Promise<InboxRead> {
	const scope = scopeWithin('list contacts');
	const qs = inbox ? { inboxes: inbox } : {};
	const offset = Math.max(0, skip - SKIP_MARGIN);
	if (offset > 0) {
		const first = await fetchPage(
			ctx,
			{ url: 'contacts/', qs: { ...qs, limit: 100, offset } },
			scope,
		);
		const firstAt = first.results.length ? createdAt(first.results[0]) : undefined;
		const byOffset = first.next === null || /[?&]offset=/.test(first.next);
		if (
			byOffset &&
			firstAt !== undefined &&
			firstAt < from &&
			oldestFirst(first.results, lookbackMs)
		) {
			const rest = first.next
				? await fetchAll(ctx, { url: first.next }, scope, { sizeQuery: {} })
				: [];
			const contacts = [...first.results, ...rest];
			return {
				contacts,
				skip: oldestFirst(contacts, lookbackMs) ? offset + before(contacts, from) : 0,
			};
		}
	}
	const contacts = await fetchAll(ctx, { url: 'contacts/', qs }, scope, {
		sizeQuery: { limit: 100 },
	});
	return { contacts, skip: oldestFirst(contacts, lookbackMs) ? before(contacts, from) : 0 };
}

/** The contacts of the watched inboxes (all contacts when none is chosen), each once. */
async function readContacts(
	ctx: IPollFunctions,
	{ inboxes, state, lookbackMs }: { inboxes: string[]; state: ContactState; lookbackMs: number },
): Promise<{ contacts: IDataObject[]; skip: Record<string, number> }> {
	const byId = new Map<string, IDataObject>();
	const skip: Record<string, number> = {};
	for (const inbox of inboxes.length ? inboxes : ['']) {
		const read = await readInbox(ctx, {
			inbox: inbox || undefined,
			from: state.from,
			skip: state.skip?.[inbox] ?? 0,
			lookbackMs,
		});
		for (const contact of read.contacts) byId.set(String(contact.id), contact);
		skip[inbox] = read.skip;
	}
	return { contacts: [...byId.values()], skip };
}

/**
 * One poll: the new contacts (oldest first, simplified) and the state to save. Pure apart from
 * reading the list, so a poll that fails leaves the saved state as it was.
 */
export async function pollNewContacts(
	ctx: IPollFunctions,
	{ inboxes, state, lookbackMs }: { inboxes: string[]; state: ContactState; lookbackMs: number },
): Promise<{ items: IDataObject[]; state: ContactState }> {
	const read = await readContacts(ctx, { inboxes, state, lookbackMs });
	const fresh = read.contacts
		.filter((contact) => {
			const at = createdAt(contact);
			return at !== undefined && at >= state.from && state.seen[String(contact.id)] === undefined;
		})
		.sort((a, b) => (createdAt(a) ?? 0) - (createdAt(b) ?? 0));
	const seen = { ...state.seen };
	for (const contact of fresh) seen[String(contact.id)] = createdAt(contact)!;
	const newest = Math.max(state.from, ...Object.values(seen));
	const from = Math.max(state.from, newest - lookbackMs);
	for (const [id, at] of Object.entries(seen)) if (at < from) delete seen[id];
	return {
		items: fresh.map(simplifyContact),
		state: { origin: state.origin, from, seen, skip: read.skip },
	};
}

/** "Fetch Test Event": the most recently created contact of the watched inboxes, state untouched. */
export async function latestContact(
	ctx: IPollFunctions,
	inboxes: string[],
): Promise<IDataObject[]> {
	const scope = scopeWithin('list contacts');
	const candidates: IDataObject[] = [];
	for (const inbox of inboxes.length ? inboxes : [undefined]) {
		const qs = { limit: 100, ...(inbox ? { inboxes: inbox } : {}) };
		const first = await fetchPage(ctx, { url: 'contacts/', qs }, scope);
		candidates.push(...first.results);
		// Oldest first (the examples' order): the newest is on the last page.
		if (first.next && first.count !== undefined && first.count > first.results.length) {
			const offset = first.count - first.results.length;
			const last = await fetchPage(ctx, { url: 'contacts/', qs: { ...qs, offset } }, scope);
			candidates.push(...last.results);
		}
	}
	const newest = candidates.sort((a, b) => (createdAt(b) ?? 0) - (createdAt(a) ?? 0))[0];
	return newest ? [simplifyContact(newest)] : [];
}
