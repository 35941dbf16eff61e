/** Inboxes: `inboxes/` (filters `chatbot`, `channelType`; page pagination) and `inboxes/{id}/`. */
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as views from '../views.cts';

const CHANNEL_TYPES = ['line', 'telegram', 'web', 'messenger'];

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'inboxes/',
		handler: (ctx) => {
			const chatbot = http.uuidFilter(ctx, 'chatbot');
			const channelType = http.queryParam(ctx, 'channelType') || undefined;
			if (channelType !== undefined && !CHANNEL_TYPES.includes(channelType)) {
				throw new http.ApiError(400, {
					channelType: [
						`Select a valid choice. ${channelType} is not one of the available choices.`,
					],
				});
			}
			const inboxes = ctx.app.store.inboxes.filter(
				(i) =>
					(!chatbot || i.chatbotId === chatbot) && (!channelType || i.channelType === channelType),
			);
			http.json(ctx, 200, pagination.paginatePage(ctx, inboxes, views.inbox));
		},
	},
	{
		method: 'GET',
		pattern: 'inboxes/:id/',
		handler: (ctx) => {
			const inbox = ctx.app.store.inbox(ctx.params.id);
			if (!inbox) throw http.notFound();
			http.json(ctx, 200, views.inbox(inbox));
		},
	},
];
