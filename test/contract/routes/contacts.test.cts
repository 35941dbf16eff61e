/**
 * Contacts as MaiAgent's contacts examples (`examples/python/contacts/*.py`) call them and read the
 * answers, and as the reference documents them (camelCase bodies, `page`/`pageSize`).
 */
import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

const webInbox = () => ctx.sandbox.store.inboxes.find((i) => i.channelType === 'web')!;
const lineInbox = () => ctx.sandbox.store.inboxes.find((i) => i.channelType === 'line')!;
const live = () => ctx.sandbox.store.contacts.filter((c) => c.deletedAt === null);
const ids = (results: Array<{ id: string }>) => results.map((c) => c.id);

/** The examples' contact answer (create_contact.py's and list_contacts.py's documented shape). */
const SNAKE_FIELDS = [
	'id',
	'name',
	'email',
	'phone_number',
	'avatar',
	'source_id',
	'inboxes',
	'inbox',
	'query_metadata',
	'mcp_credentials',
	'created_at',
	'updated_at',
].sort();

describe('GET contacts/', () => {
	it("answers the examples' snake_case fields by default, camelCase when configured", async () => {
		const { json } = await helpers.call(ctx.sandbox, 'GET', 'contacts/');
		expect(Object.keys(json.results[0]).sort()).toEqual(SNAKE_FIELDS);
		expect(json.results[0].inboxes[0]).toEqual({
			id: expect.any(String),
			name: expect.any(String),
		});
		ctx.sandbox.control.setContactsCase('camel');
		const camel = await helpers.call(ctx.sandbox, 'GET', 'contacts/');
		expect(Object.keys(camel.json.results[0])).toEqual(
			expect.arrayContaining(['phoneNumber', 'sourceId', 'queryMetadata', 'createdAt']),
		);
		expect(Object.keys(camel.json.results[0])).not.toContain('source_id');
	});

	it('pages by limit/offset by default: next is …/contacts/?limit=20&offset=20', async () => {
		for (let i = live().length; i < 25; i++) ctx.sandbox.store.addContact({ name: `填充 ${i}` });
		const first = await helpers.call(ctx.sandbox, 'GET', 'contacts/');
		expect(first.json).toMatchObject({
			count: live().length,
			previous: null,
			next: `${ctx.sandbox.baseUrl}/contacts/?limit=20&offset=20`,
		});
		expect(first.json.results).toHaveLength(20);
		const pages = await helpers.walk(ctx.sandbox, 'contacts/?limit=7&offset=0');
		expect(pages.map((p) => p.results.length)).toEqual([7, 7, 7, live().length - 21]);
		expect(pages.flatMap((p) => ids(p.results))).toEqual(live().map((c) => c.id));
	});

	it('still pages by page/pageSize when the request names them (the reference)', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'contacts/?pageSize=10');
		expect(new URL(pages[0].next!).searchParams.get('page')).toBe('2');
		expect(pages.flatMap((p) => ids(p.results))).toEqual(live().map((c) => c.id));
		const snake = await helpers.call(ctx.sandbox, 'GET', 'contacts/?page=2&page_size=10');
		expect(ids(snake.json.results)).toEqual(
			live()
				.slice(10, 20)
				.map((c) => c.id),
		);
	});
});

