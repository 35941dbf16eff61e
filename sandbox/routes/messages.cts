/**
 * Messages: `POST messages/ {conversation, content, attachments?}` → 201 incoming message, then the
 * chatbot replies asynchronously (an `outgoing` message after the reply delay); `GET messages/`
 * (filter `conversation`; most recent first; cursor style `{count, next, previous, results}` by
 * default, page style after `control.setMessagesPagination('page')`; oldest first after
 * `control.setListOrder({messages: 'oldest'})`); `GET messages/{id}/`.
 */
import type { Message } from '../store.cts';
import type { Route } from '../router.cts';
import * as assistant from '../assistant.cts';
import * as attachments from './attachments.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as storeModule from '../store.cts';
import * as views from '../views.cts';

const MESSAGE_TYPES = ['incoming', 'outgoing'];

export const routes: Route[] = [
	{
		method: 'POST',
		pattern: 'messages/',
		handler: (ctx) => {
			const { app } = ctx;
			const body = http.bodyObject(ctx);
			const errors = new http.FieldErrors();
			const conversation = http.refField(errors, body, 'conversation', (id) =>
				app.store.conversation(id),
			);
			const content = http.stringField(errors, body, 'content');
			const files = attachments.attachmentList(errors, body.attachments);
			const type = body.type ?? 'incoming';
			if (!MESSAGE_TYPES.includes(type as string))
				errors.add('type', `"${String(type)}" is not a valid choice.`);
			errors.throwIfAny();
			const message = app.store.addMessage({
				conversationId: conversation!.id,
				type: type as Message['type'],
				content: content!,
				attachments: files,
				sender:
					type === 'outgoing'
						? { kind: 'chatbot', id: app.store.inbox(conversation!.inboxId)!.chatbotId }
						: conversation!.contactId
							? { kind: 'contact', id: conversation!.contactId }
							: null,
			});
			assistant.replyLater(app, message);
			http.json(ctx, 201, views.message(app, message));
		},
	},
	{
		method: 'GET',
		pattern: 'messages/',
		handler: (ctx) => {
			const { app } = ctx;
			const conversation = http.uuidFilter(ctx, 'conversation');
			const newestFirst = app.store.messagesOf(conversation);
			// `setListOrder({messages: 'oldest'})`: oldest first; the keyset runs over negated positions.
			const oldest = app.controls.listOrder.messages === 'oldest';
			const messages = oldest ? newestFirst.reverse() : newestFirst;
			const orderOf = oldest
				? (m: Message) => {
						const { time, seq } = storeModule.messageOrder(m);
						return { time: -time, seq: -seq };
					}
				: storeModule.messageOrder;
			const view = (m: Message) => views.message(app, m);
			http.json(
				ctx,
				200,
				app.controls.messagesPagination === 'page'
					? pagination.paginatePage(ctx, messages, view)
					: pagination.paginateCursor(ctx, messages, orderOf, view, true),
			);
		},
	},
	{
		method: 'GET',
		pattern: 'messages/:id/',
		handler: (ctx) => {
			const message = ctx.app.store.message(ctx.params.id);
			if (!message) throw http.notFound();
			http.json(ctx, 200, views.message(ctx.app, message));
		},
	},
];
