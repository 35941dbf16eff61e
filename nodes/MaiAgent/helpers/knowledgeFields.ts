/** Fields the knowledge-base operations share: labels by name, user metadata, parser, label creation, ID lists. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requireId } from '../../shared/helpers/validate';
import { splitList } from './knowledge';

export const labelsField: INodeProperties = {
	displayName: 'Labels',
	name: 'labels',
	type: 'string',
	default: '',
	placeholder: 'e.g. 退貨, FAQ',
	description:
		'Label names or IDs, comma-separated. An unknown name is an error unless "Create Missing Labels" is on.',
};

export const metadataField: INodeProperties = {
	displayName: 'Metadata',
	name: 'metadata',
	type: 'json',
	default: '{}',
	description:
		'User-defined metadata (rawUserDefineMetadata), a JSON object, e.g. {"source": "drive"}',
};

export const parserField: INodeProperties = {
	displayName: 'Parser Name or ID',
	name: 'parser',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getParsers' },
	default: '',
	description:
		'The MaiAgent parser to read the file with; empty: the default one for its file type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const createMissingLabelsOption: INodeProperties = {
	displayName: 'Create Missing Labels',
	name: 'createMissingLabels',
	type: 'boolean',
	default: false,
	description: 'Whether to create labels whose name is not in the knowledge base yet',
};

/**
 * A list of IDs (comma-separated text or an array), each checked, never empty: MaiAgent's FAQ
 * batch delete takes an empty list as "every FAQ".
 */
export function readIds(ctx: IExecuteFunctions, itemIndex: number, field: string): string[] {
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

/** Update Labels and Metadata: set the labels, the metadata or both (an empty Labels clears them). */
export const metadataUpdateFields = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions: { show },
	options: [
		{ ...labelsField, description: `${labelsField.description} Empty: no labels.` },
		{ ...metadataField, description: `${metadataField.description}. Replaces the metadata.` },
	],
});
