/**
 * Contact: every operation through n8n-core against the sandbox (issue 26), with contact answers
 * in both casings MaiAgent documents (snake_case in its examples, camelCase in its reference).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { loadOptions, maiAgentCredentials } from '../../../../../scripts/lib/engine.cts';
import { nodeType, rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

const store = () => sb.sandbox.store;
const webInbox = () => store().inboxes.find((i) => i.channelType === 'web')!;
const lineInbox = () => store().inboxes.find((i) => i.channelType === 'line')!;
const inboxes = (...ids: string[]) => ({ inbox: ids.map((id) => ({ id: rl(id) })) });
const liveContacts = () => store().contacts.filter((c) => c.deletedAt === null);
const MISSING = '00000000-0000-4000-8000-000000000000';
const KB = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';

const upsert = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'upsert',
	inbox: rl(webInbox().id),
	sourceId: '={{ $json.id }}',
	name: '={{ $json.name }}',
	additionalFields: {
		email: '={{ $json.email }}',
		queryMetadata:
			'={{ JSON.stringify({ knowledge_bases: [{ knowledge_base_id: $json.kb, has_user_selected_all: true }] }) }}',
	},
	...extra,
});

const customers = [
	{ id: 'crm-1', name: 'Alice', email: 'alice@example.com', kb: KB },
	{ id: 'crm-2', name: 'Bob', email: 'bob@example.com', kb: KB },
];

describe.each(['snake', 'camel'] as const)('Contact answers in %s case', (casing) => {
	beforeEach(() => sb.sandbox.control.setContactsCase(casing));

	it('Create or Update creates the missing contacts, then updates them on a second run', async () => {
		const before = liveContacts().length;
		const rows = customers.map((c) => ({ json: { ...c, id: `${c.id}-${casing}` } }));
		const first = await sb.json(upsert(), { input: rows });
		expect(first.map((c) => c.upsertResult)).toEqual(['created', 'created']);
		// First, where n8n's table and JSON views show it without scrolling.
		expect(Object.keys(first[0])[0]).toBe('upsertResult');
		expect(first[0]).toMatchObject({
			name: 'Alice',
			email: 'alice@example.com',
			sourceId: `crm-1-${casing}`,
			inboxes: [{ id: webInbox().id, name: webInbox().name }],
			queryMetadata: { knowledge_bases: [{ knowledge_base_id: KB, has_user_selected_all: true }] },
		});
		expect(liveContacts()).toHaveLength(before + 2);

		const renamed = rows.map((row) => ({ json: { ...row.json, name: `${row.json.name} Chen` } }));
		const second = await sb.json(upsert(), { input: renamed });
		expect(second.map((c) => c.upsertResult)).toEqual(['updated', 'updated']);
		expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
		expect(liveContacts()).toHaveLength(before + 2);
		expect(store().contact(String(first[1].id))?.name).toBe('Bob Chen');
		const writes = sb.sandbox.requests.filter((r) => r.method !== 'GET');
		expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v1/contacts/',
			'POST /api/v1/contacts/',
			`PATCH /api/v1/contacts/${String(first[0].id)}/`,
			`PATCH /api/v1/contacts/${String(first[1].id)}/`,
		]);
		expect(writes[0].body).toMatchObject({
			name: 'Alice',
			sourceId: `crm-1-${casing}`,
			inboxes: [{ id: webInbox().id }],
		});
	});

	it('Get and Get Many output the same simplified contact', async () => {
		const contact = liveContacts().find((c) => c.email)!;
		const [got] = await sb.json({ resource: 'contact', operation: 'get', contact: rl(contact.id) });
		expect(got).toMatchObject({
			id: contact.id,
			name: contact.name,
			phoneNumber: contact.phoneNumber,
			sourceId: contact.sourceId,
			createdAtIso: new Date(Number(contact.createdAt)).toISOString(),
		});
		const found = await sb.json({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			filters: { query: contact.sourceId },
		});
		expect(found).toEqual([got]);
	});

	it('Broadcast outputs one item per contact: success, or the reason it was not reached', async () => {
		const reached = store().conversationsByActivity((c) => c.contactId !== null)[0];
		const lonely = store().addContact({ name: 'No chat yet', inboxIds: [webInbox().id] });
		const items = await sb.json({
			resource: 'contact',
			operation: 'broadcast',
			contactIds: `${reached.contactId}, ${lonely.id}`,
			message: '明天系統維護',
		});
		// Named, so that a person can read the output (the name looked up after the broadcast).
		expect(items).toEqual([
			{
				contactName: store().contact(String(reached.contactId))!.name,
				contactId: reached.contactId,
				status: 'success',
				conversationId: reached.id,
				messageId: expect.any(String),
			},
			{
				contactName: 'No chat yet',
				contactId: lonely.id,
				status: 'error',
				error: 'No conversation found for this contact.',
			},
		]);
		expect(store().message(String(items[0].messageId))?.content).toBe('明天系統維護');
		expect(sb.requestsTo('contacts/broadcast-message')[0].body).toEqual({
			message: '明天系統維護',
			contactIds: [reached.contactId, lonely.id],
		});
	});
});

describe('Contact > Create or Update', () => {
	it('fails before any request on malformed query metadata; with continue-on-fail the other items go on', async () => {
		const { output } = await sb.run(
			upsert({
				additionalFields: { queryMetadata: '={{ $json.metadata }}' },
			}),
			{
				continueOnFail: true,
				input: [
					{ json: { id: 'cof-1', name: 'Bad', metadata: '{"knowledge_base": []}' } },
					{ json: { id: 'cof-2', name: 'Also bad', metadata: '{"knowledge_bases": [{}]}' } },
					{ json: { id: 'cof-3', name: 'Good', metadata: '{}' } },
				],
			},
		);
		expect(output[0].map((item) => item.json.error ?? item.json.upsertResult)).toEqual([
			'Query Metadata (JSON): unknown key knowledge_base (expected label_relations or knowledge_bases)',
			'Query Metadata (JSON): each knowledge base needs a knowledge_base_id (a UUID)',
			'created',
		]);
		expect(sb.sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('refuses an unknown inbox before writing', async () => {
		const { error } = await sb.run(upsert({ inbox: rl(MISSING) }), {
			input: [{ json: customers[0] }],
		});
		expect(error?.message).toBe(`Inbox "${MISSING}" does not exist`);
		expect(sb.sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/v1/inboxes/${MISSING}/`,
		]);
	});

	it('requires a source ID', async () => {
		const { error } = await sb.run(upsert({ sourceId: '={{ "" }}' }), {
			input: [{ json: customers[0] }],
		});
		expect(error?.message).toBe('Source ID is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Contact > Knowledge Base Access', () => {
	const knowledge = () => sb.sandbox.knowledge;
	/** 客服知識庫 of the seed, its file 退貨政策.txt and its FAQ 退貨要怎麼辦？ */
	const seeded = () => {
		const kb = knowledge().basesInOrder()[0];
		return { kb, file: knowledge().filesOf(kb.id)[0], faq: knowledge().faqsOf(kb.id)[0] };
	};
	const withAccess = (...entries: INodeParameters[]) =>
		upsert({ additionalFields: { knowledgeBaseAccess: { knowledgeBase: entries } } });
	const posted = () =>
		sb.sandbox.requests.find((r) => r.method === 'POST' && r.path.endsWith('/contacts/'))?.body as
			| IDataObject
			| undefined;

	it('the Files and FAQs lists offer those of the knowledge base chosen in the same entry', async () => {
		const { kb, file, faq } = seeded();
		const entry = 'parameters.additionalFields.knowledgeBaseAccess.knowledgeBase[0]';
		const parameters = {
			additionalFields: { knowledgeBaseAccess: { knowledgeBase: [{ id: rl(kb.id, 'list') }] } },
		};
		const list = async (method: string, field: string) =>
			await loadOptions({
				nodeType,
				method,
				parameters,
				path: `${entry}.${field}`,
				credentials: maiAgentCredentials(sb.sandbox),
			});
		expect(await list('getContactKnowledgeFiles', 'fileIds')).toEqual([
			{ name: '退貨政策.txt', value: file.id },
		]);
		expect(await list('getContactKnowledgeFaqs', 'faqIds')).toEqual([
			{ name: '退貨要怎麼辦？', value: faq.id },
		]);
	});

	it('sends the knowledge base picked from the list, with the files and FAQs picked from theirs', async () => {
		const { kb, file, faq } = seeded();
		await sb.json(
			withAccess(
				{ id: rl(kb.id, 'list'), all: true },
				{
					id: rl(`https://api.maiagent.ai/api/v1/knowledge-bases/${kb.id}/`, 'url'),
					all: false,
					fileIds: [file.id],
					faqIds: [faq.id],
				},
			),
			{ input: [{ json: customers[0] }] },
		);
		expect(posted()?.queryMetadata).toEqual({
			knowledge_bases: [
				{ knowledge_base_id: kb.id, has_user_selected_all: true },
				{
					knowledge_base_id: kb.id,
					has_user_selected_all: false,
					chatbot_file_ids: [file.id],
					faq_ids: [faq.id],
				},
			],
		});
	});

	it.each([
		[
			'a name typed By ID',
			[{ id: rl('客服知識庫'), all: true }],
			'Knowledge Base Access > Knowledge Base: "客服知識庫" is not a knowledge base ID',
		],
		[
			'no knowledge base',
			[{ id: rl('', 'list'), all: true }],
			'Knowledge Base Access > Knowledge Base is empty',
		],
		[
			'files chosen while All Files and FAQs is on',
			[{ id: rl(KB), all: true, fileIds: [MISSING] }],
			'Knowledge Base Access > File Names or IDs: chosen while All Files and FAQs is on',
		],
		[
			'files and FAQs chosen while All Files and FAQs is on, in the second entry',
			[{ id: rl(KB) }, { id: rl(KB), fileIds: MISSING, faqIds: [MISSING] }],
			'Knowledge Base Access (entry 2) > File Names or IDs and FAQ Names or IDs: chosen while All Files and FAQs is on',
		],
		[
			'a file name given as an ID',
			[{ id: rl(KB), all: false, fileIds: '退貨政策.txt' }],
			'Knowledge Base Access > File Names or IDs: "退貨政策.txt" is not a file ID',
		],
	])('%s: an error naming the field, before any request', async (_case, entries, message) => {
		const { error } = await sb.run(withAccess(...entries), { input: [{ json: customers[0] }] });
		expect(error?.message).toBe(message);
		expect(error?.message).not.toMatch(/Query Metadata|knowledge_base_id/);
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Contact > Create', () => {
	it('posts the fields in camelCase and outputs the contact', async () => {
		const [contact] = await sb.json({
			resource: 'contact',
			operation: 'create',
			name: '新客戶',
			inboxes: inboxes(webInbox().id, lineInbox().id),
			additionalFields: { phoneNumber: '+886900000000', sourceId: 'create-1' },
		});
		expect(sb.requestsTo('contacts/').find((r) => r.method === 'POST')?.body).toEqual({
			name: '新客戶',
			inboxes: [{ id: webInbox().id }, { id: lineInbox().id }],
			phoneNumber: '+886900000000',
			sourceId: 'create-1',
		});
		expect(contact).toMatchObject({ name: '新客戶', phoneNumber: '+886900000000' });
		expect(store().contact(String(contact.id))?.inboxIds).toEqual([webInbox().id, lineInbox().id]);
	});

	it('points to Create or Update when the source ID is taken in the inbox, before posting', async () => {
		const taken = liveContacts().find((c) => c.sourceId && c.inboxIds.includes(webInbox().id))!;
		const { error } = await sb.run({
			resource: 'contact',
			operation: 'create',
			name: 'Duplicate',
			inboxes: inboxes(webInbox().id),
			additionalFields: { sourceId: taken.sourceId },
		});
		expect(error?.message).toBe(
			`Source ID "${taken.sourceId}" is already used in inbox "${webInbox().id}" by contact "${taken.id}"`,
		);
		expect(error?.description).toMatch(/Contact > Create or Update/);
		expect(sb.sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('requires an inbox', async () => {
		const { error } = await sb.run({
			resource: 'contact',
			operation: 'create',
			name: 'Nobody',
			inboxes: {},
		});
		expect(error?.message).toBe('At least one inbox is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Contact > Get Many', () => {
	it('walks limit/offset pages for Return All, filtered by inbox', async () => {
		const inbox = lineInbox();
		for (let n = 0; n < 45; n++)
			store().addContact({ name: `LINE 用戶 ${n}`, inboxIds: [inbox.id] });
		sb.sandbox.control.setMaxPageSize(20);
		const all = await sb.json({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			filters: { inbox: rl(inbox.id) },
		});
		const expected = liveContacts().filter((c) => c.inboxIds.includes(inbox.id));
		expect(all.map((c) => c.id)).toEqual(expected.map((c) => c.id));
		const pages = sb.requestsTo('contacts/');
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[0].query).toMatchObject({ limit: '100', inboxes: inbox.id });
		expect(pages[1].query).toMatchObject({ offset: '20' });

		const five = await sb.json({ resource: 'contact', operation: 'getAll', limit: 5 });
		expect(five).toHaveLength(5);
	});

	it('finds a contact by its ID through search', async () => {
		const contact = liveContacts()[0];
		const found = await sb.json({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			filters: { query: contact.id },
		});
		expect(found.map((c) => c.id)).toEqual([contact.id]);
	});
});

describe('Contact > Update and Delete', () => {
	it('patches only the fields given, and replaces the inboxes', async () => {
		const contact = store().addContact({
			name: 'Before',
			email: 'old@example.com',
			inboxIds: [webInbox().id],
		});
		const [updated] = await sb.json({
			resource: 'contact',
			operation: 'update',
			contact: rl(contact.id),
			updateFields: { name: 'After', inboxes: inboxes(lineInbox().id) },
		});
		expect(sb.requestsTo(`contacts/${contact.id}/`)[0].body).toEqual({
			name: 'After',
			inboxes: [{ id: lineInbox().id }],
		});
		expect(updated).toMatchObject({ name: 'After', email: 'old@example.com' });
		expect(updated.inboxes).toEqual([{ id: lineInbox().id, name: lineInbox().name }]);
	});

	it('refuses an update without fields before any request', async () => {
		const { error } = await sb.run({
			resource: 'contact',
			operation: 'update',
			contact: rl(liveContacts()[0].id),
			updateFields: {},
		});
		expect(error?.message).toBe('Nothing to update');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('deletes (soft) and then Get fails naming the operation', async () => {
		const contact = store().addContact({ name: 'Leaving', inboxIds: [webInbox().id] });
		const [deleted] = await sb.json({
			resource: 'contact',
			operation: 'delete',
			contact: rl(contact.id),
		});
		expect(deleted).toEqual({ id: contact.id, deleted: true });
		expect(store().liveContact(contact.id)).toBeUndefined();
		const { error } = await sb.run({
			resource: 'contact',
			operation: 'get',
			contact: rl(contact.id),
		});
		expect(error?.message).toMatch(/^Get a contact failed: MaiAgent answered 404/);
	});
});

describe('Contact > Get Conversations / Get Latest Conversation', () => {
	it('lists the conversations of a contact and gets the latest', async () => {
		const [latest] = store().conversationsByActivity((c) => c.contactId !== null);
		const contactId = latest.contactId!;
		const list = await sb.json({
			resource: 'contact',
			operation: 'getConversations',
			contact: rl(contactId),
			returnAll: true,
		});
		expect(list[0].id).toBe(latest.id);
		expect(sb.requestsTo(`contacts/${contactId}/conversations`)).toHaveLength(1);
		const [got] = await sb.json({
			resource: 'contact',
			operation: 'getLatestConversation',
			contact: rl(contactId),
		});
		expect(got.id).toBe(latest.id);
	});

	it('outputs nothing for a contact without conversations, and fails for an unknown contact', async () => {
		const lonely = store().addContact({ name: 'Quiet', inboxIds: [webInbox().id] });
		const none = await sb.json({
			resource: 'contact',
			operation: 'getLatestConversation',
			contact: rl(lonely.id),
		});
		expect(none).toEqual([]);
		const { error } = await sb.run({
			resource: 'contact',
			operation: 'getLatestConversation',
			contact: rl(MISSING),
		});
		expect(error?.message).toMatch(
			/^Get the latest conversation of a contact failed: MaiAgent answered 404/,
		);
	});
});

describe('Contact > Broadcast Message', () => {
	const broadcast = (extra: INodeParameters): INodeParameters => ({
		resource: 'contact',
		operation: 'broadcast',
		message: '新品上市',
		...extra,
	});

	it('sends to a whole inbox only in that mode, and can output one summary item', async () => {
		const inbox = store().inboxes.find((i) =>
			store().conversations.some((c) => c.inboxId === i.id && c.contactId),
		)!;
		const [summary] = await sb.json(
			broadcast({ target: 'inbox', inbox: rl(inbox.id), options: { summary: true } }),
		);
		expect(sb.requestsTo('contacts/broadcast-message')[0].body).toEqual({
			message: '新品上市',
			inboxId: inbox.id,
		});
		const members = liveContacts().filter((c) => c.inboxIds.includes(inbox.id));
		expect(summary.totalContacts).toBe(members.length);
		expect(summary.successCount).toBeGreaterThan(0);
		expect((summary.results as IDataObject[])[0]).toHaveProperty('conversationId');
		// Each result named, from one walk of the inbox's contacts.
		for (const result of [
			...(summary.results as IDataObject[]),
			...(summary.errors as IDataObject[]),
		])
			expect(result.contactName).toBe(store().contact(String(result.contactId))!.name);
	});

	it('outputs the results without names when the names cannot be read: the message is out already', async () => {
		const contact = store().conversationsByActivity((c) => c.contactId !== null)[0].contactId!;
		sb.sandbox.events.once('request', () =>
			sb.sandbox.control.fail({ route: `contacts/${contact}/`, method: 'GET', times: 5 }),
		);
		const items = await sb.json(broadcast({ contactIds: contact }));
		expect(items).toEqual([
			expect.objectContaining({ contactName: null, contactId: contact, status: 'success' }),
		]);
		expect(sb.requestsTo('contacts/broadcast-message')).toHaveLength(1);
		expect(sb.requestsTo(`contacts/${contact}/`).length).toBeGreaterThan(0);
	});

	it('excludes the chosen contacts from an inbox', async () => {
		const inbox = webInbox();
		const skip = liveContacts().find((c) => c.inboxIds.includes(inbox.id))!;
		const items = await sb.json(
			broadcast({
				target: 'inboxExcept',
				inbox: rl(inbox.id),
				contactIds: `={{ ["${skip.id}"] }}`,
			}),
		);
		expect(sb.requestsTo('contacts/broadcast-message')[0].body).toEqual({
			message: '新品上市',
			inboxId: inbox.id,
			excludeContactIds: [skip.id],
		});
		const others = liveContacts().filter((c) => c.inboxIds.includes(inbox.id) && c !== skip);
		expect(items.map((i) => i.contactId).sort()).toEqual(others.map((c) => c.id).sort());
	});

	it('refuses a missing message or target before any request, item by item', async () => {
		const { output } = await sb.run(
			broadcast({ message: '={{ $json.message }}', contactIds: '={{ $json.ids }}' }),
			{
				continueOnFail: true,
				input: [
					{ json: { message: '', ids: [liveContacts()[0].id] } },
					{ json: { message: 'hi', ids: [] } },
					{ json: { message: 'hi', ids: 'not-an-id' } },
				],
			},
		);
		expect(output[0].map((item) => item.json.error)).toEqual([
			'Message is required',
			'Contact IDs are required',
			'Contact "not-an-id" is not a valid MaiAgent ID',
		]);
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Contact locator search', () => {
	it('searches contacts by name or source ID in MaiAgent', async () => {
		const contact = liveContacts().find((c) => c.sourceId)!;
		const { results } = await sb.search('searchContacts', contact.sourceId!);
		expect(results.map((r) => r.value)).toEqual([contact.id]);
		expect(results[0].name).toBe(`${contact.name} (${contact.sourceId})`);
		expect(sb.requestsTo('contacts/')[0].query).toMatchObject({ query: contact.sourceId });
	});
});

describe('Contact > Update with an inbox by URL', () => {
	it('reads the inbox ID from a pasted API URL', async () => {
		const contact = store().addContact({ name: 'Moving', inboxIds: [webInbox().id] });
		await sb.json({
			resource: 'contact',
			operation: 'update',
			contact: rl(contact.id),
			updateFields: {
				inboxes: {
					inbox: [{ id: rl(`https://api.maiagent.ai/api/v1/inboxes/${lineInbox().id}/`, 'url') }],
				},
			},
		});
		expect(store().contact(contact.id)?.inboxIds).toEqual([lineInbox().id]);
	});
});
