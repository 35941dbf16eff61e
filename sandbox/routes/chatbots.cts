/** AI assistants: `chatbots/` (page pagination) and `chatbots/{id}/`. */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as views from '../views.cts';

/** The chatbot named by the path's `:chatbotId`, or a 404. */
export function chatbotParam(ctx: Ctx) {
	const chatbot = ctx.app.store.chatbot(ctx.params.chatbotId);
	if (!chatbot) throw http.notFound();
	return chatbot;
}

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'chatbots/',
		handler: (ctx) =>
			http.json(
				ctx,
				200,
				pagination.paginatePage(ctx, ctx.app.store.chatbots, views.chatbotSummary),
			),
	},
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/',
		handler: (ctx) => http.json(ctx, 200, views.chatbotDetail(chatbotParam(ctx))),
	},
];
