import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import {
	knowledgeBaseId,
	LabelBook,
	readLabels,
	readMetadata,
	simplifyFile,
} from '../../knowledge/common';
import { uploadKnowledgeFile, waitForProcessing } from '../../knowledge/upload';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { binaryPropertyField, fileOptions, readItemSource, readParser } from './fields';

export const option: OperationOption = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a file to a knowledge base',
	description:
		'Upload a file from a binary field, optionally waiting until MaiAgent has processed it',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	binaryPropertyField('The name of the input binary field holding the file'),
	{
		displayName: 'Wait for Processing',
		name: 'waitForProcessing',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until MaiAgent has processed the file, and output its final status (done, or failed with the reason)',
	},
	simplifyField(),
	optionsCollection(fileOptions),
];

export const execute: OperationExecute = async function (i, scope) {
	const knowledgeBase = knowledgeBaseId(this, i);
	const source = await readItemSource(this, i);
	const metadata = readMetadata(this, 'options.metadata', i);
	const parser = readParser(this, i);
	const labels = await readLabels(this, new LabelBook(this, knowledgeBase, scope), i);
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
	return file;
};

export const simplify = simplifyFile;
