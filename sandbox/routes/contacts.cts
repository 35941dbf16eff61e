/**
 * Contacts: `contacts/` (page pagination; `query` matches name or sourceId, `search` also email and
 * phone, `inboxes` (comma-separated or repeated) / deprecated `inbox` filter by inbox), `contacts/{id}/`,
 * and the slash-less sub-routes of the examples (a trailing slash is accepted too):
 * `contacts/{id}/conversations` (`keyword`, `inboxes`; `{count, results}`) and
 * `contacts/{id}/conversations/latest` (404 when the contact has none).
 */
import type { Ctx } from '../http.cts';
import type { Contact } from '../store.cts';
import type { Route } from '../router.cts';
import http = require('../http.cts');
import pagination = require('../pagination.cts');
import random = require('../random.cts');
import views = require('../views.cts');

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
			http.json(
				ctx,
				200,
				pagination.paginatePage(ctx, contacts, (c) => views.contact(ctx.app, c)),
			);
		},
	},
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