describe('POST contacts/', () => {
	it("creates from the examples' snake_case body and answers snake_case", async () => {
		const created = await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
			body: {
				name: 'John Doe',
				email: 'john@example.com',
				phone_number: '+886912345678',
				inboxes: [{ id: webInbox().id }],
				source_id: 'external_id_123',
				query_metadata: { source: 'web', label_relations: [] },
			},
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			name: 'John Doe',
			email: 'john@example.com',
			phone_number: '+886912345678',
			source_id: 'external_id_123',
			inboxes: [{ id: webInbox().id, name: webInbox().name }],
			query_metadata: { source: 'web', label_relations: [] },
			mcp_credentials: [],
			created_at: expect.stringMatching(/^\d{13}$/),
		});
		const found = await helpers.call(ctx.sandbox, 'GET', 'contacts/?query=external_id_123');
		expect(ids(found.json.results)).toEqual([created.json.id]);
	});

	it("takes the reference's camelCase body and the older single inbox", async () => {
		ctx.sandbox.control.setContactsCase('camel');
		const created = await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
			body: {
				name: 'camel',
				sourceId: 'crm-43',
				phoneNumber: '+886900000000',
				inbox: webInbox().id,
			},
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ sourceId: 'crm-43', phoneNumber: '+886900000000' });
	});

	it('keeps source_id unique per inbox (400 with a detail) and requires name and inboxes', async () => {
		const body = { name: 'dup', source_id: 'crm-44', inboxes: [{ id: webInbox().id }] };
		expect((await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body })).status).toBe(201);
		const again = await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body });
		expect(again.status).toBe(400);
		expect(again.json.detail).toContain('crm-44');
		const elsewhere = { ...body, inboxes: [{ id: lineInbox().id }] };
		expect((await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body: elsewhere })).status).toBe(
			201,
		);
		const missing = await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body: {} });
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.json).sort()).toEqual(['inboxes', 'name']);
	});
});

describe('contacts/{id}/', () => {
	const create = async (name: string, sourceId?: string) =>
		(
			await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
				body: { name, source_id: sourceId, inboxes: [{ id: webInbox().id }] },
			})
		).json as { id: string };

	it('updates with PATCH (update_contact.py) and keeps source_id unique', async () => {
		const { id } = await create('John Doe', 'patch-1');
		const updated = await helpers.call(ctx.sandbox, 'PATCH', `contacts/${id}/`, {
			body: { name: 'John Doe (Updated)', email: 'john.updated@example.com' },
		});
		expect(updated.status).toBe(200);
		expect(updated.json).toMatchObject({
			id,
			name: 'John Doe (Updated)',
			email: 'john.updated@example.com',
			source_id: 'patch-1',
		});
		expect(ctx.sandbox.store.contact(id)?.email).toBe('john.updated@example.com');
		const other = await create('other', 'patch-2');
		const clash = await helpers.call(ctx.sandbox, 'PATCH', `contacts/${other.id}/`, {
			body: { source_id: 'patch-1' },
		});
		expect(clash.status).toBe(400);
		expect(clash.json.detail).toContain('patch-1');
		const blank = await helpers.call(ctx.sandbox, 'PATCH', `contacts/${id}/`, {
			body: { name: '' },
		});
		expect(blank.json).toEqual({ name: ['This field may not be blank.'] });
	});

	it('deletes softly (delete_contact.py): gone from get, lists and queries; its source_id free again', async () => {
		const { id } = await create('to delete', 'gone-1');
		const deleted = await helpers.call(ctx.sandbox, 'DELETE', `contacts/${id}/`);
		expect(deleted.status).toBe(204);
		expect(deleted.raw.length).toBe(0);
		expect((await helpers.call(ctx.sandbox, 'GET', `contacts/${id}/`)).status).toBe(404);
		expect((await helpers.call(ctx.sandbox, 'GET', `contacts/${id}/conversations`)).status).toBe(
			404,
		);
		expect((await helpers.call(ctx.sandbox, 'GET', `contacts/?query=${id}`)).json.count).toBe(0);
		const walked = await helpers.walk(ctx.sandbox, 'contacts/?limit=100');
		expect(walked.flatMap((p) => ids(p.results))).not.toContain(id);
		expect(ctx.sandbox.store.contact(id)?.deletedAt).toMatch(/^\d{13}$/);
		expect((await create('again', 'gone-1')).id).not.toBe(id);
		expect((await helpers.call(ctx.sandbox, 'DELETE', `contacts/${id}/`)).status).toBe(404);
	});
});

