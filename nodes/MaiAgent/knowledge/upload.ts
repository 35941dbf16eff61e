/**
 * Knowledge-base files from n8n binary data: read and checked (name, type, emptiness, SHA-256)
 * before any request, uploaded the way MaiAgent documents it (presigned URL, multipart POST to
 * storage, registration in the knowledge base) and, when asked, waited for until processed.
 * A file in n8n's filesystem binary mode is read as a stream twice (hash, then upload), never held
 * whole in memory.
 */
import { createHash } from 'node:crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { maiagentApi } from '../../shared/transport/request';
import type { RequestScope } from '../../shared/transport/retry';
import type { PresignedPost } from '../../shared/transport/storage';
import { postToStorage } from '../../shared/transport/storage';
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

export interface SourceFile {
	itemIndex: number;
	filename: string;
	mimeType: string;
	size: number;
	sha256: string;
	/** The bytes again, for an upload (a fresh stream each time, so a retry can re-read them). */
	open: () => Promise<Buffer | AsyncIterable<Uint8Array>>;
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

function fileNameOf(binary: IBinaryData, spec: SourceSpec): string {
	const given = spec.fileName?.trim();
	if (given) return given;
	if (binary.fileName) return binary.fileName;
	return binary.fileExtension ? `${spec.property}.${binary.fileExtension}` : spec.property;
}

/** The item's file, checked before any request: present, a type MaiAgent takes, not empty. */
export async function readSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: SourceSpec,
): Promise<SourceFile> {
	const node = ctx.getNode();
	const binary = ctx.helpers.assertBinaryData(itemIndex, spec.property);
	const filename = fileNameOf(binary, spec);
	const type = extensionOf(filename);
	if (!KNOWLEDGE_FILE_TYPES.includes(type)) {
		throw new NodeOperationError(
			node,
			`File "${filename}" is of a type MaiAgent's knowledge bases do not take`,
			{ itemIndex, description: `Supported: ${KNOWLEDGE_FILE_TYPES.join(', ')}` },
		);
	}
	const { id } = binary;
	const open = async (): Promise<Buffer | AsyncIterable<Uint8Array>> =>
		id
			? await ctx.helpers.getBinaryStream(id)
			: await ctx.helpers.getBinaryDataBuffer(itemIndex, spec.property);
	const { sha256, size } = await digest(await open());
	if (size === 0) {
		throw new NodeOperationError(node, `File "${filename}" is empty`, {
			itemIndex,
			description: 'MaiAgent cannot parse an empty file: check the node that produced it',
		});
	}
	return { itemIndex, filename, mimeType: binary.mimeType, size, sha256, open };
}

export interface FileRegistration {
	knowledgeBase: string;
	labels?: IDataObject[];
	parser?: string;
	metadata?: IDataObject;
}

const STORAGE_ATTEMPTS = 3;

/** The presigned POST to storage, retried with a fresh stream when storage fails (5xx, network). */
async function storeFile(
	ctx: IExecuteFunctions,
	source: SourceFile,
	presigned: PresignedPost,
	scope: RequestScope,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const failure = await postToStorage(ctx, {
			presigned,
			file: { ...source, data: await source.open() },
			operation: scope.operation,
			itemIndex: source.itemIndex,
		}).then(
			() => undefined,
			(error: unknown) => error as NodeApiError,
		);
		if (!failure) return;
		const status = Number(failure.httpCode ?? 0);
		if (attempt >= STORAGE_ATTEMPTS || (status > 0 && status < 500)) throw failure;
		await sleep(500 * 2 ** attempt);
	}
}

/** Uploads the file into the knowledge base and answers the new file as MaiAgent lists it. */
export async function uploadKnowledgeFile(
	ctx: IExecuteFunctions,
	source: SourceFile,
	registration: FileRegistration,
	scope: RequestScope,
): Promise<IDataObject> {
	const { filename, size } = source;
	const { knowledgeBase, labels, parser, metadata } = registration;
	if (parser) {
		const check = { parser, fileType: extensionOf(filename), itemIndex: source.itemIndex };
		await checkParser(ctx, check, scope);
	}
	const presigned = await maiagentApi<PresignedPost>(
		ctx,
		{
			method: 'POST',
			url: 'upload-presigned-url/',
			body: { filename, modelName: 'chatbot-file', fieldName: 'file', fileSize: size },
		},
		scope,
	);
	if (typeof presigned?.url !== 'string' || typeof presigned.fields?.key !== 'string') {
		throw new NodeApiError(ctx.getNode(), (presigned ?? {}) as unknown as JsonObject, {
			message: `${scope.operation} failed: MaiAgent's presigned upload answer has no url and key`,
			itemIndex: source.itemIndex,
		});
	}
	await storeFile(ctx, source, presigned, scope);
	const entry: IDataObject = { file: presigned.fields.key, filename };
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
