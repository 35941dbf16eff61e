/**
 * Contacts: `GET contacts/` (page pagination, or limit/offset as in the examples when `limit` or
 * `offset` is given; oldest first; `query` matches name or sourceId, `search` also email and phone,
 * `inboxes` (comma-separated or repeated) / deprecated `inbox` filter by inbox), `POST contacts/`
 * (`name` and `inboxes: [{id}]` required, or the older single `inbox`; `sourceId` unique per inbox),
 * `contacts/{id}/`,
 * and the slash-less sub-routes of the examples (a trailing slash is accepted too):
 * `contacts/{id}/conversations` (`keyword`, `inboxes`; `{count, results}`) and
 * `contacts/{id}/conversations/latest` (404 when the contact has none).
 */
import type { Ctx } from '../http.cts';
import type { Contact } from '../store.cts';
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as random from '../random.cts';
import * as views from '../views.cts';

function inboxFilter(ctx: Ctx): string[] {
	const ids = [...ctx.query.getAll('inboxes'), ...ctx.query.getAll('inbox')]
		.flatMap((v) => v.split(','))
		.filter(Boolean);
	const bad = ids.find((id) => !random.isUuid(id));
	if (bad) throw new http.ApiError(400, { inboxes: [http.invalidUuid(bad)] });
	return ids.map((id) => id.toLowerCase());
}

const includes = (value: string | null, needle: string): boolean =>
	(value ?? '').toLowerCase().includes(needle.toLowerCase());

function contactParam(ctx: Ctx): Contact {
	const contact = ctx.app.store.contact(ctx.params.id);
	if (!contact) throw http.notFound();
	return contact;
}

function conversationsOf(ctx: Ctx) {
	const { store } = ctx.app;
	const contact = contactParam(ctx);
	const inboxes = inboxFilter(ctx);
	const keyword = ctx.query.get('keyword');
	return store.conversationsByActivity(
		(c) =>
			c.contactId === contact.id &&
			(inboxes.length === 0 || inboxes.includes(c.inboxId)) &&
			(!keyword || store.messagesOf(c.id).some((m) => includes(m.content, keyword))),
	);
}

/** The inbox ids of a new contact: `inboxes: [{id}]` (current) or `inbox: id` (older docs). */
function inboxesField(errors: http.FieldErrors, body: Record<string, unknown>, ctx: Ctx): string[] {
	const { store } = ctx.app;
	const raw = body.inboxes ?? (body.inbox ? [{ id: body.inbox }] : undefined);
	if (raw === undefined || raw === null) {
		errors.add('inboxes', http.REQUIRED);
		return [];
	}
	if (!Array.isArray(raw) || raw.length === 0) {
		errors.add('inboxes', 'This list may not be empty.');
		return [];
	}
	const ids: string[] = [];
	for (const entry of raw) {
		const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : entry;
		if (!random.isUuid(id)) {
			errors.add('inboxes', http.invalidUuid(id));
			return [];
		}
		if (!store.inbox(id.toLowerCase())) {
			errors.add('inboxes', http.missingObject(id));
			return [];
		}
		ids.push(id.toLowerCase());
	}
	return [...new Set(ids)];
}

function createContact(ctx: Ctx): void {
	const { store } = ctx.app;
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const name = http.stringField(errors, body, 'name');
	const inboxIds = inboxesField(errors, body, ctx);
	// The camel-case parser takes both spellings.
	const field = (camel: string, snake: string) => {
		const value = body[camel] ?? body[snake];
		return value === undefined || value === null || value === '' ? null : String(value);
	};
	const sourceId = field('sourceId', 'source_id');
	errors.throwIfAny();
	if (
		sourceId !== null &&
		store.contacts.some(
			(c) => c.sourceId === sourceId && c.inboxIds.some((id) => inboxIds.includes(id)),
		)
	) {
		throw new http.ApiError(400, {
			nonFieldErrors: ['The fields inbox, source_id must make a unique set.'],
		});
	}
	const queryMetadata = body.queryMetadata ?? body.query_metadata;
	const contact = store.addContact({
		name: name!,
		avatar: field('avatar', 'avatar'),
		email: field('email', 'email'),
		phoneNumber: field('phoneNumber', 'phone_number'),
		sourceId,
		queryMetadata:
			queryMetadata && typeof queryMetadata === 'object'
				? (queryMetadata as Record<string, unknown>)
				: {},
		inboxIds,
		createdAt: store.now(),
		updatedAt: store.now(),
	});
	http.json(ctx, 201, views.contact(ctx.app, contact));
}

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'contacts/',
		handler: (ctx) => {
			const inboxes = inboxFilter(ctx);
			const query = ctx.query.get('query');
			const search = ctx.query.get('search');
			const contacts = ctx.app.store.contacts.filter(
				(c) =>
					(inboxes.length === 0 || c.inboxIds.some((id) => inboxes.includes(id))) &&
					(!query || includes(c.name, query) || includes(c.sourceId, query)) &&
					(!search ||
						[c.name, c.sourceId, c.email, c.phoneNumber].some((v) => includes(v, search))),
			);
			const paginate =
				ctx.query.has('limit') ||
				ctx.query.has('offset') ||
				ctx.app.controls.contactsPagination === 'limitOffset'
					? pagination.paginateLimitOffset
					: pagination.paginatePage;
			http.json(
				ctx,
				200,
				paginate(ctx, contacts, (c) => views.contact(ctx.app, c)),
			);
		},
	},
	{ method: 'POST', pattern: 'contacts/', handler: createContact },
	{
		method: 'GET',
		pattern: 'contacts/:id/',
		handler: (ctx) => http.json(ctx, 200, views.contact(ctx.app, contactParam(ctx))),
	},
	{
		method: 'GET',
		pattern: 'contacts/:id/conversations/',
		slash: 'optional',
		handler: (ctx) => {
			const conversations = conversationsOf(ctx);
			http.json(ctx, 200, {
				count: conversations.length,
				results: conversations.map((c) => views.conversation(ctx.app, c)),
			});
		},
	},
	{
		method: 'GET',
		pattern: 'contacts/:id/conversations/latest/',
		slash: 'optional',
		handler: (ctx) => {
			const [latest] = conversationsOf(ctx);
			if (!latest) throw http.notFound();
			http.json(ctx, 200, views.conversation(ctx.app, latest));
		},
	},
];
