/**
 * The run of a Sync (files or FAQs), over all input items at once:
 *
 * 1. every item's key and content are read and checked, and keys that appear twice fail, before
 *    any request that changes anything but labels ("Create Missing Labels" creates them while the
 *    items are read); with continue-on-fail off, any bad item stops the run here;
 * 2. what this sync made earlier is listed once (its marker in the user metadata) and grouped by key;
 * 3. the items sync with bounded concurrency, each deciding for itself from the copies of its key;
 * 4. with "Remove Missing", the copies whose key no input item has are deleted, after the run.
 *
 * `KnowledgeSync` is what the two Syncs share; each keeps how an item is read and brought up to date.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../helpers/items';
import { deleteIfPresent, knowledgeBaseId, LabelBook, readMetadata } from './common';
import { textOf } from '../../shared/helpers/validate';
import { fetchAll } from '../../shared/transport/pagination';
import type { RequestScope } from '../../shared/transport/retry';
import type { BatchExecute } from '../helpers/interfaces';

/**
 * Keys of the user metadata that mark what a sync made: its ID, the item's key, a content hash, and
 * the source's own version of the content when the Sync is given one (Find Changes compares it).
 */
export const MARKER = {
	sync: 'n8nSyncId',
	key: 'n8nSyncKey',
	hash: 'n8nSyncSha256',
	version: 'n8nSyncVersion',
} as const;

export const metadataOf = (entity: IDataObject): IDataObject =>
	(entity.rawUserDefineMetadata ?? {}) as IDataObject;

/** Statuses of a file copy that serves no one: failed, or on its way out. */
export const GONE = ['failed', 'deleting', 'deleted'];

export const newestFirst = (a: IDataObject, b: IDataObject) =>
	String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? ''));

export interface SyncItem {
	itemIndex: number;
	key: string;
}

export interface SyncRun<P extends SyncItem> {
	/** The item's key, or an error (then nothing of this run is removed: the key could be anyone's). */
	keyOf(itemIndex: number): Promise<string>;
	/** The item read and checked, before any change. */
	prepare(itemIndex: number, key: string): Promise<P>;
	/** What this sync made earlier, by key. */
	index(): Promise<Map<string, IDataObject[]>>;
	/** Brings one key up to date; answers the item's output. */
	sync(item: P, copies: IDataObject[]): Promise<ItemResult>;
	/** Deletes the copies of a key the input no longer has; answers an output item. */
	remove(key: string, copies: IDataObject[]): Promise<IDataObject>;
	/**
	 * What an item is about, as far as it can be read (never throws): its key and its file name or
	 * question. Error items carry it.
	 */
	describe(itemIndex: number): IDataObject;
	/** The name of a copy: `{filename}` or `{question}`. */
	nameOf(entity: IDataObject): IDataObject;
	/** Where removals go when not into the output (Find Changes: its output feeds a download). */
	reportRemoved?(removed: IDataObject[]): void;
}

export interface SyncSettings {
	syncId: string;
	removeMissing: boolean;
	concurrency: number;
}

/** The options every Sync has (sorted into the operation's Options by `optionsCollection`). */
export const syncOptions = (noun: string, concurrency: boolean): INodeProperties[] => [
	...(concurrency
		? [
				{
					displayName: 'Concurrency',
					name: 'concurrency',
					type: 'number' as const,
					typeOptions: { minValue: 1, maxValue: 16 },
					default: 4,
					description: `How many ${noun} upload and process at once (MaiAgent's 429 answers slow the run down)`,
				},
			]
		: []),
	{
		displayName: `Remove ${noun[0].toUpperCase()}${noun.slice(1)} Missing From Input`,
		name: 'removeMissing',
		type: 'boolean',
		default: false,
		description: `Whether to delete, after the run, the ${noun} this sync created earlier whose key no input item has. ${noun[0].toUpperCase()}${noun.slice(1)} added by people or other tools are never touched.`,
	},
	{
		displayName: 'Sync ID',
		name: 'syncId',
		type: 'string',
		default: 'n8n',
		description: `Marks the ${noun} this sync manages (in their metadata). Give each workflow that syncs into the same knowledge base its own ID.`,
	},
];

