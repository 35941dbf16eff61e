/** The AI assistant fields Create and Update share, and their request body. */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { requireId } from '../../../shared/helpers/validate';

export const instructionsField: INodeProperties = {
	displayName: 'Instructions',
	name: 'instructions',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	description:
		'The role and rules the assistant follows (its system prompt); map it from a document to keep it there',
};

export const ragField: INodeProperties = {
	displayName: 'RAG ID',
	name: 'rag',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
	description:
		"ID of the retrieval (RAG) setup the assistant answers with; MaiAgent's default when empty",
};

/** Body keys for a model ID. MaiAgent's examples name it `model`, its spec `largeLanguageModel`: both are sent (an unknown key is ignored). */
export function modelBody(node: INode, model: unknown, i: number): IDataObject {
	const id = requireId(node, model, 'Model', i);
	return { largeLanguageModel: id, model: id };
}

export function ragBody(node: INode, rag: unknown, i: number): IDataObject {
	return typeof rag === 'string' && rag.trim() ? { rag: requireId(node, rag, 'RAG ID', i) } : {};
}
