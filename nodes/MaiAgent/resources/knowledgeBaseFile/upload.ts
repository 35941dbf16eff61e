import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { knowledgeBaseId, readLabels, readMetadata, simplifyFile } from '../../helpers/knowledge';
import { readSource, uploadKnowledgeFile, waitForProcessing } from '../../helpers/knowledgeUpload';
import type { OperationExecute, OperationOption } from '../types';
import { fileOptions, knowledgeBook, readParser } from './fields';

export const option: OperationOption = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a file to a knowledge base',
	description:
		'Upload a file from a binary field, optionally waiting until MaiAgent has processed it',
};

const show = { resource: ['knowledgeBaseFile'], operation: ['upload'] };

export const properties: INodeProperties[] = [
	knowledgeBaseLocator({ displayOptions: { show } }),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		displayOptions: { show },
		hint: 'The name of the input binary field holding the file',
	},
	{
		displayName: 'Wait for Processing',
		name: 'waitForProcessing',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			'Whether to wait until MaiAgent has processed the file, and output its final status (done, or failed with the reason)',
	},
	simplifyField(show),
	optionsCollection(show, fileOptions),
];

export const execute: OperationExecute = async function (i, scope) {
	const knowledgeBase = knowledgeBaseId(this, i);
	const source = await readSource(this, i, {
		property: this.getNodeParameter('binaryPropertyName', i) as string,
		fileName: this.getNodeParameter('options.fileName', i, '') as string,
	});
	const metadata = readMetadata(this, 'options.metadata', i);
	const parser = readParser(this, i);
	const labels = await readLabels(this, knowledgeBook(this, knowledgeBase, scope), i);
	let file = await uploadKnowledgeFile(
		this,
		source,
		{ knowledgeBase, labels, parser, metadata },
		scope,
	);
	if (this.getNodeParameter('waitForProcessing', i, false)) {
		const timeout = this.getNodeParameter('options.waitTimeout', i, 600) as number;
		const wait = { knowledgeBase, fileId: String(file.id), timeoutMs: timeout * 1000 };
		file = await waitForProcessing(this, wait, scope);
	}
	return this.getNodeParameter('simplify', i) ? simplifyFile(file) : file;
};
