/** Web chats: `web-chats/` (a plain array, not paginated) and `web-chats/{id}/`. */
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as views from '../views.cts';

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'web-chats/',
		handler: (ctx) => http.json(ctx, 200, ctx.app.store.webChats.map(views.webChat)),
	},
	{
		method: 'GET',
		pattern: 'web-chats/:id/',
		handler: (ctx) => {
			const webChat = ctx.app.store.webChat(ctx.params.id);
			if (!webChat) throw http.notFound();
			http.json(ctx, 200, views.webChat(webChat));
		},
	},
];
