import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { getText } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { knowledgeBaseId, unlessStatus } from '../../knowledge/common';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Search',
	value: 'search',
	action: 'Search a knowledge base',
	description:
		'Find the passages of a knowledge base that best match a question (retrieval only, no generated answer). Use it to look up facts in the documents and FAQs of the knowledge base; each result has the passage text, its score, file name and page.',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. How do I return an item?',
		description: 'A question or keywords, in the language of the documents',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	optionsCollection(),
];

/** A search hit in the documented snake_case or in camelCase. */
function toResult(hit: IDataObject): IDataObject {
	const file = (hit.chatbot_file ?? hit.chatbotFile ?? {}) as IDataObject;
	return {
		text: hit.text ?? hit.content,
		score: hit.score,
		filename: file.filename ?? null,
		fileId: file.id ?? null,
		page: hit.page_number ?? hit.pageNumber ?? null,
	};
}

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const query = getText(this, 'query', i, { field: 'Query', hint: 'Enter what to search for' });
	const limit = this.getNodeParameter('limit', i, 50) as number;
	const url = `knowledge-bases/${kb}/search/`;
	// One reference page documents the search as GET: a 405 on POST means this is that tenant.
	const answer = await unlessStatus<unknown>(
		'405',
		async () => await maiagentApi(this, { method: 'POST', url, body: { query } }, scope),
		async () => await maiagentApi(this, { url, qs: { query } }, scope),
	);
	const hits = Array.isArray(answer)
		? (answer as IDataObject[])
		: (((answer as IDataObject)?.results ?? []) as IDataObject[]);
	return hits.slice(0, limit).map(toResult);
};
