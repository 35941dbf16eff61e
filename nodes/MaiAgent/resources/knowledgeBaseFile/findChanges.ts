/**
 * Knowledge Base File > Find Changes: the step before the download. It takes a listing (one item
 * per source file, no content: Google Drive's Search, say) with a key and a source version per
 * item, lists the knowledge base once, and outputs only the items whose content a Sync needs: a
 * key it has no copy of, or one whose copy holds another version. Unchanged files cost no download
 * and no upload. With Remove Files Missing From Input it deletes the copies whose key left the
 * source: it sees the whole listing, the Sync after the download sees only what changed.
 */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fileStatus } from '../../../shared/helpers/fileStatus';
import { getText } from '../../../shared/helpers/validate';
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

export const option: OperationOption = {
	name: 'Find Changes',
	value: 'findChanges',
	action: 'Find the files a sync needs',
	description:
		'Before downloading: compare a listing (a key and a source version per file) with what Sync stored, output only the new and changed files, and optionally remove the ones no longer listed',
};

/** Sync's option: the version Find Changes compares, kept in the file's metadata. */
export const sourceVersionOption: INodeProperties = {
	displayName: 'Source Version',
	name: 'sourceVersion',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.md5Checksum }}',
	description:
		"What changes when the file's content changes, as the source lists it (Google Drive: md5Checksum or modifiedTime). Kept in the file's metadata (n8nSyncVersion) for Knowledge Base File > Find Changes.",
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		description:
			'What identifies the file in the source, the same as the Key of the Sync after the download: for Google Drive, its file ID',
	},
	{
		displayName: 'Source Version',
		name: 'sourceVersion',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.md5Checksum }}',
		description:
			"What changes when the file's content changes, from the listing: Google Drive's md5Checksum (or modifiedTime). The Sync after the download sets the same in its Source Version option.",
	},
	optionsCollection(syncOptions('files', false)),
];

interface Listed {
	itemIndex: number;
	key: string;
	version: string;
}

class ChangeFinder extends KnowledgeSync<Listed> {
	protected readonly noun = 'file';

	async keyOf(i: number): Promise<string> {
		const hint = 'Map what identifies the file in the source, e.g. {{ $json.id }}';
		return getText(this.ctx, 'key', i, { field: 'Key', hint }).trim();
	}

	async prepare(i: number, key: string): Promise<Listed> {
		this.checkKnowledgeBase(i, 'Split the input by knowledge base, one node each');
		const hint = "Map the source's version of the file, e.g. {{ $json.md5Checksum }}";
		const version = getText(this.ctx, 'sourceVersion', i, { field: 'Source Version', hint });
		return { itemIndex: i, key, version: version.trim() };
	}

	/**
	 * Nothing when a copy of this version serves (its key's other copies then go: stale versions and
	 * failed copies a cut-off run left); else the input item, for the download.
	 */
	async sync(item: Listed, copies: IDataObject[]): Promise<INodeExecutionData | IDataObject[]> {
		const current = copies
			.filter((f) => metadataOf(f)[MARKER.version] === item.version)
			.filter((f) => !GONE.includes(fileStatus(f).code))
			.sort(newestFirst);
		const serving = current.find((f) => fileStatus(f).code === 'done') ?? current[0];
		if (!serving) return this.ctx.getInputData()[item.itemIndex];
		if (fileStatus(serving).code === 'done') {
			const scope = { ...this.scope, itemIndex: item.itemIndex };
			await this.delete(
				copies.filter((f) => f.id !== serving.id),
				scope,
			);
		}
		return [];
	}

	describe(i: number): IDataObject {
		const key = this.tryRead(() => getText(this.ctx, 'key', i, { field: 'Key', hint: '' }));
		return key ? { key: key.trim() } : {};
	}

	nameOf(file: IDataObject): IDataObject {
		return { filename: file.filename };
	}

	/** Removals are hints (the execution shows them), not items: the output feeds a download. */
	reportRemoved(removed: IDataObject[]): void {
		const gone = removed.filter((entry) => entry.status === 'removed');
		const failed = removed.filter((entry) => entry.status !== 'removed');
		const names = (entries: IDataObject[]) =>
			entries.map((entry) => String(entry.filename ?? entry.key)).join(', ');
		if (gone.length) {
			const message = `Removed ${gone.length} file(s) no longer in the source: ${names(gone)}`;
			this.ctx.addExecutionHints({ message, location: 'outputPane' });
		}
		for (const entry of failed) {
			const message = `Could not remove ${names([entry])}: ${String(entry.reason)}`;
			this.ctx.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
		}
	}
}

export const executeBatch = syncBatch(ChangeFinder);
