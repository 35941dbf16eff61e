import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import { fileStatus } from '../../../shared/helpers/fileStatus';
import { readLabels } from '../../knowledge/common';
import type { SourceFile } from '../../knowledge/upload';
import { uploadKnowledgeFile } from '../../knowledge/upload';
import { ProcessingWatch } from '../../knowledge/processing';
import {
	GONE,
	KnowledgeSync,
	MARKER,
	metadataOf,
	newestFirst,
	syncBatch,
	syncOptions,
} from '../../knowledge/sync';
import type { OperationOption } from '../../helpers/interfaces';
import { readText } from '../../../shared/helpers/validate';
import { patchMetadata } from '../../knowledge/metadata';
import { sourceVersionOption } from './findChanges';
import {
	binaryPropertyField,
	fileOptions,
	readBinaryProperty,
	readItemSource,
	readParser,
} from './fields';

export const option: OperationOption = {
	name: 'Sync',
	value: 'sync',
	action: 'Sync files into a knowledge base',
	description:
		'Upload new files, replace changed ones without a gap, skip unchanged ones (SHA-256), and optionally remove the ones no longer in the input',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	binaryPropertyField('The name of the input binary field holding each file'),
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.path }}',
		description:
			'What identifies the file from one run to the next, e.g. its path or its Google Drive ID. Empty: the file name.',
	},
	optionsCollection([
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
		sourceVersionOption,
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

class FileSync extends KnowledgeSync<PreparedFile> {
	protected readonly noun = 'file';
	private watch?: ProcessingWatch;

	async keyOf(i: number): Promise<string> {
		const key = readText(this.ctx, 'key', i, 'Key')?.trim();
		if (key) return key;
		const property = readBinaryProperty(this.ctx, i);
		const fileName = readText(this.ctx, 'options.fileName', i, 'File Name')?.trim();
		return fileName || (this.ctx.helpers.assertBinaryData(i, property).fileName ?? property);
	}

	describe(i: number): IDataObject {
		const key = this.tryRead(() => readText(this.ctx, 'key', i, 'Key')?.trim());
		const named = this.tryRead(() => readText(this.ctx, 'options.fileName', i, 'File Name'));
		const property = this.tryRead(() => readBinaryProperty(this.ctx, i)) ?? 'data';
		const binary = this.ctx.getInputData()[i]?.binary?.[property];
		const filename = named?.trim() || binary?.fileName;
		return { key: key || filename, ...(filename ? { filename } : {}) };
	}

	nameOf(file: IDataObject): IDataObject {
		return { filename: file.filename };
	}

	async prepare(i: number, key: string): Promise<PreparedFile> {
		this.checkKnowledgeBase(i, 'Split the input by knowledge base, one Sync node each');
		const source = await readItemSource(this.ctx, i);
		const version = readText(this.ctx, 'options.sourceVersion', i, 'Source Version')?.trim();
		const metadata: IDataObject = { ...this.markedMetadata(i, key), [MARKER.hash]: source.sha256 };
		if (version) metadata[MARKER.version] = version;
		const labels = await readLabels(this.ctx, this.labels, i);
		return { itemIndex: i, key, source, labels, parser: readParser(this.ctx, i), metadata };
	}

	async sync(item: PreparedFile, copies: IDataObject[]): Promise<IDataObject> {
		const scope = { ...this.scope, itemIndex: item.itemIndex };
		const same = copies
			.filter((f) => metadataOf(f)[MARKER.hash] === item.source.sha256)
			.filter((f) => !GONE.includes(fileStatus(f).code))
			.sort(newestFirst);
		// A done copy of this content, else one a cut-off run left processing: no upload then.
		const kept = same.find((f) => fileStatus(f).code === 'done') ?? same[0];
		if (kept) await this.keepVersion(item, kept, scope);
		let file = kept ?? (await this.upload(item, scope));
		if (fileStatus(file).code !== 'done') file = await this.wait(item, file);
		const others = copies.filter((f) => f.id !== file.id);
		const out = { key: item.key, filename: item.source.filename, fileId: file.id };
		const status = fileStatus(file);
		if (status.code === 'done') {
			await this.delete(others, scope);
			const previousFileIds = others.map((f) => f.id);
			if (others.length) return { status: 'replaced', ...out, previousFileIds };
			return { status: kept && fileStatus(kept).code === 'done' ? 'unchanged' : 'created', ...out };
		}
		await this.keepOne(file, copies, scope);
		const timeout = this.ctx.getNodeParameter('options.waitTimeout', item.itemIndex, 600) as number;
		if (status.code === 'deleted') {
			const reason = 'The new file left the knowledge base while MaiAgent processed it';
			return { status: 'failed', ...out, reason };
		}
		if (status.code !== 'failed') {
			const reason = `Still ${status.code || 'processing'} after ${timeout} s; the next run picks it up`;
			return { status: 'failed', ...out, reason };
		}
		return {
			status: 'failed',
			...out,
			reason: status.message ?? 'MaiAgent could not process the file',
		};
	}

	/**
	 * When the new copy is not done: the key keeps one copy for the assistant meanwhile (its newest
	 * `done` one, else its newest one still processing), and the new copy while it still processes;
	 * the rest goes: a failed parse (the next run tries again), failed copies cut-off runs left, stale
	 * versions. So after a run a key has at most one copy besides one still processing.
	 */
	private async keepOne(file: IDataObject, copies: IDataObject[], scope: RequestScope) {
		const others = copies.filter((f) => f.id !== file.id);
		const live = others.filter((f) => !GONE.includes(fileStatus(f).code)).sort(newestFirst);
		const serving = live.find((f) => fileStatus(f).code === 'done') ?? live[0];
		const keep = [serving?.id, GONE.includes(fileStatus(file).code) ? undefined : file.id];
		await this.delete(
			[...others, file].filter((f) => !keep.includes(f.id)),
			scope,
		);
	}

	/**
	 * The same content under a new source version (a file touched, not changed): the copy gets the
	 * new version, or Find Changes would ask for its content on every run.
	 */
	private async keepVersion(item: PreparedFile, copy: IDataObject, scope: RequestScope) {
		const version = item.metadata[MARKER.version];
		if (version === undefined || metadataOf(copy)[MARKER.version] === version) return;
		const url = `${this.url}${String(copy.id)}/update-metadata/`;
		const body = { rawUserDefineMetadata: { ...metadataOf(copy), [MARKER.version]: version } };
		copy.rawUserDefineMetadata =
			(await patchMetadata(this.ctx, url, body, scope)).rawUserDefineMetadata ??
			body.rawUserDefineMetadata;
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
				url: `${this.url}${String(file.id)}/update-metadata/`,
				body: { rawUserDefineMetadata: metadata },
			},
			scope,
		);
	}

	/** Until the file is processed: all files of the run wait on one list of the knowledge base. */
	private async wait(item: PreparedFile, file: IDataObject) {
		const timeout = this.ctx.getNodeParameter('options.waitTimeout', item.itemIndex, 600) as number;
		this.watch ??= new ProcessingWatch(this.ctx, this.knowledgeBase, this.scope);
		return await this.watch.wait(file, timeout * 1000);
	}
}

export const executeBatch = syncBatch(FileSync);
