/**
 * Human handover (both undocumented beyond SPEC's generic schemas; docs/maiagent-api.md says what is
 * inferred):
 * - `POST messages/outgoing/ {conversation, content, type?, attachments?}` → 201: an `outgoing` message
 *   written by the API key's user (an agent sender, not the assistant). It never makes the assistant
 *   answer and logs no chat record. `type` may be absent or "outgoing"; "incoming" is refused.
 * - `PATCH conversations/{id}/update-auto-reply/` → 200 Conversation. The body names the new state as
 *   `autoReplyEnabled` (also `auto_reply_enabled`, camelized) or `enabled`; both must agree when both are
 *   sent. While off, incoming messages of that conversation get no assistant reply.
 */
import type { Route } from '../router.cts';
import { attachmentList } from './attachments.cts';
import { conversationParam } from './conversations.cts';
import { ApiError, FieldErrors, bodyObject, json, refField, stringField } from '../http.cts';
import { conversation as conversationView, message as messageView } from '../views.cts';

export const routes: Route[] = [
	{
		method: 'POST',
		pattern: 'messages/outgoing/',
		handler: (ctx) => {
			const { store } = ctx.app;
			const body = bodyObject(ctx);
			const errors = new FieldErrors();
			const conversation = refField(errors, body, 'conversation', (id) => store.conversation(id));
			const content = stringField(errors, body, 'content');
			const files = attachmentList(errors, body.attachments);
			if (body.type !== undefined && body.type !== null && body.type !== 'outgoing')
				errors.add('type', `"${String(body.type)}" is not a valid choice.`);
			errors.throwIfAny();
			const message = store.addMessage({
				conversationId: conversation!.id,
				type: 'outgoing',
				content: content!,
				attachments: files,
				sender: { kind: 'agent', id: store.apiAgent().id },
			});
			json(ctx, 201, messageView(ctx.app, message));
		},
	},
	{
		method: 'PATCH',
		pattern: 'conversations/:conversationId/update-auto-reply/',
		handler: (ctx) => {
			const conversation = conversationParam(ctx);
			const body = bodyObject(ctx);
			const given = (['autoReplyEnabled', 'enabled'] as const).filter(
				(key) => body[key] !== undefined,
			);
			if (given.length === 0)
				throw new ApiError(400, { autoReplyEnabled: ['This field is required.'] });
			for (const key of given) {
				if (typeof body[key] !== 'boolean')
					throw new ApiError(400, { [key]: ['Must be a valid boolean.'] });
			}
			if (given.length === 2 && body.autoReplyEnabled !== body.enabled)
				throw new ApiError(400, { nonFieldErrors: ['autoReplyEnabled and enabled disagree.'] });
			conversation.autoReplyEnabled = body[given[0]] as boolean;
			json(ctx, 200, conversationView(ctx.app, conversation));
		},
	},
];
