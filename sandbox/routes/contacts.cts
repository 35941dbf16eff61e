/**
 * Contacts, as MaiAgent's contacts examples use them and the reference documents them.
 * - `GET contacts/`: oldest first; `limit`/`offset` pages by default (the examples), `page`/`pageSize`
 *   when the request names one (the reference); `query` matches id, name or sourceId, `search` also
 *   email and phone, `inboxes` (comma-separated or repeated) / deprecated `inbox` filter by inbox.
 * - `POST contacts/` (`name` and `inboxes: [{id}]` required, or the older single `inbox`),
 *   `GET`/`PATCH`/`DELETE contacts/{id}/` (delete is soft: the contact leaves lists and lookups).
 *   `sourceId` is unique per inbox among live contacts.
 * - The slash-less sub-routes of the examples (a trailing slash is accepted too):
 *   `contacts/{id}/conversations` (`keyword`, `inboxes`; `{count, results}`),
 *   `contacts/{id}/conversations/latest` (404 when the contact has none) and
 *   `contacts/broadcast-message`.
 * Bodies are taken in snake_case (the examples) or camelCase (the reference); contact answers and the
 * broadcast summary are snake_case as the examples document them, camelCase after
 * `setContactsCase('camel')`. Conversations embedded in answers stay camelCase like everywhere else.
 */
import type { Ctx } from '../http.cts';
import type { Contact, Conversation } from '../store.cts';
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as random from '../random.cts';
import * as views from '../views.cts';

const NO_CONVERSATION = 'No conversation found for this contact.';

/** A contacts answer in the configured casing. */
function cased(ctx: Ctx, value: unknown): unknown {
	return ctx.app.controls.contactsCase === 'snake' ? http.snakeize(value) : value;
}

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
	const contact = ctx.app.store.liveContact(ctx.params.id);
	if (!contact) throw http.notFound();
	return contact;
}

/** A contact's conversations, most recently active first. */
function conversationsOf(ctx: Ctx, contact: Contact, inboxes: string[] = []): Conversation[] {
	return ctx.app.store.conversationsByActivity(
		(c) => c.contactId === contact.id && (inboxes.length === 0 || inboxes.includes(c.inboxId)),
	);
}

function filteredConversations(ctx: Ctx): Conversation[] {
	const { store } = ctx.app;
	const keyword = ctx.query.get('keyword');
	return conversationsOf(ctx, contactParam(ctx), inboxFilter(ctx)).filter(
		(c) => !keyword || store.messagesOf(c.id).some((m) => includes(m.content, keyword)),
	);
}

/** The inbox ids of a contact: `inboxes: [{id}]` (current) or `inbox: id` (older docs). */
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

/** An optional text field: absent → undefined (unchanged), null or "" → null. */
function optionalText(body: Record<string, unknown>, field: string): string | null | undefined {
	const value = body[field];
	if (value === undefined) return undefined;
	return value === null || value === '' ? null : String(value);
}

/** `sourceId` is unique per inbox among live contacts (the examples' README says so). */
function checkSourceId(
	ctx: Ctx,
	sourceId: string | null,
	inboxIds: string[],
	self?: Contact,
): void {
	if (sourceId === null) return;
	const clash = ctx.app.store.contacts.find(
		(c) =>
			c !== self &&
			c.deletedAt === null &&
			c.sourceId === sourceId &&
			c.inboxIds.some((id) => inboxIds.includes(id)),
	);
	if (clash) {
		throw new http.ApiError(400, {
			detail: `A contact with source_id "${sourceId}" already exists in this inbox.`,
		});
	}
}

function queryMetadataOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
	const value = body.queryMetadata;
	if (value === undefined) return undefined;
	return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function createContact(ctx: Ctx): void {
	const { store } = ctx.app;
	// Keys arrive camelCased: `source_id` and `sourceId` are the same field here.
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const name = http.stringField(errors, body, 'name');
	const inboxIds = inboxesField(errors, body, ctx);
	errors.throwIfAny();
	const sourceId = optionalText(body, 'sourceId') ?? null;
	checkSourceId(ctx, sourceId, inboxIds);
	const contact = store.addContact({
		name: name!,
		avatar: optionalText(body, 'avatar') ?? null,
		email: optionalText(body, 'email') ?? null,
		phoneNumber: optionalText(body, 'phoneNumber') ?? null,
		sourceId,
		queryMetadata: queryMetadataOf(body) ?? {},
		inboxIds,
		createdAt: store.now(),
		updatedAt: store.now(),
	});
	http.json(ctx, 201, cased(ctx, views.contact(ctx.app, contact)));
}

function updateContact(ctx: Ctx): void {
	const contact = contactParam(ctx);
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const name = 'name' in body ? http.stringField(errors, body, 'name') : undefined;
	const inboxIds =
		'inboxes' in body || 'inbox' in body ? inboxesField(errors, body, ctx) : contact.inboxIds;
	errors.throwIfAny();
	const sourceId = optionalText(body, 'sourceId');
	checkSourceId(ctx, sourceId === undefined ? contact.sourceId : sourceId, inboxIds, contact);
	const changes: Partial<Contact> = {
		name,
		avatar: optionalText(body, 'avatar'),
		email: optionalText(body, 'email'),
		phoneNumber: optionalText(body, 'phoneNumber'),
		sourceId,
		queryMetadata: queryMetadataOf(body),
	};
	for (const [key, value] of Object.entries(changes))
		if (value !== undefined) Object.assign(contact, { [key]: value });
	contact.inboxIds = inboxIds;
	contact.updatedAt = ctx.app.store.now();
	http.json(ctx, 200, cased(ctx, views.contact(ctx.app, contact)));
}

