/**
 * MaiAgent's presigned upload, the one way a file reaches it (message attachments, knowledge-base
 * files, Batch QA files): `POST upload-presigned-url/`, then the multipart POST to the storage it
 * names (`postToStorage`, without MaiAgent credentials), retried with the file read again. The
 * answer is the storage key that the caller registers (`attachments/`, `knowledge-bases/…/files/`).
 *
 * Files come from n8n binary data: a binary with an `id` (n8n's filesystem and database modes) is
 * streamed from the binary store each time it is read, never held whole in memory; an in-memory
 * binary (base64 in the item) is decoded once.
 */
import type { IBinaryData, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { maiagentApi } from './request';
import type { RequestScope } from './retry';
import type { PresignedPost } from './storage';
import { postToStorage } from './storage';

/** What the file is for, as the presign request names it (`modelName`). */
export type UploadModel = 'attachment' | 'chatbot-file' | 'batch-qa';

type FileBytes = Buffer | AsyncIterable<Uint8Array>;

/** A file to upload: its name, type and exact size, and its bytes, read afresh by each `open()`. */
export interface UploadFile {
	filename: string;
	mimeType: string;
	/** Bytes; the presign and storage's Content-Length are this size. */
	size: number;
	open: () => Promise<FileBytes>;
}

/** An item's binary property as an upload; `fileName` overrides the binary's name when not empty. */
export interface BinaryFile extends UploadFile {
	binary: IBinaryData;
}

async function countBytes(data: FileBytes): Promise<number> {
	if (Buffer.isBuffer(data)) return data.length;
	let size = 0;
	for await (const chunk of data) size += chunk.length;
	return size;
}

/**
 * The item's file in binary property `property`, checked present (NodeOperationError otherwise),
 * or the binary an expression gave instead of a name (n8n's helpers take either; an AI Agent's tool
 * call has no binary input of its own). Its size is the binary store's record of it (n8n's
 * `fileSize` text, e.g. "200 MB", is not exact), else one streamed count; nothing is read into
 * memory for a stored binary.
 */
export async function binaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string | IBinaryData,
	fileName?: string,
): Promise<BinaryFile> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const name = typeof property === 'string' ? property : 'file';
	const filename =
		fileName?.trim() ||
		binary.fileName ||
		(binary.fileExtension ? `${name}.${binary.fileExtension}` : name);
	const file = { binary, filename, mimeType: binary.mimeType };
	const { id } = binary;
	if (!id) {
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		return { ...file, size: buffer.length, open: async () => buffer };
	}
	const open = async (): Promise<FileBytes> => await ctx.helpers.getBinaryStream(id);
	const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
	const known = Number.isSafeInteger(fileSize) && fileSize >= 0;
	return { ...file, size: known ? fileSize : await countBytes(await open()), open };
}

export interface PresignedUpload {
	model: UploadModel;
	file: UploadFile;
	/** Milliseconds, for the presign and each storage POST. */
	timeout?: number;
}

const DEFAULT_STORAGE_RETRIES = 3;

/**
 * The storage POST, retried after a 5xx or a dropped connection (up to the scope's Max Retries)
 * with the file opened again; a 4xx is final.
 */
async function storeWithRetries(
	ctx: IExecuteFunctions,
	presigned: PresignedPost,
	upload: PresignedUpload,
	scope: RequestScope,
): Promise<void> {
	const { file, timeout } = upload;
	const retries = scope.maxRetries ?? DEFAULT_STORAGE_RETRIES;
	for (let retry = 0; ; retry++) {
		const data = await file.open();
		const failure = await postToStorage(ctx, {
			presigned,
			file: { filename: file.filename, mimeType: file.mimeType, size: file.size, data },
			operation: scope.operation,
			itemIndex: scope.itemIndex ?? 0,
			timeout,
		}).then(
			() => undefined,
			(error: unknown) => error as NodeApiError,
		);
		if (!failure) return;
		// A stream the failed POST left unread keeps its file open until destroyed.
		(data as { destroy?: () => void }).destroy?.();
		const status = Number(failure.httpCode ?? 0);
		if (retry >= retries || (status > 0 && status < 500)) throw failure;
		await sleep(500 * 2 ** (retry + 1));
	}
}

/**
 * Uploads the file the way MaiAgent documents it: presign (`{filename, modelName, fieldName:
 * 'file', fileSize}`), check the answer has a url and a key, multipart POST to that storage (no
 * API key goes there). Answers the storage key, for the caller's registration.
 */
export async function presignedUpload(
	ctx: IExecuteFunctions,
	upload: PresignedUpload,
	scope: RequestScope,
): Promise<string> {
	const { filename, size } = upload.file;
	const presigned = await maiagentApi<PresignedPost>(
		ctx,
		{
			method: 'POST',
			url: 'upload-presigned-url/',
			body: { filename, modelName: upload.model, fieldName: 'file', fileSize: size },
			timeout: upload.timeout,
		},
		scope,
	);
	if (typeof presigned?.url !== 'string' || typeof presigned.fields?.key !== 'string') {
		throw new NodeApiError(ctx.getNode(), (presigned ?? {}) as unknown as JsonObject, {
			message: `${scope.operation} failed: MaiAgent's presigned upload answer has no url and key`,
			itemIndex: scope.itemIndex,
		});
	}
	await storeWithRetries(ctx, presigned, upload, scope);
	return presigned.fields.key;
}
