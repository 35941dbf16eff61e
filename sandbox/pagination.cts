/**
 * DRF's two pagination styles. Page number: `page`, `pageSize` → `{count, next, previous, results}`.
 * Cursor: opaque `cursor`, `pageSize` → `{next, previous, results}`; the cursor is a keyset position
 * (time, seq) in a list ordered most recent first, so items inserted while a client pages (they land
 * on top) never shift the remaining pages. `next`/`previous` are absolute URLs or null.
 */
import type { Ctx } from './http.cts';
import type { Ordered } from './store.cts';
import * as http from './http.cts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageEnvelope {
	count: number;
	next: string | null;
	previous: string | null;
	results: unknown[];
}

export interface CursorEnvelope {
	count?: number;
	next: string | null;
	previous: string | null;
	results: unknown[];
}

function pageSize(ctx: Ctx): number {
	const raw = http.queryParam(ctx, 'pageSize');
	const size = raw === undefined ? NaN : Number.parseInt(raw, 10);
	const asked =
		Number.isInteger(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
	const cap = ctx.app.controls.maxPageSize;
	return cap > 0 ? Math.min(asked, cap) : asked;
}

/** The request URL with some query parameters replaced (undefined removes one). */
function linkWith(ctx: Ctx, changes: Record<string, string | undefined>): string {
	const url = new URL(ctx.url.href);
	for (const [name, value] of Object.entries(changes)) {
		if (value === undefined) url.searchParams.delete(name);
		else url.searchParams.set(name, value);
	}
	return url.href;
}

export function paginatePage<T>(ctx: Ctx, items: T[], view: (item: T) => unknown): PageEnvelope {
	const size = pageSize(ctx);
	const raw = http.queryParam(ctx, 'page') ?? '1';
	const page = raw === 'last' ? Math.max(1, Math.ceil(items.length / size)) : Number(raw);
	const pages = Math.max(1, Math.ceil(items.length / size));
	if (!Number.isInteger(page) || page < 1 || page > pages)
		throw new http.ApiError(404, { detail: 'Invalid page.' });
	return {
		count: items.length,
		next: page < pages ? linkWith(ctx, { page: String(page + 1) }) : null,
		previous:
			page > 2
				? linkWith(ctx, { page: String(page - 1) })
				: page === 2
					? linkWith(ctx, { page: undefined })
					: null,
		results: items.slice((page - 1) * size, page * size).map(view),
	};
}

/**
 * limit/offset pagination (the contacts examples: `limit`, default 20, and `offset`), with the same
 * `{count, next, previous, results}` envelope as page numbers.
 */
export function paginateLimitOffset<T>(
	ctx: Ctx,
	items: T[],
	view: (item: T) => unknown,
): PageEnvelope {
	const number = (name: string, fallback: number) => {
		const raw = http.queryParam(ctx, name);
		const value = raw === undefined || raw === '' ? fallback : Number(raw);
		return Number.isInteger(value) && value >= 0 ? value : fallback;
	};
	const cap = ctx.app.controls.maxPageSize;
	const asked = Math.min(number('limit', DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
	const limit = cap > 0 ? Math.min(asked, cap) : asked;
	const offset = number('offset', 0);
	const end = offset + limit;
	return {
		count: items.length,
		next: end < items.length ? linkWith(ctx, { limit: String(limit), offset: String(end) }) : null,
		previous:
			offset > 0
				? linkWith(ctx, { limit: String(limit), offset: String(Math.max(0, offset - limit)) })
				: null,
		results: items.slice(offset, end).map(view),
	};
}

interface CursorPosition extends Ordered {
	/** true: the page ends just before this position (a "previous" link). */
	reverse: boolean;
}

const encodeCursor = (p: CursorPosition): string =>
	Buffer.from(JSON.stringify([p.time, p.seq, p.reverse ? 1 : 0])).toString('base64url');

function decodeCursor(token: string): CursorPosition {
	try {
		const [time, seq, reverse] = JSON.parse(
			Buffer.from(token, 'base64url').toString('utf8'),
		) as unknown[];
		if (typeof time === 'number' && typeof seq === 'number')
			return { time, seq, reverse: reverse === 1 };
	} catch {
		// fall through to the DRF error below
	}
	throw new http.ApiError(404, { detail: 'Invalid cursor' });
}

/** true when `item` comes strictly after `position` in most-recent-first order. */
const isAfter = (item: Ordered, position: Ordered): boolean =>
	item.time < position.time || (item.time === position.time && item.seq < position.seq);

/**
 * Cursor pagination over `items`, which must already be sorted most recent first by `orderOf`.
 * `withCount` adds a `count` (the messages list's documented schema has one).
 */
export function paginateCursor<T>(
	ctx: Ctx,
	items: T[],
	orderOf: (item: T) => Ordered,
	view: (item: T) => unknown,
	withCount = false,
): CursorEnvelope {
	const size = pageSize(ctx);
	const token = ctx.query.get('cursor');
	let start = 0;
	if (token) {
		const position = decodeCursor(token);
		if (position.reverse) {
			const end = indexWhere(items, (item) => !isAfter(position, orderOf(item)));
			return envelope(ctx, items, Math.max(0, end - size), end, orderOf, view, withCount);
		}
		start = indexWhere(items, (item) => isAfter(orderOf(item), position));
	}
	return envelope(
		ctx,
		items,
		start,
		Math.min(items.length, start + size),
		orderOf,
		view,
		withCount,
	);
}

/** Index of the first item matching, or the length when none does. */
function indexWhere<T>(items: T[], test: (item: T) => boolean): number {
	const index = items.findIndex(test);
	return index === -1 ? items.length : index;
}

function envelope<T>(
	ctx: Ctx,
	items: T[],
	start: number,
	end: number,
	orderOf: (item: T) => Ordered,
	view: (item: T) => unknown,
	withCount: boolean,
): CursorEnvelope {
	const page = items.slice(start, end);
	const link = (item: T, reverse: boolean) =>
		linkWith(ctx, { cursor: encodeCursor({ ...orderOf(item), reverse }) });
	return {
		...(withCount ? { count: items.length } : {}),
		next: end < items.length && page.length > 0 ? link(page[page.length - 1], false) : null,
		previous: start > 0 && page.length > 0 ? link(page[0], true) : null,
		results: page.map(view),
	};
}
