import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { inboxLocator } from '../../../shared/descriptions/locators';
import { simplifyContact } from '../../../shared/helpers/simplify';
import { readText, requireId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many contacts',
	description: 'List contacts, optionally searched by name, source ID or ID, or of one inbox',
};

export const properties: INodeProperties[] = listFields([
	inboxLocator({ required: false, description: 'Only the contacts of this inbox (channel)' }),
	{
		displayName: 'Search',
		name: 'query',
		type: 'string',
		default: '',
		description: 'Only contacts whose name, source ID or contact ID contains this text',
	},
]);

export const execute = getMany(async (ctx, i, scope, limit) => {
	const inbox = ctx.getNodeParameter('filters.inbox', i, '', { extractValue: true }) as string;
	const query = readText(ctx, 'filters.query', i, 'Search')?.trim();
	const qs: IDataObject = {};
	if (inbox) qs.inboxes = requireId(ctx.getNode(), inbox, 'Inbox', i);
	if (query) qs.query = query;
	// Contacts page by limit/offset (MaiAgent's examples), not page/pageSize.
	return await fetchAll(ctx, { url: 'contacts/', qs }, scope, { limit, sizeQuery: { limit: 100 } });
});

export const simplify = simplifyContact;
