/**
 * Attachment registration after a presigned upload: `POST attachments/` and
 * `POST conversations/{id}/attachments/` with `{file: <storage key>, filename, type}` → 201
 * `{id, type, filename, file (url)}`; a key that never reached storage is a 400. The same routes take
 * the one-step form of the examples' `upload_attachment.py`: a multipart body whose `file` part holds
 * the bytes (optional `type` and `filename` parts). Also validates the `attachments` arrays that
 * messages and completions carry.
 */
import type { Ctx } from '../http.cts';
import type { AttachmentType, MessageAttachment } from '../store.cts';
import type { Route } from '../router.cts';
import * as conversations from './conversations.cts';
import * as http from '../http.cts';
import * as multipart from '../multipart.cts';
import * as random from '../random.cts';
import * as storeModule from '../store.cts';
import * as views from '../views.cts';

const isType = (value: unknown): value is AttachmentType =>
	storeModule.ATTACHMENT_TYPES.includes(value as AttachmentType);
const invalidChoice = (value: unknown): string => `"${String(value)}" is not a valid choice.`;

/** Validates a message's `attachments` (items `{id, type, filename, file}`, all required). */
export function attachmentList(errors: http.FieldErrors, value: unknown): MessageAttachment[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) {
		errors.add('attachments', `Expected a list of items but got type "${typeof value}".`);
		return [];
	}
	const itemErrors = value.map((item: Record<string, unknown>) => {
		const problems: Record<string, string[]> = {};
		if (!item || typeof item !== 'object')
			return { nonFieldErrors: ['Invalid data. Expected a dictionary.'] };
		for (const field of ['id', 'type', 'filename', 'file']) {
			if (item[field] === undefined || item[field] === null || item[field] === '')
				problems[field] = [http.REQUIRED];
		}
		if (!problems.id && !random.isUuid(item.id)) problems.id = [http.invalidUuid(item.id)];
		if (!problems.type && !isType(item.type)) problems.type = [invalidChoice(item.type)];
		return problems;
	});
	if (itemErrors.some((e) => Object.keys(e).length > 0)) {
		errors.add('attachments', itemErrors as unknown as Record<string, unknown>);
		return [];
	}
	return value.map((item: Record<string, unknown>) => ({
		id: String(item.id),
		type: item.type as AttachmentType,
		filename: String(item.filename),
		file: String(item.file),
	}));
}

/** The one-step upload: the bytes go to storage under a new key, then register as usual. */
function uploadOneStep(ctx: Ctx, boundary: string, conversationId: string | null): void {
	const { store } = ctx.app;
	let parts: multipart.Part[];
	try {
		parts = multipart.parseMultipart(ctx.rawBody, boundary);
	} catch (error) {
		throw new http.ApiError(400, {
			detail: `Multipart form parse error - ${(error as Error).message}`,
		});
	}
	const part = (name: string) => parts.find((p) => p.name === name);
	const errors = new http.FieldErrors();
	const file = part('file');
	if (!file || file.filename === undefined)
		errors.add('file', 'No file was submitted. Check the encoding type on the form.');
	const type = part('type')?.data.toString('utf8') || 'other';
	if (!isType(type)) errors.add('type', invalidChoice(type));
	errors.throwIfAny();
	const filename = part('filename')?.data.toString('utf8') || file!.filename || 'file';
	const upload = store.addUpload({
		key: `media/attachment/file/${store.id()}/${filename}`,
		filename,
		contentType: file!.contentType ?? 'application/octet-stream',
		bytes: Buffer.from(file!.data),
		uploadedAt: store.now(),
	});
	const attachment = store.addAttachment({
		type: type as AttachmentType,
		filename,
		key: upload.key,
		conversationId,
	});
	http.json(ctx, 201, views.attachment(ctx.app, attachment));
}

function register(ctx: Ctx, conversationId: string | null): void {
	const { app } = ctx;
	const boundary = multipart.boundaryOf(ctx.req.headers['content-type']);
	if (boundary) return uploadOneStep(ctx, boundary, conversationId);
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const rawKey = http.stringField(errors, body, 'file');
	const key = rawKey?.startsWith(views.storageUrl(app))
		? decodeURIComponent(rawKey.slice(views.storageUrl(app).length))
		: rawKey;
	const upload = key === undefined ? undefined : app.store.upload(key);
	if (key !== undefined && !upload)
		errors.add(
			'file',
			`No uploaded file with key "${key}". Upload it with the presigned URL first.`,
		);
	const type = body.type ?? 'other';
	if (!isType(type)) errors.add('type', invalidChoice(type));
	const filename = http.stringField(errors, body, 'filename', false);
	errors.throwIfAny();
	const attachment = app.store.addAttachment({
		type: type as AttachmentType,
		filename: filename || upload!.filename,
		key: upload!.key,
		conversationId,
	});
	http.json(ctx, 201, views.attachment(app, attachment));
}

export const routes: Route[] = [
	{ method: 'POST', pattern: 'attachments/', handler: (ctx) => register(ctx, null) },
	{
		method: 'POST',
		pattern: 'conversations/:conversationId/attachments/',
		handler: (ctx) => register(ctx, conversations.conversationParam(ctx).id),
	},
];
