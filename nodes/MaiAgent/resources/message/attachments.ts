/**
 * Message attachments: files from n8n binary properties, uploaded the way MaiAgent documents it
 * (presigned URL → multipart POST to storage with `file` last → registration), and attachment
 * objects that already exist (the output of an earlier upload, or of a message read back).
 * The storage POST is `postToStorage` of the transport.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maiagentApi } from '../../../shared/transport/request';
import { readRequestScope } from '../../../shared/transport/retry';
import type { PresignedPost } from '../../../shared/transport/storage';
import { postToStorage } from '../../../shared/transport/storage';
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

/** Uploads the files in the item's binary properties `names` and returns their attachments. */
export async function uploadBinaryAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: string[],
	options: UploadOptions,
): Promise<Attachment[]> {
	const attachments: Attachment[] = [];
	for (const name of names) {
		const binary = ctx.helpers.assertBinaryData(itemIndex, name);
		const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
		attachments.push(await uploadFile(ctx, { itemIndex, property: name, binary, data }, options));
	}
	return attachments;
}

/** One file of an item: the binary property it is in, its metadata and its bytes. */
interface ItemFile {
	itemIndex: number;
	property: string;
	binary: IBinaryData;
	data: Buffer;
}

async function uploadFile(
	ctx: IExecuteFunctions,
	file: ItemFile,
	options: UploadOptions,
): Promise<Attachment> {
	const { itemIndex, property, binary, data } = file;
	const filename =
		binary.fileName ?? (binary.fileExtension ? `${property}.${binary.fileExtension}` : property);
	const scope = readRequestScope(ctx, `Upload the attachment "${filename}"`, itemIndex);
	const presigned = await maiagentApi<PresignedPost>(
		ctx,
		{
			method: 'POST',
			url: 'upload-presigned-url/',
			body: { filename, modelName: 'attachment', fieldName: 'file', fileSize: data.length },
			timeout: options.timeout,
		},
		scope,
	);
	if (
		typeof presigned?.url !== 'string' ||
		!presigned.fields ||
		typeof presigned.fields.key !== 'string'
	) {
		throw new NodeApiError(ctx.getNode(), (presigned ?? {}) as unknown as JsonObject, {
			message: `${scope.operation} failed: MaiAgent's presigned upload answer has no url and key`,
			itemIndex,
		});
	}
	await postToStorage(ctx, {
		presigned,
		file: { filename, mimeType: binary.mimeType, data },
		operation: scope.operation,
		itemIndex,
		timeout: options.timeout,
	});
	return await maiagentApi<Attachment>(
		ctx,
		{
			method: 'POST',
			url: 'attachments/',
			body: {
				file: presigned.fields.key,
				filename,
				type: options.type === 'auto' ? attachmentTypeOf(binary.mimeType) : options.type,
			} as IDataObject,
			timeout: options.timeout,
		},
		scope,
	);
}
