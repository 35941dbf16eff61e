/**
 * Lists, whatever pagination style MaiAgent uses for them: follow `next` until it is null. Cursor
 * lists (conversations) are walked one page after another. Page-number lists (records, chatbots,
 * inboxes, and messages on some tenants) announce `count`, so once the first page is in, the rest
 * are fetched a few at a time; each page still goes through the transport's retry policy, so a 429
 * slows the walk down instead of failing it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MaiAgentContext, MaiAgentRequest } from './request';
import { maiagentApi } from './request';
import type { RequestScope } from './retry';

export interface Page {
	results: IDataObject[];
	next: string | null;
	count?: number;
}

export interface ListOptions {
	/** Stop once this many matching items are collected; absent = all. */
	limit?: number;
	/** Keep only the items passing this test (filters MaiAgent has no query parameter for). */
	filter?: (item: IDataObject) => boolean;
	/** How the first request asks for its page size: `{pageSize: 100}` unless a list pages otherwise (contacts: `{limit: 100}`). */
	sizeQuery?: IDataObject;
}

/** Requested page size (MaiAgent may answer smaller pages). */
const PAGE_SIZE = 100;
/** Pages fetched at once when the page count is known in advance. */
export const CONCURRENCY = 4;

/** Reads a list response in any of MaiAgent's shapes: `{results, next, count?}` or a plain array. */
export function toPage(body: unknown): Page {
	if (Array.isArray(body)) return { results: body as IDataObject[], next: null };
	const envelope = (body ?? {}) as { results?: unknown; next?: unknown; count?: unknown };
	return {
		results: Array.isArray(envelope.results) ? (envelope.results as IDataObject[]) : [],
		next: typeof envelope.next === 'string' && envelope.next !== '' ? envelope.next : null,
		count: typeof envelope.count === 'number' ? envelope.count : undefined,
	};
}

/** `page` of a page-number `next` link, or undefined for a cursor link. */
export function pageNumberOf(next: string): number | undefined {
	const page = new URL(next, 'http://x').searchParams.get('page');
	return page !== null && /^\d+$/.test(page) ? Number(page) : undefined;
}

function linkToPage(next: string, page: number): string {
	const url = new URL(next);
	url.searchParams.set('page', String(page));
	return url.toString();
}

export async function fetchPage(
	ctx: MaiAgentContext,
	request: MaiAgentRequest,
	scope: RequestScope,
): Promise<Page> {
	return toPage(await maiagentApi(ctx, request, scope));
}

/** Every item of a MaiAgent list (or the first `limit` that pass `filter`). */
export async function fetchAll(
	ctx: MaiAgentContext,
	request: MaiAgentRequest,
	scope: RequestScope,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const { limit, filter, sizeQuery = { pageSize: PAGE_SIZE } } = options;
	const collected: IDataObject[] = [];
	const seen = new Set<unknown>();
	const full = () => limit !== undefined && collected.length >= limit;
	const take = (items: IDataObject[]) => {
		for (const item of items) {
			if (full()) return;
			// Page-number lists shift when rows are added while we read them: never emit one twice.
			if (item.id !== undefined) {
				if (seen.has(item.id)) continue;
				seen.add(item.id);
			}
			if (!filter || filter(item)) collected.push(item);
		}
	};

	const first = await fetchPage(ctx, { ...request, qs: { ...request.qs, ...sizeQuery } }, scope);
	take(first.results);
	let next = first.next;

	const secondPage = next ? pageNumberOf(next) : undefined;
	if (next && secondPage !== undefined && first.count !== undefined && first.results.length > 0) {
		const lastPage = Math.ceil(first.count / first.results.length);
		const template = next;
		for (let start = secondPage; start <= lastPage && !full(); start += CONCURRENCY) {
			const batch: number[] = [];
			for (let page = start; page < start + CONCURRENCY && page <= lastPage; page++)
				batch.push(page);
			const pages = await Promise.all(
				batch.map(async (page) => await fetchPage(ctx, { url: linkToPage(template, page) }, scope)),
			);
			for (const page of pages) take(page.results);
			// After the last counted page, `next` is set only if rows arrived during the walk.
			next = pages[pages.length - 1].next;
			if (!next) break;
		}
	}

	while (next && !full()) {
		const page = await fetchPage(ctx, { url: next }, scope);
		take(page.results);
		next = page.next;
	}
	return collected;
}
