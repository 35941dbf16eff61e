/** Delete Many of a knowledge base's files or FAQs: the ID list, then one batch-delete request. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../shared/descriptions/locators';
import { requireId, splitList } from '../../shared/helpers/validate';
import { maiagentApi } from '../../shared/transport/request';
import type { Operation } from '../helpers/interfaces';
import { deleted, knowledgeBaseId } from './common';

/**
 * A list of IDs (comma-separated text or an array), each checked, never empty: MaiAgent's FAQ
 * batch delete takes an empty list as "every FAQ".
 */
function readIds(ctx: IExecuteFunctions, itemIndex: number, field: string): string[] {
	const node = ctx.getNode();
	const ids = splitList(ctx.getNodeParameter('ids', itemIndex, '')).map((id) =>
		requireId(node, id, field.replace(/s$/, ''), itemIndex),
	);
	if (ids.length === 0) {
		throw new NodeOperationError(node, `${field} is required`, {
			itemIndex,
			description: 'Give at least one ID; nothing is deleted without one',
		});
	}
	return ids;
}

export interface DeleteManyOf {
	/** The IDs field's display name, also what its errors name: `File IDs`. */
	field: string;
	/** The knowledge base's collection: `files` or `faqs`. */
	path: string;
	description: string;
}

/** The fields and code of a Delete Many operation. */
export function deleteMany({
	field,
	path,
	description,
}: DeleteManyOf): Required<Pick<Operation, 'properties' | 'execute'>> {
	const properties: INodeProperties[] = [
		knowledgeBaseLocator(),
		{
			displayName: field,
			name: 'ids',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c, 9c0d…',
			description,
		},
		optionsCollection(),
	];
	return {
		properties,
		execute: async function (i, scope) {
			const kb = knowledgeBaseId(this, i);
			const ids = readIds(this, i, field);
			const url = `knowledge-bases/${kb}/${path}/batch-delete/`;
			await maiagentApi(this, { method: 'POST', url, body: { ids } }, scope);
			return deleted({ ids, knowledgeBase: kb });
		},
	};
}
