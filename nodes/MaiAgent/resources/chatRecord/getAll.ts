import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import {
	chatbotLocator,
	createdFilters,
	filtersCollection,
	returnAllAndLimit,
	optionsCollection,
	simplifyField,
} from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { fetchAll, readLimit } from '../../shared/pagination';
import { simplifyRecord } from '../../shared/simplify';
import { readRetryPolicy } from '../../shared/transport';
import { getId } from '../../shared/validate';
import { createdBetween } from '../../shared/time';

const show = { resource: ['chatRecord'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	...returnAllAndLimit(show),
	filtersCollection(show, [...createdFilters('records')]),
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const chatbot = getId(this, 'chatbot', 'AI assistant', i);
		const policy = readRetryPolicy(this, ACTIONS.chatRecord.getAll, i);
		const limit = readLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as {
			createdAfter?: string;
			createdBefore?: string;
		};
		const records = await fetchAll(this, { url: `chatbots/${chatbot}/records/` }, policy, {
			limit,
			filter: createdBetween(filters.createdAfter, filters.createdBefore),
		});
		return this.getNodeParameter('simplify', i) ? records.map(simplifyRecord) : records;
	});
}
