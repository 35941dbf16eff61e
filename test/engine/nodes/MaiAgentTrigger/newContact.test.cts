/**
 * MaiAgent Trigger, New Contact event, through n8n-core's PollContext against the sandbox: each new
 * contact exactly once (restarts, identical and late timestamps, pages, failures), the inbox filter,
 * both answer casings and Fetch Test Event.
 */
import type { IDataObject } from 'n8n-workflow';

import * as fixture from './fixture.cts';

const { roundTrip, useTriggerSandbox } = fixture;

const sb = useTriggerSandbox();

/** A simulated time far above the seed data and every earlier test's contacts. */
let clock = Date.UTC(2030, 0, 1);
const tick = (ms = 1000) => (clock += ms);

const parameters = (inboxes: string[] = []) => ({
	event: 'newContact',
	contactFilters: { inboxes },
});

/** Static data of a trigger activated at the current simulated time. */
function activatedNow(): IDataObject {
	return { contacts: { origin: 'now', from: tick(), seen: {} } };
}

const inboxIds = () => sb.sandbox.store.inboxes.map((i) => i.id);

function addContact(options: { at?: number; inboxes?: string[] } = {}) {
	const at = options.at ?? tick();
	return sb.sandbox.store.addContact({
		name: `客戶 ${at}`,
		sourceId: `src-${at}-${Math.random()}`,
		inboxIds: options.inboxes ?? [inboxIds()[0]],
		createdAt: String(at),
		updatedAt: String(at),
	});
}

const ids = (items: IDataObject[]) => items.map((i) => i.id);

describe('MaiAgent Trigger: New Contact', () => {
	it('emits each new contact once, oldest first, simplified; earlier contacts are not new', async () => {
		addContact(); // before the activation: not new
		const staticData = activatedNow();
		expect(await sb.poll({ staticData, parameters: parameters() })).toEqual([]);
		const second = addContact({ at: tick(2000) });
		const first = addContact({ at: clock - 1000 });
		const items = await sb.poll({ staticData, parameters: parameters() });
		expect(ids(items)).toEqual([first.id, second.id]);
		expect(items[0]).toMatchObject({
			id: first.id,
			name: first.name,
			sourceId: first.sourceId,
			inboxes: [{ id: inboxIds()[0] }],
			createdAtIso: new Date(Number(first.createdAt)).toISOString(),
		});
		// A restart (static data saved and loaded) and the next polls emit nothing again.
		expect(await sb.poll({ staticData: roundTrip(staticData), parameters: parameters() })).toEqual(
			[],
		);
		expect(await sb.poll({ staticData, parameters: parameters() })).toEqual([]);
	});

	it('filters by inbox; a contact in two watched inboxes comes once', async () => {
		const [a, b, c] = inboxIds();
		const staticData = activatedNow();
		const inA = addContact({ inboxes: [a] });
		const inBoth = addContact({ inboxes: [a, b] });
		addContact({ inboxes: [c] });
		const items = await sb.poll({ staticData, parameters: parameters([a, b]) });
		expect(ids(items)).toEqual([inA.id, inBoth.id]);
		expect(sb.apiRequests().map((r) => r.query.inboxes)).toEqual([a, b]);
	});

	it('catches identical timestamps and contacts saved late within the lookback, each once', async () => {
		const staticData = activatedNow();
		const a = addContact();
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([a.id]);
		const twin = addContact({ at: Number(a.createdAt) });
		const b = addContact({ at: tick(40_000) });
		const late = addContact({ at: clock - 20_000 });
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([
			twin.id,
			late.id,
			b.id,
		]);
		expect(await sb.poll({ staticData: roundTrip(staticData), parameters: parameters() })).toEqual(
			[],
		);
		// The dedupe set keeps only the contacts inside the 60 s lookback of the newest.
		const far = addContact({ at: tick(120_000) });
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([far.id]);
		expect(Object.keys((staticData.contacts as IDataObject).seen as IDataObject)).toEqual([far.id]);
	});

	it('reads every page and both answer casings', async () => {
		const staticData = activatedNow();
		const added = Array.from({ length: 45 }, () => addContact());
		sb.sandbox.control.setMaxPageSize(20);
		sb.sandbox.control.setContactsCase('camel');
		const items = await sb.poll({ staticData, parameters: parameters() });
		expect(ids(items)).toEqual(added.map((c) => c.id));
		expect(items[0].sourceId).toBe(added[0].sourceId);
		sb.sandbox.control.setContactsCase('snake');
		expect(await sb.poll({ staticData, parameters: parameters() })).toEqual([]);
	});

	it('reads on from near where the window started, and the whole list after deletions', async () => {
		const old = Array.from({ length: 250 }, () => addContact());
		const staticData = activatedNow();
		expect(await sb.poll({ staticData, parameters: parameters() })).toEqual([]);
		const skip = ((staticData.contacts as IDataObject).skip as Record<string, number>)[''];
		expect(skip).toBe(sb.sandbox.store.contacts.filter((c) => c.deletedAt === null).length);

		sb.sandbox.control.clearRequests();
		const next = addContact();
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([next.id]);
		const reads = sb.apiRequests();
		// The margin's page and the one after it, instead of the whole list (4 pages).
		expect(reads.map((r) => Number(r.query.offset))).toEqual([skip - 100, skip]);

		// 150 contacts deleted: the remembered position is past the window's start; nothing is lost.
		for (const contact of old.slice(0, 150)) contact.deletedAt = String(tick());
		const after = addContact();
		sb.sandbox.control.clearRequests();
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([after.id]);
		expect(sb.apiRequests().length).toBeGreaterThan(1);
		expect(await sb.poll({ staticData, parameters: parameters() })).toEqual([]);
	});

	it('a failed poll emits nothing and moves nothing; the next one catches up', async () => {
		const staticData = activatedNow();
		const contact = addContact();
		const before = roundTrip(staticData);
		sb.sandbox.control.fail({ route: 'contacts/', status: 500, times: 10, retryAfter: 0 });
		await expect(sb.poll({ staticData, parameters: parameters() })).rejects.toThrow(
			/list contacts failed: MaiAgent answered 500/,
		);
		expect(staticData).toEqual(before);
		sb.sandbox.control.reset();
		expect(ids(await sb.poll({ staticData, parameters: parameters() }))).toEqual([contact.id]);
	});

	it('Fetch Test Event returns the newest contact of the inbox and moves nothing', async () => {
		const [a, b] = inboxIds();
		const staticData = activatedNow();
		sb.sandbox.control.setMaxPageSize(20);
		const inA = Array.from({ length: 25 }, () => addContact({ inboxes: [a] }));
		addContact({ inboxes: [b] });
		const before = roundTrip(staticData);
		const items = await sb.poll({ staticData, mode: 'manual', parameters: parameters([a]) });
		expect(ids(items)).toEqual([inA[inA.length - 1].id]);
		expect(staticData).toEqual(before);
	});
});
