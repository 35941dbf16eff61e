/** New Contact: contacts created after the trigger's start, optionally only of some inboxes. */
import type { IPollFunctions } from 'n8n-workflow';

import type { ContactState } from '../contacts';
import { latestContact, pollNewContacts, restoreContactState } from '../contacts';
import type { TriggerEvent } from './event';

/** Contacts saved a little late (with an older time) are still caught within this window. */
const CONTACT_LOOKBACK_MS = 60_000;

const inboxesOf = (ctx: IPollFunctions) =>
	((ctx.getNodeParameter('contactFilters.inboxes', []) as string[]) ?? []).map(String);

export const newContact: TriggerEvent<ContactState> = {
	key: 'contacts',
	manual: async (ctx) => await latestContact(ctx, inboxesOf(ctx)),
	restore: (_ctx, saved) => restoreContactState(saved, 'now'),
	begin: () => ({ origin: 'now', from: Date.now(), seen: {} }),
	poll: async (ctx, state) =>
		await pollNewContacts(ctx, { inboxes: inboxesOf(ctx), state, lookbackMs: CONTACT_LOOKBACK_MS }),
};
