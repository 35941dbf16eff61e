import type { INodeProperties } from 'n8n-workflow';

import { createdFilters, listFields } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { simplifyRecord } from '../../../shared/helpers/simplify';
import { createdBetween } from '../../../shared/helpers/time';
import { getId } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many chat records of an AI assistant',
	description: 'List the question/answer records of an AI assistant, with their evaluation scores',
	builderHint: {
		propertyHint:
			"For yesterday's records (a daily report): Return All on, Filters > Created After = {{ $today.minus({ days: 1 }).minus({ milliseconds: 1 }).toISO() }} and Created Before = {{ $today.toISO() }}",
	},
};

export const properties: INodeProperties[] = [
	chatbotLocator(),
	...listFields(createdFilters('records')),
];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const chatbot = getId(ctx, 'chatbot', 'AI assistant', i);
	const filters = ctx.getNodeParameter('filters', i, {}) as {
		createdAfter?: string;
		createdBefore?: string;
	};
	return await fetchAll(ctx, { url: `chatbots/${chatbot}/records/` }, scope, {
		limit,
		filter: createdBetween(filters.createdAfter, filters.createdBefore),
	});
});

export const simplify = simplifyRecord;
