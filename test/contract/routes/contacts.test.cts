import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('contacts/', () => {
	it('pages every contact once with the documented fields', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'contacts/?pageSize=4');
		const contacts = pages.flatMap((p) => p.results);
		expect(contacts.map((c) => c.id).sort()).toEqual(
			ctx.sandbox.store.contacts.map((c) => c.id).sort(),
		);
		expect(Object.keys(contacts[0]).sort()).toEqual(
			[
				'id',
				'inboxes',
				'inbox',
				'name',
				'avatar',
				'phoneNumber',
				'email',
				'sourceId',
				'queryMetadata',
				'mcpCredentials',
				'createdAt',
				'updatedAt',
			].sort(),
		);
		expect(contacts[0].inboxes[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
	});

	it('filters by query (name or sourceId) and by inboxes', async () => {
		const byName = await helpers.call(
			ctx.sandbox,
			'GET',
			`contacts/?query=${encodeURIComponent('陳小明')}`,
		);
		expect(byName.json.results.map((c: { name: string }) => c.name)).toEqual(['陳小明']);
		const line = ctx.sandbox.store.inboxes.find((i) => i.channelType === 'line')!;
		const byInbox = await helpers.call(ctx.sandbox, 'GET', `contacts/?inboxes=${line.id}`);
		expect(byInbox.json.count).toBeGreaterThan(0);
		expect(
			byInbox.json.results.every((c: { inboxes: Array<{ id: string }> }) =>
				c.inboxes.some((i) => i.id === line.id),
			),
		).toBe(true);
		const sourceId = byInbox.json.results[0].sourceId;
		expect((await helpers.call(ctx.sandbox, 'GET', `contacts/?query=${sourceId}`)).json.count).toBe(
			1,
		);
		expect((await helpers.call(ctx.sandbox, 'GET', 'contacts/?inboxes=bad')).status).toBe(400);
	});

	it('has a detail', async () => {
		const contact = ctx.sandbox.store.contacts[0];
		expect((await helpers.call(ctx.sandbox, 'GET', `contacts/${contact.id}/`)).json).toMatchObject({
			id: contact.id,
			name: contact.name,
			email: contact.email,
		});
	});

	it.each([[''], ['/']])(
		'lists a contact\'s conversations with or without trailing slash ("%s")',
		async (slash) => {
			const contact = ctx.sandbox.store.contacts[0];
			const reply = await helpers.call(
				ctx.sandbox,
				'GET',
				`contacts/${contact.id}/conversations${slash}`,
			);
			expect(reply.status).toBe(200);
			const expected = ctx.sandbox.store.conversations.filter((c) => c.contactId === contact.id);
			expect(reply.json.count).toBe(expected.length);
			expect(reply.json.results.map((c: { id: string }) => c.id).sort()).toEqual(
				expected.map((c) => c.id).sort(),
			);
			const keyword = await helpers.call(
				ctx.sandbox,
				'GET',
				`contacts/${contact.id}/conversations${slash}?keyword=${encodeURIComponent('不存在的字')}`,
			);
			expect(keyword.json).toEqual({ count: 0, results: [] });
		},
	);

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

describe('contacts/ (limit/offset, as in the examples)', () => {
	it('pages with limit and offset when asked, every contact once', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'contacts/?limit=3');
		expect(pages.length).toBeGreaterThan(1);
		expect(new URL(pages[0].next!).searchParams.get('offset')).toBe('3');
		expect(pages[0].count).toBe(ctx.sandbox.store.contacts.length);
		const ids = pages.flatMap((p) => p.results.map((c: { id: string }) => c.id));
		expect(ids).toEqual(ctx.sandbox.store.contacts.map((c) => c.id));
	});
});

describe('POST contacts/', () => {
	const webInbox = () => ctx.sandbox.store.inboxes.find((i) => i.channelType === 'web')!;

	it('creates a contact in the given inboxes, findable by its source id', async () => {
		const created = await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
			body: { name: '王小華', sourceId: 'crm-42', inboxes: [{ id: webInbox().id }] },
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			name: '王小華',
			sourceId: 'crm-42',
			inboxes: [{ id: webInbox().id, name: webInbox().name }],
			createdAt: expect.stringMatching(/^\d{13}$/),
		});
		const found = await helpers.call(ctx.sandbox, 'GET', 'contacts/?query=crm-42');
		expect(found.json.results.map((c: { id: string }) => c.id)).toEqual([created.json.id]);
	});

	it('takes snake_case fields and the older single inbox', async () => {
		const created = await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
			body: {
				name: 'snake',
				source_id: 'crm-43',
				phone_number: '+886900000000',
				inbox: webInbox().id,
			},
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ sourceId: 'crm-43', phoneNumber: '+886900000000' });
	});

	it('refuses a source id that exists in the inbox, and missing name or inboxes', async () => {
		const body = { name: 'dup', sourceId: 'crm-44', inboxes: [{ id: webInbox().id }] };
		expect((await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body })).status).toBe(201);
		const again = await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body });
		expect(again.status).toBe(400);
		expect(again.json.nonFieldErrors).toEqual([expect.stringContaining('unique')]);
		const other = ctx.sandbox.store.inboxes.find((i) => i.channelType === 'line')!;
		expect(
			(
				await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
					body: { ...body, inboxes: [{ id: other.id }] },
				})
			).status,
		).toBe(201);
		const missing = await helpers.call(ctx.sandbox, 'POST', 'contacts/', { body: {} });
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.json).sort()).toEqual(['inboxes', 'name']);
	});

	it('links a completion sent by the contact to a new conversation, its latest', async () => {
		const contact = await helpers.call(ctx.sandbox, 'POST', 'contacts/', {
			body: { name: 'session', sourceId: 'crm-45', inboxes: [{ id: webInbox().id }] },
		});
		const id = contact.json.id as string;
		expect(
			(await helpers.call(ctx.sandbox, 'GET', `contacts/${id}/conversations/latest`)).status,
		).toBe(404);
		const chatbot = ctx.sandbox.store.inbox(webInbox().id)!.chatbotId;
		const reply = await helpers.call(ctx.sandbox, 'POST', `chatbots/${chatbot}/completions/`, {
			body: { message: { content: '你好', sender: id } },
		});
		const latest = await helpers.call(ctx.sandbox, 'GET', `contacts/${id}/conversations/latest`);
		expect(latest.json).toMatchObject({ id: reply.json.conversationId, contact: { id } });
	});
});
