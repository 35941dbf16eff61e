/** Fields the knowledge-base operations share: labels by name, user metadata, parser, label creation. */
import type { INodeProperties } from 'n8n-workflow';

import { fieldsCollection } from '../../shared/descriptions/fields';

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

/** Update Labels and Metadata: set the labels, the metadata or both (an empty Labels clears them). */
export const metadataUpdateFields = (): INodeProperties =>
	fieldsCollection('updateFields', [
		{ ...labelsField, description: `${labelsField.description} Empty: no labels.` },
		{ ...metadataField, description: `${metadataField.description}. Replaces the metadata.` },
	]);