function deleteContact(ctx: Ctx): void {
	const contact = contactParam(ctx);
	contact.deletedAt = ctx.app.store.now();
	ctx.res.writeHead(204);
	ctx.res.end();
}

function idList(errors: http.FieldErrors, body: Record<string, unknown>, field: string): string[] {
	const value = body[field] ?? [];
	const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
	if (!Array.isArray(value)) {
		errors.add(snake, `Expected a list of items but got type "${typeof value}".`);
		return [];
	}
	const bad = value.find((id) => !random.isUuid(id));
	if (bad !== undefined) errors.add(snake, http.invalidUuid(bad));
	return value.map((id) => String(id).toLowerCase());
}

/**
 * `POST contacts/broadcast-message`: `{message, contact_ids}`, `{message, inbox_id}` or
 * `{message, inbox_id, exclude_contact_ids}`. Each contact gets the message as an outgoing message
 * of the API key's user in its most recent conversation (of that inbox, in the inbox forms); a
 * contact without one is reported in `errors` and gets nothing.
 */
function broadcast(ctx: Ctx): void {
	const { store } = ctx.app;
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const message = http.stringField(errors, body, 'message');
	const contactIds = idList(errors, body, 'contactIds');
	const excluded = idList(errors, body, 'excludeContactIds');
	const inboxId = http.refField(errors, body, 'inboxId', (id) => store.inbox(id), false);
	errors.throwIfAny();
	if (contactIds.length === 0 && !inboxId)
		throw new http.ApiError(400, { detail: 'Provide contact_ids or inbox_id.' });
	const targets: Array<{ id: string; contact?: Contact }> =
		contactIds.length > 0
			? contactIds.map((id) => ({ id, contact: store.liveContact(id) }))
			: store.contacts
					.filter(
						(c) =>
							c.deletedAt === null && c.inboxIds.includes(inboxId!.id) && !excluded.includes(c.id),
					)
					.map((contact) => ({ id: contact.id, contact }));
	const results: unknown[] = [];
	const failures: unknown[] = [];
	for (const { id, contact } of targets) {
		const [conversation] = contact
			? conversationsOf(ctx, contact, inboxId ? [inboxId.id] : [])
			: [];
		if (!conversation) {
			failures.push({ contactId: id, error: contact ? NO_CONVERSATION : 'Contact not found.' });
			continue;
		}
		const sent = store.addMessage({
			conversationId: conversation.id,
			type: 'outgoing',
			content: message!,
			sender: { kind: 'agent', id: store.apiAgent().id },
		});
		results.push({
			contactId: id,
			conversationId: conversation.id,
			messageId: sent.id,
			status: 'success',
		});
	}
	http.json(
		ctx,
		200,
		cased(ctx, {
			results,
			errors: failures,
			totalContacts: targets.length,
			successCount: results.length,
			errorCount: failures.length,
		}),
	);
}

function listContacts(ctx: Ctx): void {
	const inboxes = inboxFilter(ctx);
	const query = ctx.query.get('query');
	const search = ctx.query.get('search');
	const contacts = ctx.app.store.contacts.filter(
		(c) =>
			c.deletedAt === null &&
			(inboxes.length === 0 || c.inboxIds.some((id) => inboxes.includes(id))) &&
			(!query || [c.id, c.name, c.sourceId].some((v) => includes(v, query))) &&
			(!search || [c.name, c.sourceId, c.email, c.phoneNumber].some((v) => includes(v, search))),
	);
	const pageParams = ['page', 'pageSize', 'page_size'].some((p) => ctx.query.has(p));
	const paginate =
		ctx.app.controls.contactsPagination === 'auto' && pageParams
			? pagination.paginatePage
			: pagination.paginateLimitOffset;
	http.json(
		ctx,
		200,
		cased(
			ctx,
			paginate(ctx, contacts, (c) => views.contact(ctx.app, c)),
		),
	);
}

export const routes: Route[] = [
	{ method: 'GET', pattern: 'contacts/', handler: listContacts },
	{ method: 'POST', pattern: 'contacts/', handler: createContact },
	{
		method: 'POST',
		pattern: 'contacts/broadcast-message/',
		slash: 'optional',
		handler: broadcast,
	},
	{
		method: 'GET',
		pattern: 'contacts/:id/',
		handler: (ctx) => http.json(ctx, 200, cased(ctx, views.contact(ctx.app, contactParam(ctx)))),
	},
	{ method: 'PATCH', pattern: 'contacts/:id/', handler: updateContact },
	{ method: 'DELETE', pattern: 'contacts/:id/', handler: deleteContact },
	{
		method: 'GET',
		pattern: 'contacts/:id/conversations/',
		slash: 'optional',
		handler: (ctx) => {
			const conversations = filteredConversations(ctx);
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
			const [latest] = filteredConversations(ctx);
			if (!latest) throw http.notFound();
			http.json(ctx, 200, views.conversation(ctx.app, latest));
		},
	},
];
