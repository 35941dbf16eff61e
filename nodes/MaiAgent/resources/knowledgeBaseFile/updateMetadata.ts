import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFileLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { knowledgeBaseId, simplifyFile } from '../../knowledge/common';
import { createMissingLabelsOption, metadataUpdateFields } from '../../knowledge/fields';
import { metadataBody, patchMetadata } from '../../knowledge/metadata';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Update Labels and Metadata',
	value: 'updateMetadata',
	action: 'Update the labels and metadata of a knowledge base file',
	description: 'Set the labels (by name or ID) and the user-defined metadata of a file',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFileLocator(),
	metadataUpdateFields(),
	simplifyField(),
	optionsCollection([createMissingLabelsOption]),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const id = getId(this, 'file', 'File', i);
	const body = await metadataBody(this, i, scope);
	const url = `knowledge-bases/${kb}/files/${id}/update-metadata/`;
	const file = await patchMetadata(this, url, body, scope);
	return file;
};

export const simplify = simplifyFile;
