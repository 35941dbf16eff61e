/**
 * Presigned uploads, S3 style. `POST upload-presigned-url/ {filename, modelName, fieldName, fileSize}`
 * → `{url, fields}` where `url` is this server's fake bucket and `fields` carry a signed POST policy.
 * The bucket (`/storage/<bucket>/`, no auth, like S3) accepts a multipart POST that contains every
 * field unchanged (part names quoted or bare), no extra fields, and `file` as the last part whose size
 * equals `fileSize`: 204 and the bytes are stored; anything else, and any request with an
 * `Authorization` header, gets an S3 XML error. `GET /storage/<bucket>/<key>` serves bytes.
 */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import crypto from 'node:crypto';
import * as http from '../http.cts';
import * as multipart from '../multipart.cts';
import * as views from '../views.cts';

const SECRET = 'maiagent-sandbox-signing-secret';
const ACCESS_KEY = 'SANDBOXACCESSKEY0000';
const REGION = 'ap-northeast-1';
const POLICY_TTL_MS = 3_600_000;
const SIGNED_FIELDS = [
	'key',
	'x-amz-algorithm',
	'x-amz-credential',
	'x-amz-date',
	'policy',
	'x-amz-signature',
];

type Condition = Record<string, string> | [string, string | number, string | number];

const sign = (policy: string): string =>
	crypto.createHmac('sha256', SECRET).update(policy).digest('hex');

class S3Error extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

function sendS3Error(ctx: Ctx, error: S3Error): void {
	const escape = (s: string) =>
		s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escape(error.message)}</Message><RequestId>SANDBOX</RequestId></Error>`;
	ctx.res.writeHead(error.status, { 'Content-Type': 'application/xml' });
	ctx.res.end(xml);
}

function presign(ctx: Ctx): void {
	const { app } = ctx;
	// REF-att renders filename/modelName/fieldName as query parameters: accept them there too.
	const camel = http.camelize({
		...Object.fromEntries(ctx.query),
		...http.bodyObject(ctx),
	}) as Record<string, unknown>;
	const errors = new http.FieldErrors();
	const filename = http.stringField(errors, camel, 'filename');
	const modelName = http.stringField(errors, camel, 'modelName');
	const fieldName = http.stringField(errors, camel, 'fieldName');
	const fileSize = Number(camel.fileSize);
	if (camel.fileSize === undefined) errors.add('fileSize', http.REQUIRED);
	else if (!Number.isInteger(fileSize) || fileSize < 0)
		errors.add('fileSize', 'A valid integer is required.');
	errors.throwIfAny();
	const now = new Date();
	const amzDate = now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
	const fields = {
		key: `media/${modelName}/${fieldName}/${app.store.id()}/${filename}`,
		'x-amz-algorithm': 'AWS4-HMAC-SHA256',
		'x-amz-credential': `${ACCESS_KEY}/${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`,
		'x-amz-date': amzDate,
	};
	const conditions: Condition[] = [
		{ bucket: views.BUCKET },
		['eq', '$key', fields.key],
		{ 'x-amz-algorithm': fields['x-amz-algorithm'] },
		{ 'x-amz-credential': fields['x-amz-credential'] },
		{ 'x-amz-date': fields['x-amz-date'] },
		['content-length-range', fileSize, fileSize],
	];
	const expiration = new Date(now.getTime() + POLICY_TTL_MS).toISOString();
	const policy = Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
	app.store.presigned.set(fields.key, {
		key: fields.key,
		filename: filename!,
		modelName: modelName!,
		fieldName: fieldName!,
		fileSize,
		expiresAt: Date.parse(expiration),
	});
	http.json(ctx, 200, {
		url: views.storageUrl(app),
		fields: { ...fields, policy, 'x-amz-signature': sign(policy) },
	});
}

/** Checks an S3 POST against its policy; returns the form fields and the file part. */
function checkPost(ctx: Ctx): { fields: Map<string, string>; file: multipart.Part } {
	// S3 refuses a POST-policy upload that also carries an Authorization header, so a client that
	// leaks its MaiAgent API key to storage fails here as it would in production. The header's value
	// is not echoed back.
	if (ctx.req.headers.authorization !== undefined)
		throw new S3Error(400, 'InvalidArgument', 'Unsupported Authorization Type');
	const boundary = multipart.boundaryOf(ctx.req.headers['content-type']);
	const malformed = new S3Error(
		400,
		'MalformedPOSTRequest',
		'The body of your POST request is not well-formed multipart/form-data.',
	);
	if (!boundary) throw malformed;
	let parts: multipart.Part[];
	try {
		parts = multipart.parseMultipart(ctx.rawBody, boundary);
	} catch {
		throw malformed;
	}
	const fileIndex = parts.findIndex((p) => p.name.toLowerCase() === 'file');
	if (fileIndex === -1)
		throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
	if (fileIndex !== parts.length - 1) {
		throw new S3Error(
			400,
			'InvalidArgument',
			`Form field "${parts[fileIndex + 1].name}" comes after the file; "file" must be the last field (S3 ignores fields after it).`,
		);
	}
	const fields = new Map(
		parts.slice(0, fileIndex).map((p) => [p.name.toLowerCase(), p.data.toString('utf8')]),
	);
	const missing = SIGNED_FIELDS.find((name) => !fields.has(name));
	if (missing)
		throw new S3Error(
			400,
			'InvalidArgument',
			`Bucket POST must contain a field named '${missing}'.  If it is specified, please check the order of the fields.`,
		);
	const policy = fields.get('policy')!;
	if (fields.get('x-amz-signature') !== sign(policy)) {
		throw new S3Error(
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
		);
	}
	const { expiration, conditions } = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as {
		expiration: string;
		conditions: Condition[];
	};
	const denied = (why: string) =>
		new S3Error(403, 'AccessDenied', `Invalid according to Policy: ${why}`);
	if (Date.parse(expiration) < Date.now()) throw denied('Policy expired.');
	const size = parts[fileIndex].data.length;
	const covered = new Set(['policy', 'x-amz-signature']);
	for (const condition of conditions) {
		if (Array.isArray(condition) && condition[0] === 'content-length-range') {
			if (size < Number(condition[1]))
				throw new S3Error(
					400,
					'EntityTooSmall',
					'Your proposed upload is smaller than the minimum allowed size',
				);
			if (size > Number(condition[2]))
				throw new S3Error(
					400,
					'EntityTooLarge',
					'Your proposed upload exceeds the maximum allowed size',
				);
			continue;
		}
		const [name, value] = Array.isArray(condition)
			? [String(condition[1]).replace(/^\$/, ''), String(condition[2])]
			: Object.entries(condition)[0];
		if (name === 'bucket') continue;
		covered.add(name);
		if (fields.get(name) !== value)
			throw denied(`Policy Condition failed: ["eq", "$${name}", "${value}"]`);
	}
	const extra = [...fields.keys()].filter(
		(name) => !covered.has(name) && !name.startsWith('x-ignore-'),
	);
	if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`);
	return { fields, file: parts[fileIndex] };
}

