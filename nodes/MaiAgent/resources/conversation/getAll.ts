import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { chatbotLocator, inboxLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { toMillis } from '../../../shared/helpers/time';
import { requireId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many conversations',
	description: 'List conversations, newest activity first, optionally of one AI assistant or inbox',
};

export const properties: INodeProperties[] = [
	...listFields([
		chatbotLocator({
			required: false,
			description:
				'Only conversations in the inboxes (channels) of this AI assistant, however many it has',
		}),
		inboxLocator({ required: false, description: 'Only conversations of this inbox (channel)' }),
	]),
];

/** Newest activity first, as MaiAgent lists them; merged lists keep that order. */
function byRecentActivity(a: IDataObject, b: IDataObject): number {
	return (
		(toMillis(b.lastMessageCreatedAt ?? b.createdAt) ?? 0) -
		(toMillis(a.lastMessageCreatedAt ?? a.createdAt) ?? 0)
	);
}

export const execute = getMany(async (ctx, i, scope, limit) => {
	const node = ctx.getNode();
	const filter = (name: string) =>
		ctx.getNodeParameter(`filters.${name}`, i, '', { extractValue: true }) as string;
	const filters = { chatbot: filter('chatbot'), inbox: filter('inbox') };

	let inboxes: Array<string | undefined> = [undefined];
	if (filters.inbox) inboxes = [requireId(node, filters.inbox, 'Inbox', i)];
	if (filters.chatbot) {
		const chatbot = requireId(node, filters.chatbot, 'AI assistant', i);
		const found = await fetchAll(ctx, { url: 'inboxes/', qs: { chatbot } }, scope);
		const ids = found.map((inbox) => String(inbox.id));
		inboxes = filters.inbox ? inboxes.filter((id) => ids.includes(id!)) : ids;
	}

	const conversations: IDataObject[] = [];
	for (const inbox of inboxes) {
		const qs = inbox ? { inbox } : {};
		conversations.push(...(await fetchAll(ctx, { url: 'conversations/', qs }, scope, { limit })));
	}
	if (inboxes.length > 1) conversations.sort(byRecentActivity);
	return limit === undefined ? conversations : conversations.slice(0, limit);
});

export const simplify = simplifyConversation;
