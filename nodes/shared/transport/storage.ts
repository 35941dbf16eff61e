/**
 * The one request that does not go to MaiAgent: the multipart POST of an attachment to the storage
 * MaiAgent's presign answer names (S3, or MinIO on premises). It is sent with
 * `this.helpers.httpRequest`, without credentials: the signed policy in the form is its
 * authorisation, and `httpRequestWithAuthentication` would send the MaiAgent API key to that
 * third-party host.
 */
import { randomBytes } from 'node:crypto';
import type { IExecuteFunctions, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** A quoted multipart parameter value, escaped as browsers do (RFC 7578 §4.2 / HTML form-data). */
function quoted(value: string): string {
	return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

export interface MultipartFile {
	filename: string;
	mimeType: string;
	/** The bytes, or a stream of them (a file of n8n's filesystem binary mode) with its `size`. */
	data: Buffer | AsyncIterable<Uint8Array>;
	/** Bytes in `data`; required for a stream (storage needs the Content-Length up front). */
	size?: number;
}

/**
 * A streamed body in the shape of a Blob (size, type, parts in order). Community nodes cannot import
 * node:stream, and axios, under n8n's HTTP helpers, sends a Blob by streaming its parts with its
 * size as Content-Length: the file is never held whole in memory.
 */
export interface StreamedBody {
	readonly [Symbol.toStringTag]: 'Blob';
	readonly size: number;
	readonly type: string;
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
}

export interface MultipartBody {
	body: Buffer | StreamedBody;
	contentType: string;
	length: number;
}

/**
 * A multipart/form-data body: every field in order, then the file as the last part (S3 ignores
 * fields after the file). A streamed file stays a stream: the body is never held whole in memory.
 */
export function multipartBody(
	fields: Record<string, string>,
	file: MultipartFile,
	boundary = `----n8nMaiAgent${randomBytes(16).toString('hex')}`,
): MultipartBody {
	const head = (disposition: string, extra = '') =>
		`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${extra}\r\n`;
	const parts = Object.entries(fields).map(
		([name, value]) => `${head(`name=${quoted(name)}`)}${value}\r\n`,
	);
	const fileHead = head(
		`name="file"; filename=${quoted(file.filename)}`,
		`Content-Type: ${file.mimeType}\r\n`,
	);
	const before = Buffer.from(parts.join('') + fileHead, 'utf8');
	const after = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
	const contentType = `multipart/form-data; boundary=${boundary}`;
	const { data } = file;
	if (Buffer.isBuffer(data)) {
		return {
			body: Buffer.concat([before, data, after]),
			contentType,
			length: before.length + data.length + after.length,
		};
	}
	const length = before.length + (file.size ?? 0) + after.length;
	const body: StreamedBody = {
		[Symbol.toStringTag]: 'Blob',
		size: length,
		type: contentType,
		async *[Symbol.asyncIterator]() {
			yield before;
			yield* data;
			yield after;
		},
	};
	return { body, contentType, length };
}

export interface PresignedPost {
	url: string;
	fields: Record<string, string>;
}

export interface StorageUpload {
	presigned: PresignedPost;
	file: MultipartFile;
	/** What errors name, e.g. `Upload the attachment "a.pdf"`. */
	operation: string;
	itemIndex: number;
	/** Milliseconds. */
	timeout?: number;
}

/** The multipart POST to the storage the presign answer named; no MaiAgent credentials go there. */
export async function postToStorage(ctx: IExecuteFunctions, upload: StorageUpload): Promise<void> {
	const { presigned, file, operation, itemIndex, timeout } = upload;
	const { body, contentType, length } = multipartBody(presigned.fields, file);
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequest({
			method: 'POST',
			url: presigned.url,
			body,
			headers: { 'Content-Type': contentType, 'Content-Length': length },
			// Storage answers 204 and never redirects; following redirects would make axios's
			// follow-redirects keep a copy of the whole body to send it again.
			disableFollowRedirect: true,
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
