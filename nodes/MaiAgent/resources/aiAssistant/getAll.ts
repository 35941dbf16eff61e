import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { optionsCollection, returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { fetchAll, readLimit } from '../../shared/pagination';
import { simplifyChatbot } from '../../shared/simplify';
import { readRetryPolicy } from '../../shared/transport';

const show = { resource: ['aiAssistant'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const policy = readRetryPolicy(this, ACTIONS.aiAssistant.getAll, i);
		const chatbots = await fetchAll(this, { url: 'chatbots/' }, policy, {
			limit: readLimit(this, i),
		});
		return this.getNodeParameter('simplify', i) ? chatbots.map(simplifyChatbot) : chatbots;
	});
}
