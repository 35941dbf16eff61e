/**
 * Message attachments: files from n8n binary properties, uploaded the way MaiAgent documents it
 * (presigned URL → multipart POST to storage with `file` last → registration), and attachment
 * objects that already exist (the output of an earlier upload, or of a message read back).
 * The upload itself is the transport's `presignedUpload`.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maiagentApi } from '../../../shared/transport/request';
import { readRequestScope } from '../../../shared/transport/retry';
import type { BinaryFile } from '../../../shared/transport/upload';
import { binaryFile, presignedUpload } from '../../../shared/transport/upload';
import { isUuid, parseJsonArray } from '../../../shared/helpers/validate';

export const ATTACHMENT_TYPES = ['image', 'audio', 'video', 'sticker', 'other'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** An attachment as `message.attachments` carries it. */
export interface Attachment {
	id: string;
	type: AttachmentType;
	filename: string;
	file: string;
}

/** MaiAgent's type for a MIME type: image/*, audio/*, video/* by name, anything else `other`. */
export function attachmentTypeOf(mimeType: string | undefined): AttachmentType {
	const family = (mimeType ?? '').split('/')[0].trim().toLowerCase();
	return family === 'image' || family === 'audio' || family === 'video' ? family : 'other';
}

/**
 * Attachment objects given as a JSON array, checked before any request: `id` (a UUID), `filename`
 * and `file` (the URL) are required; `type` defaults to `other`.
 */
export function parseAttachments(node: INode, value: unknown, itemIndex: number): Attachment[] {
	const field = 'Existing Attachments (JSON)';
	return parseJsonArray(node, value, field, itemIndex).map((item, index) => {
		const fail = (problem: string) =>
			new NodeOperationError(node, `${field}, item ${index + 1}: ${problem}`, {
				itemIndex,
				description:
					'Give attachment objects as MaiAgent returns them: {"id": "<uuid>", "type": "image", "filename": "photo.png", "file": "https://..."}',
			});
		const { id, type = 'other', filename, file } = item;
		if (typeof id !== 'string' || !isUuid(id))
			throw fail('"id" must be the attachment ID (a UUID)');
		if (!ATTACHMENT_TYPES.includes(type as AttachmentType)) {
			throw fail(`"type" must be one of ${ATTACHMENT_TYPES.join(', ')}`);
		}
		if (typeof filename !== 'string' || !filename) throw fail('"filename" is required');
		if (typeof file !== 'string' || !file) throw fail('"file" (the file URL) is required');
		return { id, type: type as AttachmentType, filename, file };
	});
}

export interface UploadOptions {
	/** `auto` infers the type from each file's MIME type. */
	type: AttachmentType | 'auto';
	/** Milliseconds, for each request. */
	timeout?: number;
}

/**
 * Uploads the files in the item's binary properties `names` and returns their attachments. Every
 * property is checked before the first upload; stored files are streamed, not read into memory.
 */
export async function uploadBinaryAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: string[],
	options: UploadOptions,
): Promise<Attachment[]> {
	const files: BinaryFile[] = [];
	for (const name of names) files.push(await binaryFile(ctx, itemIndex, name));
	const attachments: Attachment[] = [];
	for (const file of files) attachments.push(await uploadFile(ctx, itemIndex, file, options));
	return attachments;
}

/** The presigned upload of one file, then its registration as an attachment. */
async function uploadFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	file: BinaryFile,
	options: UploadOptions,
): Promise<Attachment> {
	const { filename, mimeType } = file;
	const { timeout } = options;
	const scope = readRequestScope(ctx, `Upload the attachment "${filename}"`, itemIndex);
	const key = await presignedUpload(ctx, { model: 'attachment', file, timeout }, scope);
	return await maiagentApi<Attachment>(
		ctx,
		{
			method: 'POST',
			url: 'attachments/',
			body: {
				file: key,
				filename,
				type: options.type === 'auto' ? attachmentTypeOf(mimeType) : options.type,
			} as IDataObject,
			timeout,
		},
		scope,
	);
}
