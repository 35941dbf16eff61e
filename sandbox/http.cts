/**
 * Request context, DRF-style errors and the small helpers every route uses: JSON replies, camelCase
 * input normalisation (snake_case is accepted like djangorestframework-camel-case does) and field
 * validation that produces `{"field": ["..."]}` maps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventEmitter } from 'node:events';
import type { Store } from './store.cts';
import type { Controls } from './controls.cts';
import * as random from './random.cts';

/** Everything the routes share: the model, the controls and where the server lives. */
export interface App {
	store: Store;
	controls: Controls;
	events: EventEmitter;
	apiKey: string;
	origin: string;
	/** Schedules background work (assistant replies) that `stop()` can cancel. */
	later(ms: number, work: () => void): void;
}

export interface Ctx {
	app: App;
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	/** Absolute URL of the request as received. */
	url: URL;
	/** Path after the API prefix ("conversations/…/"). */
	route: string;
	params: Record<string, string>;
	query: URLSearchParams;
	/** Parsed JSON with keys camelCased, the raw bytes for other content types, or undefined. */
	body: unknown;
	rawBody: Buffer;
}

export type Handler = (ctx: Ctx) => Promise<void> | void;

/** An error answered as `status` with a JSON body (`{"detail": …}` or a field map). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(
			typeof body === 'object' && body && 'detail' in body
				? String((body as { detail: unknown }).detail)
				: `HTTP ${status}`,
		);
	}
}

export const notFound = (): ApiError => new ApiError(404, { detail: 'Not found.' });

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': String(payload.length),
		Vary: 'Accept, Authorization',
		...headers,
	});
	res.end(payload);
}

export const json = (ctx: Ctx, status: number, body: unknown): void =>
	sendJson(ctx.res, status, body);

const snakeToCamel = (key: string): string =>
	key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Deep-converts object keys from snake_case to camelCase (camelCase keys pass unchanged). */
export function camelize(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(camelize);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [snakeToCamel(k), camelize(v)]),
		);
	}
	return value;
}

const camelToSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Deep-converts object keys from camelCase to snake_case (answers rendered the examples' way). */
export function snakeize(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(snakeize);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [camelToSnake(k), snakeize(v)]),
		);
	}
	return value;
}

/** A query parameter by its camelCase name, also accepting the snake_case spelling. */
export function queryParam(ctx: Ctx, name: string): string | undefined {
	return ctx.query.get(name) ?? ctx.query.get(camelToSnake(name)) ?? undefined;
}

/** A UUID filter parameter (`?inbox=`); malformed values are a 400 like django-filter's. */
export function uuidFilter(ctx: Ctx, name: string): string | undefined {
	const value = queryParam(ctx, name);
	if (value === undefined || value === '') return undefined;
	if (!random.isUuid(value)) throw new ApiError(400, { [name]: ['Enter a valid UUID.'] });
	return value.toLowerCase();
}

/** Collects DRF-style field errors and throws them as one 400. */
export class FieldErrors {
	private readonly errors: Record<string, unknown> = {};

	add(field: string, message: string | Record<string, unknown>): void {
		this.errors[field] = typeof message === 'string' ? [message] : message;
	}

	get empty(): boolean {
		return Object.keys(this.errors).length === 0;
	}

	/** The collected map, for nesting under a parent field (`{"message": {"content": [...]}}`). */
	get map(): Record<string, unknown> {
		return this.errors;
	}

	throwIfAny(): void {
		if (!this.empty) throw new ApiError(400, this.errors);
	}
}

export const REQUIRED = 'This field is required.';
export const invalidUuid = (value: unknown): string => `“${String(value)}” is not a valid UUID.`;
export const missingObject = (value: unknown): string =>
	`Invalid pk "${String(value)}" - object does not exist.`;

/** The JSON body as an object, or a 400 like DRF's "Expected a dictionary". */
export function bodyObject(ctx: Ctx): Record<string, unknown> {
	const body = ctx.body ?? {};
	if (Buffer.isBuffer(body))
		throw new ApiError(415, {
			detail: `Unsupported media type "${ctx.req.headers['content-type'] ?? ''}" in request.`,
		});
	if (typeof body !== 'object' || Array.isArray(body)) {
		throw new ApiError(400, {
			nonFieldErrors: [
				`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`,
			],
		});
	}
	return body as Record<string, unknown>;
}

/**
 * Validates a primary-key reference field (`conversation`, `webChat`, `sender`…): absent → required
 * error (when required), malformed → invalid UUID, unknown → "object does not exist".
 */
export function refField<T>(
	errors: FieldErrors,
	body: Record<string, unknown>,
	field: string,
	lookup: (id: string) => T | undefined,
	required = true,
): T | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		if (required) errors.add(field, value === undefined ? REQUIRED : 'This field may not be null.');
		return undefined;
	}
	if (!random.isUuid(value)) {
		errors.add(field, invalidUuid(value));
		return undefined;
	}
	const found = lookup(value.toLowerCase());
	if (found === undefined) errors.add(field, missingObject(value));
	return found;
}

export function stringField(
	errors: FieldErrors,
	body: Record<string, unknown>,
	field: string,
	required = true,
): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		if (required) errors.add(field, REQUIRED);
		return undefined;
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		errors.add(field, 'Not a valid string.');
		return undefined;
	}
	if (required && String(value).trim() === '') {
		errors.add(field, 'This field may not be blank.');
		return undefined;
	}
	return String(value);
}
