/** Options of the trigger's multi-selects: every AI assistant, every inbox (with its channel). */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchAll } from '../transport/pagination';

async function options(
	ctx: ILoadOptionsFunctions,
	url: string,
	label: (item: IDataObject) => string,
): Promise<INodePropertyOptions[]> {
	const items = await fetchAll(
		ctx,
		{ url },
		{ operation: `List ${url.replace(/\/$/, '')}`, maxRetries: 1 },
	);
	return items
		.map((item) => ({ name: label(item), value: String(item.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getChatbots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await options(this, 'chatbots/', (bot) => String(bot.name || bot.id));
}

export async function getInboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await options(
		this,
		'inboxes/',
		(inbox) =>
			`${String(inbox.name || inbox.id)}${inbox.channelType ? ` (${String(inbox.channelType)})` : ''}`,
	);
}

export async function getEmbeddingModels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await options(this, 'embedding-models/', (model) => String(model.name || model.id));
}

export async function getRerankerModels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await options(this, 'reranker-models/', (model) => String(model.name || model.id));
}

export async function getKnowledgeBases(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await options(this, 'knowledge-bases/', (kb) => String(kb.name || kb.id));
}
