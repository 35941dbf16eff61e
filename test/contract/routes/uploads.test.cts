import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

const BYTES = Buffer.from('%PDF-1.4 sandbox 測試檔案');

async function presign(filename = 'report.pdf', fileSize = BYTES.length) {
	const reply = await helpers.call(ctx.sandbox, 'POST', 'upload-presigned-url/', {
		body: { filename, modelName: 'attachment', fieldName: 'file', fileSize },
	});
	expect(reply.status).toBe(200);
	return reply.json as { url: string; fields: Record<string, string> };
}

/** POSTs a form to the presigned URL like S3 clients do (no Authorization header). */
function post(url: string, parts: helpers.FormPart[]) {
	const { body, contentType } = helpers.multipart(parts);
	return helpers.call(ctx.sandbox, 'POST', url, {
		body,
		headers: { 'content-type': contentType },
		auth: false,
	});
}

const formFields = (fields: Record<string, string>): helpers.FormPart[] => Object.entries(fields);
const file = (data = BYTES): helpers.FormPart => [
	'file',
	{ filename: 'report.pdf', data, type: 'application/pdf' },
];

describe('upload-presigned-url/', () => {
	it('returns a local form-upload URL and the S3 POST policy fields', async () => {
		const { url, fields } = await presign();
		expect(url.startsWith(`${ctx.sandbox.origin}/`)).toBe(true);
		expect(Object.keys(fields).sort()).toEqual([
			'key',
			'policy',
			'x-amz-algorithm',
			'x-amz-credential',
			'x-amz-date',
			'x-amz-signature',
		]);
		expect(fields.key).toMatch(/^media\/attachment\/file\/[0-9a-f-]{36}\/report\.pdf$/);
		expect(fields['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
		const policy = JSON.parse(Buffer.from(fields.policy, 'base64').toString());
		expect(policy.conditions).toContainEqual(['content-length-range', BYTES.length, BYTES.length]);
		expect(policy.conditions).toContainEqual(['eq', '$key', fields.key]);
	});

	it('validates the body and accepts snake_case', async () => {
		const missing = await helpers.call(ctx.sandbox, 'POST', 'upload-presigned-url/', { body: {} });
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.json).sort()).toEqual([
			'fieldName',
			'fileSize',
			'filename',
			'modelName',
		]);
		const snake = await helpers.call(ctx.sandbox, 'POST', '/api/upload-presigned-url/', {
			body: { filename: 'a.png', model_name: 'attachment', field_name: 'file', file_size: 3 },
		});
		expect(snake.status).toBe(200);
		expect(
			(await helpers.call(ctx.sandbox, 'POST', 'upload-presigned-url/', { body: {}, auth: false }))
				.status,
		).toBe(401);
	});
});

