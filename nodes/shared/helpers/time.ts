/** MaiAgent timestamps: 13-digit millisecond strings (some sources show ISO 8601). */
import type { IDataObject } from 'n8n-workflow';

/** Milliseconds of a MaiAgent timestamp (13-digit ms string, number or ISO 8601), else undefined. */
export function toMillis(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

/** ISO 8601 for a MaiAgent timestamp (ms string or number; ISO strings pass through). */
export function isoTime(value: unknown): string | undefined {
	const ms = toMillis(value);
	const date = ms === undefined ? undefined : new Date(ms);
	return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** A `createdAt` window test for the Created After / Before filters (absent bounds pass). */
export function createdBetween(after?: string, before?: string): (item: IDataObject) => boolean {
	const from = after ? Date.parse(after) : undefined;
	const to = before ? Date.parse(before) : undefined;
	if (from === undefined && to === undefined) return () => true;
	return (item) => {
		const at = toMillis(item.createdAt);
		return at !== undefined && (from === undefined || at > from) && (to === undefined || at < to);
	};
}
