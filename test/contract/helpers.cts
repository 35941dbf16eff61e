/**
 * Shared helpers for the contract tests: an undici client bound to a sandbox, `next`-link walking,
 * SSE parsing of raw bytes, multipart bodies built byte by byte, and waiting for the sandbox.
 */
import type { Sandbox } from '../../sandbox/index.cts';
import * as undici from 'undici';

export interface Reply<T = any> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	raw: Buffer;
	text: string;
	json: T;
}

export interface CallOptions {
	body?: unknown;
	headers?: Record<string, string>;
	/** false: no Authorization header; a string: that header value. Default: the sandbox's Api-Key. */
	auth?: boolean | string;
}

/** Calls `path` (relative to `/api/v1/` unless it starts with "/" or "http"). */
export async function call<T = any>(
	sb: Sandbox,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<Reply<T>> {
	const url = path.startsWith('http')
		? path
		: path.startsWith('/')
			? `${sb.origin}${path}`
			: `${sb.baseUrl}/${path}`;
	const headers: Record<string, string> = { ...options.headers };
	if (options.auth !== false)
		headers.authorization =
			typeof options.auth === 'string' ? options.auth : `Api-Key ${sb.apiKey}`;
	let body: string | Buffer | undefined;
	if (Buffer.isBuffer(options.body)) body = options.body;
	else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	const response = await undici.request(url, { method: method as any, headers, body });
	const raw = Buffer.from(await response.body.arrayBuffer());
	const text = raw.toString('utf8');
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, headers: response.headers, raw, text, json };
}

/** Follows `next` links from `path` and returns every page. */
export async function walk(
	sb: Sandbox,
	path: string,
): Promise<
	Array<{ next: string | null; previous: string | null; results: any[]; count?: number }>
> {
	const pages = [];
	let url: string | null = path;
	while (url) {
		const reply: Reply = await call(sb, 'GET', url);
		expect(reply.status).toBe(200);
		pages.push(reply.json);
		url = reply.json.next;
		if (url) expect(url.startsWith(`${sb.origin}/`)).toBe(true);
	}
	return pages;
}

export interface SseEvent {
	/** The joined data lines (SSE: multiple `data:` lines are joined with "\n"). */
	data: string;
	comment: boolean;
}

/** Parses an SSE byte stream per the spec: CRLF/LF lines, blank line ends an event, ":" comments. */
export function parseSse(raw: Buffer): SseEvent[] {
	const events: SseEvent[] = [];
	let data: string[] = [];
	for (const line of raw.toString('utf8').split(/\r\n|\n/)) {
		if (line === '') {
			if (data.length > 0) events.push({ data: data.join('\n'), comment: false });
			data = [];
		} else if (line.startsWith(':')) events.push({ data: line.slice(1).trim(), comment: true });
		else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
	}
	return events;
}

/** The JSON events of a stream (comments, `[DONE]` and malformed lines skipped). */
export function jsonEvents(raw: Buffer): any[] {
	return parseSse(raw).flatMap((e) => {
		if (e.comment) return [];
		try {
			return [JSON.parse(e.data)];
		} catch {
			return [];
		}
	});
}

export type FormPart = [
	name: string,
	value: string | { filename: string; data: Buffer; type?: string },
];

/** multipart/form-data with parts in exactly this order. */
export function multipart(parts: FormPart[]): { body: Buffer; contentType: string } {
	const boundary = '----sandboxBoundary7MA4YWxkTrZu0gW';
	const chunks: Buffer[] = [];
	for (const [name, value] of parts) {
		const head =
			typeof value === 'string'
				? `Content-Disposition: form-data; name="${name}"\r\n\r\n`
				: `Content-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'application/octet-stream'}\r\n\r\n`;
		chunks.push(
			Buffer.from(`--${boundary}\r\n${head}`),
			typeof value === 'string' ? Buffer.from(value) : value.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Polls `check` until it returns a truthy value: a hang guard (a minute at least), not a deadline. */
export async function eventually<T>(check: () => T | Promise<T>): Promise<T> {
	for (let i = 0; i < 6000; i++) {
		const value = await check();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('condition not met');
}