describe('presigned POST (fake S3)', () => {
	it('takes bare part names (name=key, as .NET writes them) like quoted ones', async () => {
		const { url, fields } = await presign();
		const boundary = 'dotnet-boundary-1';
		const part = (head: string, data: Buffer | string) => [
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${head}\r\n\r\n`),
			Buffer.from(data),
			Buffer.from('\r\n'),
		];
		const body = Buffer.concat([
			...Object.entries(fields).flatMap(([name, value]) => part(`name=${name}`, value)),
			...part(`name=file; filename=report.pdf; filename*=utf-8''report.pdf`, BYTES),
			Buffer.from(`--${boundary}--\r\n`),
		]);
		const reply = await helpers.call(ctx.sandbox, 'POST', url, {
			body,
			headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
			auth: false,
		});
		expect(reply.status).toBe(204);
		expect(ctx.sandbox.store.upload(fields.key)?.bytes.equals(BYTES)).toBe(true);
	});

	it('refuses any request with an Authorization header (400, S3 XML) without echoing it', async () => {
		const { url, fields } = await presign();
		const { body, contentType } = helpers.multipart([...formFields(fields), file()]);
		const reply = await helpers.call(ctx.sandbox, 'POST', url, {
			body,
			headers: { 'content-type': contentType },
		});
		expect(reply.status).toBe(400);
		expect(reply.headers['content-type']).toBe('application/xml');
		expect(reply.text).toMatch(/^<\?xml .*<Error><Code>InvalidArgument<\/Code>/s);
		expect(reply.text).not.toContain(ctx.sandbox.apiKey);
		expect(ctx.sandbox.store.upload(fields.key)).toBeUndefined();
	});

	it('rejects a form whose file is not the last part', async () => {
		const { url, fields } = await presign();
		const entries = formFields(fields);
		const reply = await post(url, [...entries.slice(0, 3), file(), ...entries.slice(3)]);
		expect(reply.status).toBe(400);
		expect(reply.headers['content-type']).toBe('application/xml');
		expect(reply.text).toMatch(/<Code>InvalidArgument<\/Code>.*must be the last field/s);
		expect(ctx.sandbox.store.upload(fields.key)).toBeUndefined();
	});

	it.each(['policy', 'x-amz-signature', 'key', 'x-amz-date'])(
		'rejects a form without %s',
		async (name) => {
			const { url, fields } = await presign();
			const reply = await post(url, [...formFields(fields).filter(([n]) => n !== name), file()]);
			expect(reply.status).toBe(400);
			expect(reply.text).toContain(`Bucket POST must contain a field named '${name}'`);
		},
	);

	it('rejects a changed field, a forged policy and extra fields with 403', async () => {
		const { url, fields } = await presign();
		const changed = await post(url, [
			...formFields({ ...fields, 'x-amz-date': '20200101T000000Z' }),
			file(),
		]);
		expect(changed.status).toBe(403);
		expect(changed.text).toContain('<Code>AccessDenied</Code>');
		const forged = await post(url, [
			...formFields({ ...fields, policy: Buffer.from('{}').toString('base64') }),
			file(),
		]);
		expect(forged.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		const extra = await post(url, [
			...formFields(fields),
			['Content-Type', 'application/pdf'],
			file(),
		]);
		expect(extra.status).toBe(403);
		expect(extra.text).toContain('Extra input fields: content-type');
	});

	it('rejects a size other than fileSize', async () => {
		const { url, fields } = await presign();
		expect(
			(await post(url, [...formFields(fields), file(Buffer.concat([BYTES, BYTES]))])).text,
		).toContain('EntityTooLarge');
		expect((await post(url, [...formFields(fields), file(BYTES.subarray(1))])).text).toContain(
			'EntityTooSmall',
		);
	});

	it('rejects a body that is not multipart', async () => {
		const { url } = await presign();
		const reply = await helpers.call(ctx.sandbox, 'POST', url, {
			body: { file: 'x' },
			auth: false,
		});
		expect(reply.status).toBe(400);
		expect(reply.text).toContain('MalformedPOSTRequest');
	});
});

describe('attachment registration', () => {
	async function uploaded(filename = 'report.pdf') {
		const { url, fields } = await presign(filename);
		expect((await post(url, [...formFields(fields), file()])).status).toBe(204);
		return fields.key;
	}

	it('registers on a conversation', async () => {
		const key = await uploaded('photo.png');
		const conversation = ctx.sandbox.store.conversations[0];
		const reply = await helpers.call(
			ctx.sandbox,
			'POST',
			`conversations/${conversation.id}/attachments/`,
			{ body: { file: key, filename: 'photo.png', type: 'image' } },
		);
		expect(reply.status).toBe(201);
		expect(ctx.sandbox.store.attachment(reply.json.id)).toMatchObject({
			conversationId: conversation.id,
			type: 'image',
			key,
		});
		expect(
			(
				await helpers.call(
					ctx.sandbox,
					'POST',
					`conversations/${ctx.sandbox.store.chatbots[0].id}/attachments/`,
					{ body: { file: key } },
				)
			).status,
		).toBe(404);
	});

	it('rejects an unknown key and a bad type with 400', async () => {
		const reply = await helpers.call(ctx.sandbox, 'POST', 'attachments/', {
			body: { file: 'media/nope.pdf', filename: 'nope.pdf', type: 'pdf' },
		});
		expect(reply.status).toBe(400);
		expect(Object.keys(reply.json).sort()).toEqual(['file', 'type']);
	});
});
