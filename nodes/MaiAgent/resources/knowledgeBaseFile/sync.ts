import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fetchAll } from '../../../shared/transport/pagination';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import type { LabelBook } from '../../helpers/knowledge';
import {
	deleteIfPresent,
	fileStatus,
	knowledgeBaseId,
	readLabels,
	readMetadata,
} from '../../helpers/knowledge';
import type { SourceFile } from '../../helpers/knowledgeUpload';
import { readSource, uploadKnowledgeFile, waitForProcessing } from '../../helpers/knowledgeUpload';
import { MARKER, metadataOf, readSyncSettings, runSync, syncOptions } from '../../helpers/sync';
import type { SyncRun, SyncSettings } from '../../helpers/sync';
import type { BatchExecute, OperationOption } from '../types';
import { fileOptions, knowledgeBook, readParser } from './fields';

export const option: OperationOption = {
	name: 'Sync',
	value: 'sync',
	action: 'Sync files into a knowledge base',
	description:
		'Upload new files, replace changed ones without a gap, skip unchanged ones (SHA-256), and optionally remove the ones no longer in the input',
};

const show = { resource: ['knowledgeBaseFile'], operation: ['sync'] };

export const properties: INodeProperties[] = [
	knowledgeBaseLocator({ displayOptions: { show } }),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		displayOptions: { show },
		hint: 'The name of the input binary field holding each file',
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		displayOptions: { show },
		placeholder: 'e.g. {{ $json.path }}',
		description:
			'What identifies the file from one run to the next, e.g. its path or its Google Drive ID. Empty: the file name.',
	},
	optionsCollection(show, [
		...fileOptions.filter((entry) => entry.name !== 'waitTimeout'),
		{
			displayName: 'Processing Timeout (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description:
				'How long to wait for MaiAgent to process a new file. A file still processing then is reported failed and kept; the next run picks it up.',
		},
		...syncOptions('files', true),
	]),
];

interface PreparedFile {
	itemIndex: number;
	key: string;
	source: SourceFile;
	labels?: IDataObject[];
	parser?: string;
	metadata: IDataObject;
}

const newestFirst = (a: IDataObject, b: IDataObject) =>
	String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? ''));

