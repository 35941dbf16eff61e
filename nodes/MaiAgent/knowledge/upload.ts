/**
 * Knowledge-base files from n8n binary data: read and checked (name, type, emptiness, SHA-256)
 * before any request, uploaded with the transport's `presignedUpload` (`chatbot-file`), registered
 * in the knowledge base and, when asked, waited for until processed. A file in n8n's filesystem
 * binary mode is read as a stream twice (hash, then upload), never held whole in memory.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { maiagentApi } from '../../shared/transport/request';
import type { RequestScope } from '../../shared/transport/retry';
import type { UploadFile } from '../../shared/transport/upload';
import { binaryFile, presignedUpload } from '../../shared/transport/upload';
import type { FileStatus } from '../../shared/helpers/fileStatus';
import { fileStatus } from '../../shared/helpers/fileStatus';
import { createdFiles } from './common';
import { checkParser } from './parsers';

/** File types MaiAgent's knowledge bases take (its console's upload list). */
export const KNOWLEDGE_FILE_TYPES = [
	'csv',
	'doc',
	'docx',
	'htm',
	'html',
	'jpeg',
	'jpg',
	'json',
	'markdown',
	'md',
	'pdf',
	'png',
	'ppt',
	'pptx',
	'rtf',
	'tsv',
	'txt',
	'xls',
	'xlsx',
	'xml',
];

/** The item's file; `open()` gives its bytes again for the upload (a fresh stream each time). */
export interface SourceFile extends UploadFile {
	itemIndex: number;
	sha256: string;
}

export interface SourceSpec {
	/** The binary property, e.g. `data`. */
	property: string;
	/** Overrides the binary's file name when not empty. */
	fileName?: string;
}

const extensionOf = (filename: string) =>
	filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';

async function digest(
	data: Buffer | AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; size: number }> {
	const hash = createHash('sha256');
	if (Buffer.isBuffer(data)) return { sha256: hash.update(data).digest('hex'), size: data.length };
	let size = 0;
	for await (const chunk of data) {
		hash.update(chunk);
		size += chunk.length;
	}
	return { sha256: hash.digest('hex'), size };
}

/** The item's file, checked before any request: present, a type MaiAgent takes, not empty. */
export async function readSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: SourceSpec,
): Promise<SourceFile> {
	const node = ctx.getNode();
	const file = await binaryFile(ctx, itemIndex, spec.property, spec.fileName);
	const { filename } = file;
	const type = extensionOf(filename);
	if (!KNOWLEDGE_FILE_TYPES.includes(type)) {
		throw new NodeOperationError(
			node,
			`File "${filename}" is of a type MaiAgent's knowledge bases do not take`,
			{ itemIndex, description: `Supported: ${KNOWLEDGE_FILE_TYPES.join(', ')}` },
		);
	}
	const { sha256, size } = await digest(await file.open());
	if (size === 0) {
		throw new NodeOperationError(node, `File "${filename}" is empty`, {
			itemIndex,
			description: 'MaiAgent cannot parse an empty file: check the node that produced it',
		});
	}
	const { mimeType, open } = file;
	return { itemIndex, filename, mimeType, size, sha256, open };
}

export interface FileRegistration {
	knowledgeBase: string;
	labels?: IDataObject[];
	parser?: string;
	metadata?: IDataObject;
}

/** Uploads the file into the knowledge base and answers the new file as MaiAgent lists it. */
export async function uploadKnowledgeFile(
	ctx: IExecuteFunctions,
	source: SourceFile,
	registration: FileRegistration,
	scope: RequestScope,
): Promise<IDataObject> {
	const { filename } = source;
	const { knowledgeBase, labels, parser, metadata } = registration;
	if (parser) {
		const check = { parser, fileType: extensionOf(filename), itemIndex: source.itemIndex };
		await checkParser(ctx, check, scope);
	}
	const fileScope = { ...scope, itemIndex: source.itemIndex };
	const key = await presignedUpload(ctx, { model: 'chatbot-file', file: source }, fileScope);
	const entry: IDataObject = { file: key, filename };
	if (parser) entry.parser = parser;
	if (labels?.length) entry.labels = labels;
	if (metadata) entry.rawUserDefineMetadata = metadata;
	const answer = await maiagentApi(
		ctx,
		{ method: 'POST', url: `knowledge-bases/${knowledgeBase}/files/`, body: { files: [entry] } },
		scope,
	);
	const [file] = createdFiles(answer);
	if (!file?.id) {
		throw new NodeApiError(ctx.getNode(), { answer } as JsonObject, {
			message: `${scope.operation} failed: MaiAgent's answer names no new file`,
			itemIndex: source.itemIndex,
		});
	}
	return file;
}

export const isFinal = (status: FileStatus) => status.code === 'done' || status.code === 'failed';

export interface Wait {
	knowledgeBase: string;
	fileId: string;
	/** Give up after this many milliseconds (the file is answered as it then is). */
	timeoutMs: number;
}

/** Polls the file until it is `done` or `failed`, or the time is up; answers the file as last read. */
export async function waitForProcessing(
	ctx: IExecuteFunctions,
	wait: Wait,
	scope: RequestScope,
): Promise<IDataObject> {
	const url = `knowledge-bases/${wait.knowledgeBase}/files/${wait.fileId}/`;
	const deadline = Date.now() + wait.timeoutMs;
	for (let poll = 0; ; poll++) {
		const file = await maiagentApi<IDataObject>(ctx, { url }, scope);
		const left = deadline - Date.now();
		if (isFinal(fileStatus(file)) || left <= 0) return file;
		// From 100 ms up to 5 s between reads: quick files answer fast, slow ones cost few requests.
		await sleep(Math.min(100 * 1.5 ** poll, 5000, left));
	}
}
