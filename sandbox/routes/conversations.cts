/**
 * Conversations: `POST conversations/ {webChat}` (201, in that web chat's inbox, with a new visitor
 * contact), `GET conversations/` (filter `inbox`; cursor pagination, most recent activity first:
 * `lastMessageCreatedAt` desc, conversations without messages by `createdAt`; `createdAt` desc after
 * `control.setListOrder({conversations: 'created'})`), `GET conversations/{id}/`.
 */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as storeModule from '../store.cts';
import * as views from '../views.cts';

/** The conversation named by the path's `:conversationId`, or a 404. */
export function conversationParam(ctx: Ctx) {
	const conversation = ctx.app.store.conversation(ctx.params.conversationId);
	if (!conversation) throw http.notFound();
	return conversation;
}

export const routes: Route[] = [
	{
		method: 'POST',
		pattern: 'conversations/',
		handler: (ctx) => {
			const { store } = ctx.app;
			const errors = new http.FieldErrors();
			const webChat = http.refField(errors, http.bodyObject(ctx), 'webChat', (id) =>
				store.webChat(id),
			);
			errors.throwIfAny();
			const inbox = store.inboxOfWebChat(webChat!.id);
			if (!inbox) throw new http.ApiError(400, { webChat: ['This web chat has no inbox.'] });
			http.json(ctx, 201, views.conversation(ctx.app, store.startConversation(inbox.id)));
		},
	},
	{
		method: 'GET',
		pattern: 'conversations/',
		handler: (ctx) => {
			const inbox = http.uuidFilter(ctx, 'inbox');
			const byActivity = ctx.app.store.conversationsByActivity(
				(c) => !inbox || c.inboxId === inbox,
			);
			// `setListOrder({conversations: 'created'})`: newest conversation first, whatever its activity.
			const created = ctx.app.controls.listOrder.conversations === 'created';
			const orderOf = created ? storeModule.creationOrder : storeModule.conversationOrder;
			const conversations = created
				? [...byActivity].sort((a, b) => orderOf(b).time - orderOf(a).time || b.seq - a.seq)
				: byActivity;
			http.json(
				ctx,
				200,
				pagination.paginateCursor(ctx, conversations, orderOf, (c) =>
					views.conversation(ctx.app, c),
				),
			);
		},
	},
	{
		method: 'GET',
		pattern: 'conversations/:conversationId/',
		handler: (ctx) => http.json(ctx, 200, views.conversation(ctx.app, conversationParam(ctx))),
	},
];
