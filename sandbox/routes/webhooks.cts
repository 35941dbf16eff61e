/**
 * The webhook side of an AI assistant: the delivery log `GET chatbots/{id}/webhook-records/`. The
 * assistant's `webhookUrl` is set with `PATCH chatbots/{id}/` (routes/chatbots.cts).
 */
import type { Route } from '../router.cts';
import { json } from '../http.cts';
import { paginatePage } from '../pagination.cts';
import { chatbotDetail } from '../views.cts';
import { recordView, recordsOf } from '../webhooks.cts';
import { chatbotParam } from './chatbots.cts';

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/webhook-records/',
		handler: (ctx) => {
			const chatbot = chatbotParam(ctx);
			const view = chatbotDetail(chatbot);
			json(
				ctx,
				200,
				paginatePage(ctx, recordsOf(ctx.app.store, chatbot.id), (r) => recordView(r, view)),
			);
		},
	},
];
