/**
 * The webhook side of an AI assistant: `PATCH chatbots/{id}/` (the spec's PatchedChatbot; the sandbox
 * models `webhookUrl`, `name` and `instructions`, other writable fields are accepted and ignored,
 * read-only ones ignored as DRF does) and the delivery log `GET chatbots/{id}/webhook-records/`.
 */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import { ApiError, FieldErrors, bodyObject, json } from '../http.cts';
import { paginatePage } from '../pagination.cts';
import { chatbotDetail } from '../views.cts';
import { recordView, recordsOf } from '../webhooks.cts';
import { timestamp } from '../random.cts';

function chatbotOf(ctx: Ctx) {
	const chatbot = ctx.app.store.chatbot(ctx.params.chatbotId);
	if (!chatbot) throw new ApiError(404, { detail: 'Not found.' });
	return chatbot;
}

/** Django's URLField (URLValidator): an http(s) or ftp(s) URL with a host; blank allowed. */
function validUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return ['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol) && url.hostname !== '';
	} catch {
		return false;
	}
}

export const routes: Route[] = [
	{
		method: 'PATCH',
		pattern: 'chatbots/:chatbotId/',
		handler: (ctx) => {
			const chatbot = chatbotOf(ctx);
			const body = bodyObject(ctx);
			const errors = new FieldErrors();
			const changes: { webhookUrl?: string | null; name?: string; instructions?: string } = {};
			if ('webhookUrl' in body) {
				const value = body.webhookUrl;
				if (value === null || value === '') changes.webhookUrl = value;
				else if (typeof value !== 'string') errors.add('webhookUrl', 'Not a valid string.');
				else if (value.length > 200)
					errors.add('webhookUrl', 'Ensure this field has no more than 200 characters.');
				else if (!validUrl(value)) errors.add('webhookUrl', 'Enter a valid URL.');
				else changes.webhookUrl = value;
			}
			for (const field of ['name', 'instructions'] as const) {
				if (!(field in body)) continue;
				const value = body[field];
				if (typeof value !== 'string') errors.add(field, 'Not a valid string.');
				else if (field === 'name' && value.trim() === '')
					errors.add(field, 'This field may not be blank.');
				else changes[field] = value;
			}
			errors.throwIfAny();
			Object.assign(chatbot, changes, { updatedAt: timestamp(Date.now()) });
			json(ctx, 200, chatbotDetail(chatbot));
		},
	},
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/webhook-records/',
		handler: (ctx) => {
			const chatbot = chatbotOf(ctx);
			const view = chatbotDetail(chatbot);
			json(
				ctx,
				200,
				paginatePage(ctx, recordsOf(ctx.app.store, chatbot.id), (r) => recordView(r, view)),
			);
		},
	},
];