class FileSync implements SyncRun<PreparedFile> {
	private readonly labels: LabelBook;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly knowledgeBase: string,
		private readonly settings: SyncSettings,
		/** The first item's: the shared list and the removals run under it. */
		private readonly scope: RequestScope,
	) {
		this.labels = knowledgeBook(ctx, knowledgeBase, scope);
	}

	private get files(): string {
		return `knowledge-bases/${this.knowledgeBase}/files/`;
	}

	async keyOf(i: number): Promise<string> {
		const key = String(this.ctx.getNodeParameter('key', i, '')).trim();
		if (key) return key;
		const property = this.ctx.getNodeParameter('binaryPropertyName', i) as string;
		const fileName = String(this.ctx.getNodeParameter('options.fileName', i, '')).trim();
		return fileName || (this.ctx.helpers.assertBinaryData(i, property).fileName ?? property);
	}

	async prepare(i: number, key: string): Promise<PreparedFile> {
		if (knowledgeBaseId(this.ctx, i) !== this.knowledgeBase) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'All items must sync into one knowledge base',
				{
					itemIndex: i,
					description: 'Split the input by knowledge base, one Sync node each',
				},
			);
		}
		const source = await readSource(this.ctx, i, {
			property: this.ctx.getNodeParameter('binaryPropertyName', i) as string,
			fileName: this.ctx.getNodeParameter('options.fileName', i, '') as string,
		});
		const metadata = {
			...readMetadata(this.ctx, 'options.metadata', i),
			[MARKER.sync]: this.settings.syncId,
			[MARKER.key]: key,
			[MARKER.hash]: source.sha256,
		};
		const labels = await readLabels(this.ctx, this.labels, i);
		return { itemIndex: i, key, source, labels, parser: readParser(this.ctx, i), metadata };
	}

	async index(): Promise<Map<string, IDataObject[]>> {
		const byKey = new Map<string, IDataObject[]>();
		for (const file of await fetchAll(this.ctx, { url: this.files }, this.scope)) {
			const metadata = metadataOf(file);
			if (metadata[MARKER.sync] !== this.settings.syncId) continue;
			const key = String(metadata[MARKER.key] ?? '');
			byKey.set(key, [...(byKey.get(key) ?? []), file]);
		}
		return byKey;
	}

	async sync(item: PreparedFile, copies: IDataObject[]): Promise<IDataObject> {
		const scope = { ...this.scope, itemIndex: item.itemIndex };
		const same = copies
			.filter((f) => metadataOf(f)[MARKER.hash] === item.source.sha256)
			.filter((f) => fileStatus(f).code !== 'failed')
			.sort(newestFirst);
		// A done copy of this content, else one a cut-off run left processing: no upload then.
		const kept = same.find((f) => fileStatus(f).code === 'done') ?? same[0];
		let file = kept ?? (await this.upload(item, scope));
		if (fileStatus(file).code !== 'done') file = await this.wait(item, file, scope);
		const others = copies.filter((f) => f.id !== file.id);
		const out = { key: item.key, filename: item.source.filename, fileId: file.id };
		const status = fileStatus(file);
		if (status.code === 'done') {
			await this.delete(others, scope);
			const previousFileIds = others.map((f) => f.id);
			if (others.length) return { status: 'replaced', ...out, previousFileIds };
			return { status: kept && fileStatus(kept).code === 'done' ? 'unchanged' : 'created', ...out };
		}
		const timeout = this.ctx.getNodeParameter('options.waitTimeout', item.itemIndex, 600) as number;
		if (status.code !== 'failed') {
			const reason = `Still ${status.code || 'processing'} after ${timeout} s; the next run picks it up`;
			return { status: 'failed', ...out, reason };
		}
		// A failed parse is not kept: the previous copy stays, and the next run tries again.
		await this.delete([file], scope);
		return {
			status: 'failed',
			...out,
			reason: status.message ?? 'MaiAgent could not process the file',
		};
	}

	private async upload(item: PreparedFile, scope: RequestScope): Promise<IDataObject> {
		const { labels, parser, metadata } = item;
		const file = await uploadKnowledgeFile(
			this.ctx,
			item.source,
			{ knowledgeBase: this.knowledgeBase, labels, parser, metadata },
			scope,
		);
		if (metadataOf(file)[MARKER.key] === item.key) return file;
		// A tenant that ignores metadata on create: set it, or the next run would not know the file.
		return await maiagentApi<IDataObject>(
			this.ctx,
			{
				method: 'PATCH',
				url: `${this.files}${String(file.id)}/update-metadata/`,
				body: { rawUserDefineMetadata: metadata },
			},
			scope,
		);
	}

	private async wait(item: PreparedFile, file: IDataObject, scope: RequestScope) {
		const timeout = this.ctx.getNodeParameter('options.waitTimeout', item.itemIndex, 600) as number;
		const wait = {
			knowledgeBase: this.knowledgeBase,
			fileId: String(file.id),
			timeoutMs: timeout * 1000,
		};
		return await waitForProcessing(this.ctx, wait, scope);
	}

	private async delete(entities: IDataObject[], scope: RequestScope): Promise<void> {
		for (const entity of entities) {
			await deleteIfPresent(this.ctx, `${this.files}${String(entity.id)}/`, scope);
		}
	}

	async remove(key: string, copies: IDataObject[]): Promise<IDataObject> {
		await this.delete(copies, this.scope);
		return { status: 'removed', key, fileIds: copies.map((f) => f.id) };
	}
}

export const executeBatch: BatchExecute = async function (scopes) {
	const knowledgeBase = knowledgeBaseId(this, 0);
	const settings = readSyncSettings(this);
	const run = new FileSync(this, knowledgeBase, settings, scopes[0]);
	return await runSync(this, scopes, run, settings);
};
