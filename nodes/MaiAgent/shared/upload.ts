/**
 * Message attachments: files from n8n binary properties, uploaded the way MaiAgent documents it
 * (presigned URL → multipart POST to storage with `file` last → registration), and attachment
 * objects that already exist (the output of an earlier upload, or of a message read back).
 *
 * The storage POST goes to the host MaiAgent's presign answer names (S3, or MinIO on premises)
 * with `this.helpers.httpRequest`, without credentials: the signed policy in the form is its
 * authorisation, and `httpRequestWithAuthentication` would send the MaiAgent API key to that
 * third-party host. Everything else goes through the MaiAgent transport.
 */
import { randomBytes } from 'node:crypto';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maiagentApi, readRetryPolicy } from './transport';
import { isUuid, parseJsonArray } from './validate';

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

/** "data, image" → ["data", "image"] (blanks and repeats dropped). */
export function splitPropertyNames(value: string): string[] {
	return [
		...new Set(
			value
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean),
		),
	];
}

/** A quoted multipart parameter value, escaped as browsers do (RFC 7578 §4.2 / HTML form-data). */
function quoted(value: string): string {
	return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

export interface MultipartFile {
	filename: string;
	mimeType: string;
	data: Buffer;
}

/**
 * A multipart/form-data body: every field in order, then the file as the last part (S3 ignores
 * fields after the file). Returns the body and its Content-Type with the boundary.
 */
export function multipartBody(
	fields: Record<string, string>,
	file: MultipartFile,
	boundary = `----n8nMaiAgent${randomBytes(16).toString('hex')}`,
): { body: Buffer; contentType: string } {
	const head = (disposition: string, extra = '') =>
		`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${extra}\r\n`;
	const parts = Object.entries(fields).map(
		([name, value]) => `${head(`name=${quoted(name)}`)}${value}\r\n`,
	);
	const fileHead = head(
		`name="file"; filename=${quoted(file.filename)}`,
		`Content-Type: ${file.mimeType}\r\n`,
	);
	return {
		body: Buffer.concat([
			Buffer.from(parts.join('') + fileHead, 'utf8'),
			file.data,
			Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
		]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
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

interface PresignedPost {
	url: string;
	fields: Record<string, string>;
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
		attachments.push(await uploadFile(ctx, itemIndex, name, binary, data, options));
	}
	return attachments;
}

async function uploadFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	binary: IBinaryData,
	data: Buffer,
	options: UploadOptions,
): Promise<Attachment> {
	const filename =
		binary.fileName ?? (binary.fileExtension ? `${property}.${binary.fileExtension}` : property);
	const policy = readRetryPolicy(ctx, `Upload the attachment "${filename}"`, itemIndex);
	const presigned = await maiagentApi<PresignedPost>(
		ctx,
		{
			method: 'POST',
			url: 'upload-presigned-url/',
			body: { filename, modelName: 'attachment', fieldName: 'file', fileSize: data.length },
			timeout: options.timeout,
		},
		policy,
	);
	if (
		typeof presigned?.url !== 'string' ||
		!presigned.fields ||
		typeof presigned.fields.key !== 'string'
	) {
		throw new NodeApiError(ctx.getNode(), (presigned ?? {}) as unknown as JsonObject, {
			message: `${policy.operation} failed: MaiAgent's presigned upload answer has no url and key`,
			itemIndex,
		});
	}
	await postToStorage(
		ctx,
		presigned,
		{ filename, mimeType: binary.mimeType, data },
		policy.operation,
		itemIndex,
		options.timeout,
	);
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
		policy,
	);
}

/** The multipart POST to the storage the presign answer named; no MaiAgent credentials go there. */
async function postToStorage(
	ctx: IExecuteFunctions,
	presigned: PresignedPost,
	file: MultipartFile,
	operation: string,
	itemIndex: number,
	timeout: number | undefined,
): Promise<void> {
	const { body, contentType } = multipartBody(presigned.fields, file);
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequest({
			method: 'POST',
			url: presigned.url,
			body,
			headers: { 'Content-Type': contentType },
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const reason = (error as { code?: string }).code ?? (error as Error).message;
		// n8n rewrites messages that contain a network error code, so the code goes in the description.
		throw new NodeApiError(ctx.getNode(), { networkError: reason } as JsonObject, {
			message: `${operation} failed: could not reach the file storage`,
			description: `${reason}. MaiAgent named ${new URL(presigned.url).origin} for the upload; check that n8n can reach it.`,
			itemIndex,
		});
	}
	const { statusCode } = response;
	if (statusCode >= 200 && statusCode < 300) return;
	const text = String(response.body ?? '');
	const reason = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	throw new NodeApiError(ctx.getNode(), { status: statusCode, body: text } as JsonObject, {
		message: `${operation} failed: the file storage answered ${statusCode}${reason ? ` - ${reason}` : ''}`,
		description: 'MaiAgent accepted the upload request, but its file storage refused the file',
		httpCode: String(statusCode),
		itemIndex,
	});
}
