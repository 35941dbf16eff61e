/**
 * The HTTP server. Every request is recorded, then goes through the controls (latency, forced
 * failures), routing (mounts `/api/v1/`, `/api/` and the fake bucket `/storage/`), `Api-Key`
 * authentication and its handler. Errors become DRF-style JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Ctx } from './http.cts';
import type { Route } from './router.cts';
import type { FailOptions } from './controls.cts';
import nodeHttp from 'node:http';
import perf from 'node:perf_hooks';
import timers from 'node:timers/promises';
import { FAULT_DEFAULTS } from './controls.cts';
import * as http from './http.cts';
import * as router from './router.cts';
import * as attachments from './routes/attachments.cts';
import * as batchQas from './routes/batchQas.cts';
import * as chatbots from './routes/chatbots.cts';
import * as completions from './routes/completions.cts';
import * as contacts from './routes/contacts.cts';
import * as conversations from './routes/conversations.cts';
import * as inboxes from './routes/inboxes.cts';
import * as knowledgeBases from './routes/knowledgeBases.cts';
import * as messages from './routes/messages.cts';
import * as records from './routes/records.cts';
import * as uploads from './routes/uploads.cts';
import * as webChats from './routes/webChats.cts';
import { routes as handoverRoutes } from './routes/handover.cts';
import { routes as legacyFaqRoutes } from './routes/legacyFaqs.cts';
import { routes as webhookRoutes } from './routes/webhooks.cts';

export interface RecordedRequest {
	method: string;
	/** Full path as received, e.g. "/api/v1/conversations/". */
	path: string;
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	/** JSON as the client sent it (not camelCased), raw bytes for other bodies, undefined when empty. */
	body: unknown;
	/** performance.now() when the request was fully received. */
	at: number;
}

const API_ROUTES: Route[] = [
	...webhookRoutes,
	...chatbots.routes,
	...completions.routes,
	...records.routes,
	...webChats.routes,
	...batchQas.routes,
	...inboxes.routes,
	...conversations.routes,
	...handoverRoutes,
	...messages.routes,
	...attachments.routes,
	...contacts.routes,
	...uploads.routes,
	...knowledgeBases.routes,
	...legacyFaqRoutes,
];

/** Longest prefix first: "/api/v1/x" must not be read as route "v1/x" of "/api/". */
const MOUNTS: Array<{ prefix: string; routes: Route[] }> = [
	{ prefix: '/api/v1/', routes: API_ROUTES },
	{ prefix: '/api/', routes: API_ROUTES },
	{ prefix: '/storage/', routes: uploads.storageRoutes },
];

const DJANGO_NOT_FOUND =
	'<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

function sendDjangoNotFound(res: ServerResponse): void {
	res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
	res.end(DJANGO_NOT_FOUND);
}

const DEFAULT_FAULT_DETAIL: Record<number, string> = {
	400: 'Bad request.',
	401: 'Invalid API key.',
	403: 'You do not have permission to perform this action.',
	404: 'Not found.',
	429: 'Request was throttled.',
	500: 'A server error occurred.',
	502: 'Bad gateway.',
	503: 'Service temporarily unavailable, try again later.',
	504: 'Gateway timeout.',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

type JsonBody = { ok: true; value: unknown } | { ok: false; error: string } | undefined;

function readJson(req: IncomingMessage, raw: Buffer): JsonBody {
	if (raw.length === 0 || !/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
		return undefined;
	try {
		return { ok: true, value: JSON.parse(raw.toString('utf8')) };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

function authenticate(app: App, req: IncomingMessage): void {
	const header = req.headers.authorization;
	const fail = (detail: string) =>
		new http.ApiError(401, { detail }, { 'WWW-Authenticate': 'Api-Key' });
	if (!header) throw fail('Authentication credentials were not provided.');
	const [scheme, key, ...rest] = header.trim().split(/\s+/);
	if (scheme.toLowerCase() !== 'api-key' || !key || rest.length > 0)
		throw fail('Invalid API key format.');
	if (key !== app.apiKey) throw fail('Invalid API key.');
}

function sendFault(req: IncomingMessage, res: ServerResponse, fault: FailOptions): void {
	if (fault.reset) {
		req.socket.destroy();
		return;
	}
	const status = fault.status ?? FAULT_DEFAULTS.status;
	const retryAfter: Record<string, string> =
		fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
	if (fault.html !== undefined) {
		const page = Buffer.from(fault.html);
		res.writeHead(status, {
			'Content-Type': 'text/html',
			'Content-Length': String(page.length),
			...retryAfter,
		});
		res.end(page);
		return;
	}
	const detail = DEFAULT_FAULT_DETAIL[status] ?? `Error ${status}.`;
	const body =
		fault.body ??
		(status === 429 && fault.retryAfter !== undefined
			? { detail: `Request was throttled. Expected available in ${fault.retryAfter} seconds.` }
			: { detail });
	http.sendJson(res, status, body, retryAfter);
}

async function handle(
	app: App,
	recorded: RecordedRequest[],
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const arrival = app.controls.arrive();
	const url = new URL(req.url ?? '/', app.origin);
	const method = (req.method ?? 'GET').toUpperCase();
	const rawBody = await readBody(req);
	const json = readJson(req, rawBody);
	const entry: RecordedRequest = {
		method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		headers: req.headers,
		body: json?.ok ? json.value : rawBody.length > 0 ? rawBody : undefined,
		at: perf.performance.now(),
	};
	recorded.push(entry);
	app.events.emit('request', entry);

	const mount = MOUNTS.find((m) => url.pathname.startsWith(m.prefix));
	const route = mount ? url.pathname.slice(mount.prefix.length) : url.pathname.replace(/^\//, '');
	const latency = app.controls.latencyFor(route);
	if (latency > 0) await timers.setTimeout(latency);
	const fault = app.controls.takeFault(arrival, method, route);
	if (fault) return sendFault(req, res, fault);

	// Outside the API (a Base URL without /api/v1) Django's URL resolver answers, with its HTML page.
	if (!mount) return sendDjangoNotFound(res);
	const match = router.matchRoute(mount.routes, method, route, url.search);
	if (match.kind === 'none') throw http.notFound();
	if (match.kind === 'redirect') {
		res.writeHead(301, { Location: `${mount!.prefix}${match.location}` });
		res.end();
		return;
	}
	if (match.kind === 'method') {
		throw new http.ApiError(
			405,
			{ detail: `Method "${method}" not allowed.` },
			{ Allow: match.allowed.join(', ') },
		);
	}
	if (match.route.auth !== false) authenticate(app, req);
	if (json && !json.ok)
		throw new http.ApiError(400, { detail: `JSON parse error - ${json.error}` });
	const ctx: Ctx = {
		app,
		req,
		res,
		method,
		url,
		route,
		params: match.params,
		query: url.searchParams,
		body: json?.ok ? http.camelize(json.value) : rawBody.length > 0 ? rawBody : undefined,
		rawBody,
	};
	await match.route.handler(ctx);
}

export function createServer(app: App, recorded: RecordedRequest[]): nodeHttp.Server {
	return nodeHttp.createServer((req, res) => {
		handle(app, recorded, req, res).catch((error: unknown) => {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			if (error instanceof http.ApiError)
				return http.sendJson(res, error.status, error.body, error.headers);
			process.stderr.write(
				`[sandbox] ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`,
			);
			http.sendJson(res, 500, { detail: 'A server error occurred.' });
		});
	});
}
