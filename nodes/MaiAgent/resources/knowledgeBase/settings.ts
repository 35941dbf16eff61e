/** The settings of a knowledge base, shared by Create (Additional Fields) and Update (Update Fields). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requireId } from '../../../shared/helpers/validate';

export const embeddingModelField: INodeProperties = {
	displayName: 'Embedding Model Name or ID',
	name: 'embeddingModel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getEmbeddingModels' },
	default: '',
	description:
		'The model that embeds the files\' text. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const rerankerModelField: INodeProperties = {
	displayName: 'Reranker Model Name or ID',
	name: 'rerankerModel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getRerankerModels' },
	default: '',
	description:
		'The model that reorders the retrieved chunks. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Sorted by name, as n8n's UX asks of collections. */
export const settingFields: INodeProperties[] = [
	{
		displayName: 'AI Assistant Names or IDs',
		name: 'chatbots',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getChatbots' },
		default: [],
		description:
			'The AI assistants that answer from this knowledge base. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Enable HyDE',
		name: 'enableHyde',
		type: 'boolean',
		default: false,
		description: 'Whether to search with a hypothetical answer written by the model (HyDE)',
	},
	{
		displayName: 'Enable Rerank',
		name: 'enableRerank',
		type: 'boolean',
		default: true,
		description: 'Whether to reorder the retrieved chunks with the reranker model',
	},
	{
		displayName: 'Number of Retrieved Chunks',
		name: 'numberOfRetrievedChunks',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 12,
		description: 'How many chunks a question retrieves',
	},
	{
		displayName: 'Sentence Window Size',
		name: 'sentenceWindowSize',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2,
		description: 'Sentences of context kept around each retrieved sentence',
	},
	{
		displayName: 'Similarity Cutoff',
		name: 'similarityCutoff',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0,
		description: 'Chunks scoring below this are not retrieved',
	},
];

/** The request body of the settings given, IDs checked before any request. */
export function settingsBody(
	ctx: IExecuteFunctions,
	values: IDataObject,
	itemIndex: number,
): IDataObject {
	const node = ctx.getNode();
	const body: IDataObject = { ...values };
	for (const [field, label] of [
		['embeddingModel', 'Embedding model'],
		['rerankerModel', 'Reranker model'],
	]) {
		if (body[field] !== undefined) body[field] = requireId(node, body[field], label, itemIndex);
	}
	if (body.chatbots !== undefined) {
		const ids = Array.isArray(body.chatbots) ? body.chatbots : String(body.chatbots).split(',');
		body.chatbots = ids.map((id) => ({
			id: requireId(node, String(id).trim(), 'AI assistant', itemIndex),
		}));
	}
	if (typeof body.name === 'string' && !body.name.trim()) {
		throw new NodeOperationError(node, 'Name must not be empty', { itemIndex });
	}
	return body;
}
