/**
 * Options of the multi-selects: every AI assistant, every inbox (with its channel), the models,
 * the knowledge bases, and the files and FAQs of the knowledge base of a Knowledge Base Access entry.
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { locatorValue } from '../helpers/locator';
import { isUuid } from '../helpers/validate';
import { fetchAll } from '../transport/pagination';

/** More than a list can usefully show; beyond it an expression with the IDs does. */
const MAX_OPTIONS = 1000;

async function options(
	ctx: ILoadOptionsFunctions,
	url: string,
	label: (item: IDataObject) => string,
): Promise<INodePropertyOptions[]> {
	const items = await fetchAll(
		ctx,
		{ url },
		{ operation: `List ${url.replace(/\/$/, '')}`, maxRetries: 1 },
		{ limit: MAX_OPTIONS },
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

/**
 * The knowledge base of the Knowledge Base Access entry being edited (its `id` locator, `&id` in
 * n8n's path syntax), or undefined while none is chosen.
 */
function entryKnowledgeBase(ctx: ILoadOptionsFunctions): string | undefined {
	const id = locatorValue(ctx.getCurrentNodeParameter('&id'), 'knowledge-bases');
	return isUuid(id) ? id : undefined;
}

/** The files of the knowledge base chosen in the same Knowledge Base Access entry. */
export async function getContactKnowledgeFiles(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const kb = entryKnowledgeBase(this);
	if (!kb) return [];
	return await options(this, `knowledge-bases/${kb}/files/`, (file) =>
		String(file.filename || file.id),
	);
}

/** The FAQs (by question) of the knowledge base chosen in the same Knowledge Base Access entry. */
export async function getContactKnowledgeFaqs(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const kb = entryKnowledgeBase(this);
	if (!kb) return [];
	return await options(this, `knowledge-bases/${kb}/faqs/`, (faq) =>
		String(faq.question || faq.id).replace(/\s+/g, ' '),
	);
}