function receive(ctx: Ctx): void {
	try {
		const { fields, file } = checkPost(ctx);
		const key = fields.get('key')!;
		const presigned = ctx.app.store.presigned.get(key);
		ctx.app.store.addUpload({
			key,
			filename: presigned?.filename ?? file.filename ?? key.split('/').pop()!,
			contentType: file.contentType ?? 'application/octet-stream',
			bytes: Buffer.from(file.data),
			uploadedAt: ctx.app.store.now(),
		});
		const etag = crypto.createHash('md5').update(file.data).digest('hex');
		ctx.res.writeHead(204, { ETag: `"${etag}"`, Location: views.storageUrl(ctx.app, key) });
		ctx.res.end();
	} catch (error) {
		if (!(error instanceof S3Error)) throw error;
		sendS3Error(ctx, error);
	}
}

function download(ctx: Ctx): void {
	const upload = ctx.app.store.upload(ctx.params.key);
	if (!upload)
		return sendS3Error(ctx, new S3Error(404, 'NoSuchKey', 'The specified key does not exist.'));
	ctx.res.writeHead(200, {
		'Content-Type': upload.contentType,
		'Content-Length': String(upload.bytes.length),
	});
	ctx.res.end(upload.bytes);
}

export const routes: Route[] = [
	{ method: 'POST', pattern: 'upload-presigned-url/', handler: presign },
];

/** Mounted at `/storage/`, without authentication (S3 checks the policy signature instead). */
export const storageRoutes: Route[] = [
	{ method: 'POST', pattern: `${views.BUCKET}/`, handler: receive, auth: false },
	{ method: 'GET', pattern: `${views.BUCKET}/*key`, handler: download, auth: false },
];