export function readSyncSettings(ctx: IExecuteFunctions): SyncSettings {
	const value = ctx.getNodeParameter('options.syncId', 0, 'n8n');
	const syncId = textOf(ctx.getNode(), value, 'Sync ID', 0)?.trim();
	if (!syncId) {
		throw new NodeOperationError(ctx.getNode(), 'Sync ID must not be empty', { itemIndex: 0 });
	}
	return {
		syncId,
		removeMissing: ctx.getNodeParameter('options.removeMissing', 0, false) as boolean,
		concurrency: Math.max(1, ctx.getNodeParameter('options.concurrency', 0, 4) as number),
	};
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inPool<T>(
	items: T[],
	limit: number,
	work: (item: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Keys and prepared items, or an error per item; a key given by two items fails both. */
async function prepareAll<P extends SyncItem>(
	ctx: IExecuteFunctions,
	run: SyncRun<P>,
	count: number,
): Promise<{ prepared: Array<P | Error>; keys: Array<string | undefined> }> {
	const keys: Array<string | undefined> = [];
	const prepared: Array<P | Error> = [];
	for (let i = 0; i < count; i++) {
		try {
			keys[i] = await run.keyOf(i);
			prepared[i] = await run.prepare(i, keys[i]!);
		} catch (error) {
			prepared[i] = asError(error);
		}
	}
	keys.forEach((key, i) => {
		const twins = keys.flatMap((other, j) => (other === key ? [j + 1] : []));
		if (key === undefined || twins.length < 2) return;
		prepared[i] = new NodeOperationError(
			ctx.getNode(),
			`Key "${key}" is in several input items (items ${twins.join(', ')})`,
			{ itemIndex: i, description: 'Each item of a Sync needs its own key, e.g. the file path' },
		);
	});
	return { prepared, keys };
}

async function removeMissing<P extends SyncItem>(
	run: SyncRun<P>,
	index: Map<string, IDataObject[]>,
	keys: string[],
): Promise<IDataObject[]> {
	const removed: IDataObject[] = [];
	for (const [key, copies] of index) {
		if (keys.includes(key)) continue;
		try {
			removed.push(await run.remove(key, copies));
		} catch (error) {
			const reason = asError(error).message;
			removed.push({ status: 'failed', key, ...run.nameOf(copies[0]), reason });
		}
	}
	return removed;
}

export async function runSync<P extends SyncItem>(
	ctx: IExecuteFunctions,
	scopes: RequestScope[],
	run: SyncRun<P>,
	settings: SyncSettings,
): Promise<Array<ItemResult | Error>> {
	const { prepared, keys } = await prepareAll(ctx, run, scopes.length);
	const results: Array<ItemResult | Error> = prepared.map((p) => (p instanceof Error ? p : {}));
	const failed = () => results.some((result) => result instanceof Error);
	// Bad input stops the run before anything changes, unless the other items should go on.
	if (failed() && !ctx.continueOnFail()) return results;
	const ready = prepared.filter((p): p is P => !(p instanceof Error));
	// Nothing to sync and nothing to remove: no request at all.
	if (!ready.length && !settings.removeMissing) return results;
	let index: Map<string, IDataObject[]>;
	try {
		index = await run.index();
	} catch (error) {
		// The items that could not be read keep their own error.
		return results.map((result) => (result instanceof Error ? result : asError(error)));
	}
	await inPool(ready, settings.concurrency, async (item) => {
		try {
			results[item.itemIndex] = await run.sync(item, index.get(item.key) ?? []);
		} catch (error) {
			results[item.itemIndex] = asError(error);
		}
	});
	const allKeys = keys.filter((key): key is string => key !== undefined);
	const last = results.map((r) => !(r instanceof Error)).lastIndexOf(true);
	if (!settings.removeMissing || allKeys.length < keys.length || last < 0) return results;
	if (failed() && !ctx.continueOnFail()) return results;
	const removed = await removeMissing(run, index, allKeys);
	if (removed.length && run.reportRemoved) run.reportRemoved(removed);
	else if (removed.length) results[last] = [results[last] as IDataObject, ...removed];
	return results;
}

/**
 * Runs the Sync; under continue-on-fail each failed item comes out saying what it was about. In
 * the regular output: `{status: "failed", key, filename | question, error}`, a row like the others.
 * In the error output (*Continue (using error output)*): `{error}` alone, which n8n routes there in
 * every version (2.8 takes no other key beside `message`) and fills with the input item's fields
 * (the file's name and path, a row's ID). No n8n error object on either: n8n would replace the
 * item's fields by `{error}`.
 */
export async function runSyncItems<P extends SyncItem>(
	ctx: IExecuteFunctions,
	scopes: RequestScope[],
	run: SyncRun<P>,
	settings: SyncSettings,
): Promise<Array<ItemResult | Error>> {
	const results = await runSync(ctx, scopes, run, settings);
	if (!ctx.continueOnFail()) return results;
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return results.map((result, i) => {
		if (!(result instanceof Error)) return result;
		const about = errorOutput ? {} : { status: 'failed', ...run.describe(i) };
		return { json: { ...about, error: result.message }, pairedItem: { item: i } };
	});
}

/**
 * A Sync into one knowledge base's files or FAQs: the checks, listing, deletes and removals both
 * have, so that a subclass says only how an item is read and how one key is brought up to date.
 */
export abstract class KnowledgeSync<P extends SyncItem> implements SyncRun<P> {
	/** `file` or `faq`: the path (`files/`) and the removal output's IDs (`fileIds`). */
	protected abstract readonly noun: 'file' | 'faq';
	protected readonly labels: LabelBook;

	constructor(
		protected readonly ctx: IExecuteFunctions,
		protected readonly knowledgeBase: string,
		protected readonly settings: SyncSettings,
		/** The first item's: the shared list and the removals run under it. */
		protected readonly scope: RequestScope,
	) {
		this.labels = new LabelBook(ctx, knowledgeBase, scope);
	}

	abstract keyOf(itemIndex: number): Promise<string>;
	abstract prepare(itemIndex: number, key: string): Promise<P>;
	abstract sync(item: P, copies: IDataObject[]): Promise<ItemResult>;

	protected get url(): string {
		return `knowledge-bases/${this.knowledgeBase}/${this.noun}s/`;
	}

	/** One list and one marker for the whole run: every item must name the first item's knowledge base. */
	protected checkKnowledgeBase(itemIndex: number, description?: string): void {
		if (knowledgeBaseId(this.ctx, itemIndex) === this.knowledgeBase) return;
		throw new NodeOperationError(
			this.ctx.getNode(),
			'All items must sync into one knowledge base',
			{
				itemIndex,
				description,
			},
		);
	}

	/** The item's Metadata option with this sync's marker and the item's key. */
	protected markedMetadata(itemIndex: number, key: string): IDataObject {
		return {
			...readMetadata(this.ctx, 'options.metadata', itemIndex),
			[MARKER.sync]: this.settings.syncId,
			[MARKER.key]: key,
		};
	}

	async index(): Promise<Map<string, IDataObject[]>> {
		const byKey = new Map<string, IDataObject[]>();
		for (const entity of await fetchAll(this.ctx, { url: this.url }, this.scope)) {
			const metadata = metadataOf(entity);
			if (metadata[MARKER.sync] !== this.settings.syncId) continue;
			const key = String(metadata[MARKER.key] ?? '');
			byKey.set(key, [...(byKey.get(key) ?? []), entity]);
		}
		return byKey;
	}

	protected async delete(entities: IDataObject[], scope: RequestScope): Promise<void> {
		for (const entity of entities) {
			await deleteIfPresent(this.ctx, `${this.url}${String(entity.id)}/`, scope);
		}
	}

	abstract describe(itemIndex: number): IDataObject;
	abstract nameOf(entity: IDataObject): IDataObject;

	async remove(key: string, copies: IDataObject[]): Promise<IDataObject> {
		await this.delete(copies, this.scope);
		const ids = { [`${this.noun}Ids`]: copies.map((entity) => entity.id) };
		return { status: 'removed', key, ...this.nameOf(copies[0]), ...ids };
	}

	/** The value of `read`, or undefined when it throws (for `describe`, which never fails). */
	protected tryRead<T>(read: () => T): T | undefined {
		try {
			return read();
		} catch {
			return undefined;
		}
	}
}

/** The Sync operation's `executeBatch`: the first item's knowledge base and settings for all items. */
export function syncBatch<P extends SyncItem>(
	Run: new (...args: ConstructorParameters<typeof KnowledgeSync>) => KnowledgeSync<P>,
): BatchExecute {
	return async function (scopes) {
		const knowledgeBase = knowledgeBaseId(this, 0);
		const settings = readSyncSettings(this);
		const run = new Run(this, knowledgeBase, settings, scopes[0]);
		return await runSyncItems(this, scopes, run, settings);
	};
}
