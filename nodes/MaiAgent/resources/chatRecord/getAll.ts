import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	createdFilters,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { forEachItem } from '../../../shared/helpers/items';
import { simplifyRecord } from '../../../shared/helpers/simplify';
import { createdBetween } from '../../../shared/helpers/time';
import { getId } from '../../../shared/helpers/validate';
import { fetchAll, readLimit } from '../../../shared/transport/pagination';
import { readRequestScope } from '../../../shared/transport/retry';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many chat records of an AI assistant',
	description: 'List the question/answer records of an AI assistant, with their evaluation scores',
};

const show = { resource: ['chatRecord'], operation: ['getAll'] };

export const properties: INodeProperties[] = [
	chatbotLocator({ displayOptions: { show } }),
	...returnAllAndLimit(show),
	filtersCollection(show, [...createdFilters('records')]),
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const chatbot = getId(this, 'chatbot', 'AI assistant', i);
		const scope = readRequestScope(this, option.action, i);
		const limit = readLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as {
			createdAfter?: string;
			createdBefore?: string;
		};
		const records = await fetchAll(this, { url: `chatbots/${chatbot}/records/` }, scope, {
			limit,
			filter: createdBetween(filters.createdAfter, filters.createdBefore),
		});
		return this.getNodeParameter('simplify', i) ? records.map(simplifyRecord) : records;
	});
}