describe('contacts/{id}/conversations (get_contact_conversations.py)', () => {
	it.each([[''], ['/']])('lists a contact\'s conversations, with keyword ("%s")', async (slash) => {
		const contact = ctx.sandbox.store.contacts[0];
		const reply = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/${contact.id}/conversations${slash}`,
		);
		expect(reply.status).toBe(200);
		const expected = ctx.sandbox.store.conversationsByActivity((c) => c.contactId === contact.id);
		expect(reply.json.count).toBe(expected.length);
		expect(ids(reply.json.results)).toEqual(expected.map((c) => c.id));
		const [word] = ctx.sandbox.store.messagesOf(expected[0].id).map((m) => m.content.slice(0, 2));
		const hit = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/${contact.id}/conversations${slash}?keyword=${encodeURIComponent(word)}`,
		);
		expect(ids(hit.json.results)).toContain(expected[0].id);
		const miss = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/${contact.id}/conversations${slash}?keyword=${encodeURIComponent('不存在的字')}`,
		);
		expect(miss.json).toEqual({ count: 0, results: [] });
		const otherInbox = ctx.sandbox.store.inboxes.find((i) => i.id !== expected[0].inboxId)!;
		const byInbox = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/${contact.id}/conversations${slash}?inboxes=${otherInbox.id}`,
		);
		expect(ids(byInbox.json.results)).not.toContain(expected[0].id);
	});

	it.each([[''], ['/']])('returns the latest conversation ("%s") or 404', async (slash) => {
		const contact = ctx.sandbox.store.contacts[0];
		const latest = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/${contact.id}/conversations/latest${slash}`,
		);
		expect(latest.json.id).toBe(
			ctx.sandbox.store.conversationsByActivity((c) => c.contactId === contact.id)[0].id,
		);
		const loner = ctx.sandbox.store.addContact({ name: 'x', createdAt: '1' });
		expect(
			(await helpers.call(ctx.sandbox, 'GET', `contacts/${loner.id}/conversations/latest${slash}`))
				.status,
		).toBe(404);
	});
});

describe('POST contacts/broadcast-message (broadcast_message.py)', () => {
	const broadcast = (body: unknown) =>
		helpers.call(ctx.sandbox, 'POST', 'contacts/broadcast-message', { body });
	/** A contact of `inboxId` with a conversation there, or without any. */
	const contactIn = (inboxId: string, withConversation: boolean) => {
		const contact = ctx.sandbox.store.addContact({ name: 'broadcast', inboxIds: [inboxId] });
		if (withConversation) ctx.sandbox.store.startConversation(inboxId, contact.id);
		return contact;
	};

	it('sends to the given contact_ids; one without a conversation comes back in errors', async () => {
		const talking = contactIn(webInbox().id, true);
		const silent = contactIn(webInbox().id, false);
		const reply = await broadcast({
			message: '您好，這是一則群發訊息！',
			contact_ids: [talking.id, silent.id],
		});
		expect(reply.status).toBe(200);
		const [conversation] = ctx.sandbox.store.conversationsByActivity(
			(c) => c.contactId === talking.id,
		);
		expect(reply.json).toEqual({
			results: [
				{
					contact_id: talking.id,
					conversation_id: conversation.id,
					message_id: expect.any(String),
					status: 'success',
				},
			],
			errors: [{ contact_id: silent.id, error: 'No conversation found for this contact.' }],
			total_contacts: 2,
			success_count: 1,
			error_count: 1,
		});
		const sent = ctx.sandbox.store.message(reply.json.results[0].message_id)!;
		expect(sent).toMatchObject({
			conversationId: conversation.id,
			type: 'outgoing',
			content: '您好，這是一則群發訊息！',
			sender: { kind: 'agent' },
		});
	});

	it('answers camelCase when configured and refuses a body without recipients', async () => {
		ctx.sandbox.control.setContactsCase('camel');
		const talking = contactIn(webInbox().id, true);
		const reply = await helpers.call(ctx.sandbox, 'POST', 'contacts/broadcast-message/', {
			body: { message: 'hi', contactIds: [talking.id] },
		});
		expect(reply.json).toMatchObject({ totalContacts: 1, successCount: 1, errorCount: 0 });
		expect((await broadcast({ message: 'hi' })).status).toBe(400);
		expect((await broadcast({ contact_ids: [talking.id] })).json).toEqual({
			message: ['This field is required.'],
		});
	});
});
