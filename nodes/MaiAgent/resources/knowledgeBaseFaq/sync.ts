import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fetchAll } from '../../../shared/transport/pagination';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import {
	deleteIfPresent,
	knowledgeBaseId,
	LabelBook,
	readLabels,
	readMetadata,
} from '../../helpers/knowledge';
import {
	createMissingLabelsOption,
	labelsField,
	metadataField,
} from '../../helpers/knowledgeFields';
import { MARKER, metadataOf, readSyncSettings, runSync, syncOptions } from '../../helpers/sync';
import type { SyncRun, SyncSettings } from '../../helpers/sync';
import { patchMetadata } from '../../helpers/updateMetadata';
import type { BatchExecute, OperationOption } from '../types';
import { answerField, questionField, readQuestionAndAnswer } from './fields';

export const option: OperationOption = {
	name: 'Sync',
	value: 'sync',
	action: 'Sync FAQs into a knowledge base',
	description:
		'Upsert FAQs by question (created, updated when the answer or labels changed, unchanged otherwise), optionally removing the ones no longer in the input',
};

const show = { resource: ['knowledgeBaseFaq'], operation: ['sync'] };

export const properties: INodeProperties[] = [
	knowledgeBaseLocator({ displayOptions: { show } }),
	{ ...questionField, required: true, displayOptions: { show } },
	{ ...answerField, required: true, displayOptions: { show } },
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		displayOptions: { show },
		placeholder: 'e.g. {{ $json.rowId }}',
		description:
			'What identifies the FAQ from one run to the next, e.g. a row ID. Empty: the question (a changed question is then a new FAQ).',
	},
	optionsCollection(show, [
		createMissingLabelsOption,
		labelsField,
		metadataField,
		...syncOptions('FAQs', false),
	]),
];

interface PreparedFaq {
	itemIndex: number;
	key: string;
	question: string;
	answer: string;
	labels?: IDataObject[];
	metadata: IDataObject;
}

/** JSON with sorted keys, so equal metadata compares equal whatever its key order. */
const canonical = (value: IDataObject): string =>
	JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));

const labelIds = (labels: unknown): string =>
	((labels ?? []) as IDataObject[])
		.map((label) => String(label.id))
		.sort()
		.join(',');

class FaqSync implements SyncRun<PreparedFaq> {
	private readonly labels: LabelBook;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly knowledgeBase: string,
		private readonly settings: SyncSettings,
		private readonly scope: RequestScope,
	) {
		this.labels = new LabelBook(ctx, knowledgeBase, scope);
	}

	private get faqs(): string {
		return `knowledge-bases/${this.knowledgeBase}/faqs/`;
	}

	async keyOf(i: number): Promise<string> {
		const key = String(this.ctx.getNodeParameter('key', i, '')).trim();
		return key || readQuestionAndAnswer(this.ctx, i).question;
	}

	async prepare(i: number, key: string): Promise<PreparedFaq> {
		if (knowledgeBaseId(this.ctx, i) !== this.knowledgeBase) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'All items must sync into one knowledge base',
				{
					itemIndex: i,
				},
			);
		}
		const metadata = {
			...readMetadata(this.ctx, 'options.metadata', i),
			[MARKER.sync]: this.settings.syncId,
			[MARKER.key]: key,
		};
		const labels = await readLabels(this.ctx, this.labels, i);
		return { itemIndex: i, key, ...readQuestionAndAnswer(this.ctx, i), labels, metadata };
	}

	async index(): Promise<Map<string, IDataObject[]>> {
		const byKey = new Map<string, IDataObject[]>();
		for (const faq of await fetchAll(this.ctx, { url: this.faqs }, this.scope)) {
			const metadata = metadataOf(faq);
			if (metadata[MARKER.sync] !== this.settings.syncId) continue;
			const key = String(metadata[MARKER.key] ?? '');
			byKey.set(key, [...(byKey.get(key) ?? []), faq]);
		}
		return byKey;
	}

	async sync(item: PreparedFaq, copies: IDataObject[]): Promise<IDataObject> {
		const scope = { ...this.scope, itemIndex: item.itemIndex };
		const [kept, ...extra] = [...copies].sort((a, b) =>
			String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')),
		);
		// Copies a cut-off run left: the oldest stays, the others go.
		await this.delete(extra, scope);
		const out = { key: item.key, question: item.question };
		if (!kept) return { status: 'created', ...out, faqId: (await this.create(item, scope)).id };
		const changed = await this.update(item, kept, scope);
		const status = changed || extra.length ? 'updated' : 'unchanged';
		return {
			status,
			...out,
			faqId: kept.id,
			...(extra.length ? { previousFaqIds: extra.map((f) => f.id) } : {}),
		};
	}

	private async create(item: PreparedFaq, scope: RequestScope): Promise<IDataObject> {
		const { question, answer, labels, metadata } = item;
		const body: IDataObject = { question, answer, rawUserDefineMetadata: metadata };
		if (labels) body.labels = labels;
		const faq = await maiagentApi<IDataObject>(
			this.ctx,
			{ method: 'POST', url: this.faqs, body },
			scope,
		);
		if (metadataOf(faq)[MARKER.key] === item.key) return faq;
		// A tenant that ignores metadata on create: set it, or the next run would not know the FAQ.
		const url = `${this.faqs}${String(faq.id)}/update-metadata/`;
		return await patchMetadata(this.ctx, url, { rawUserDefineMetadata: metadata }, scope);
	}

	/** Writes what differs; answers whether anything did. */
	private async update(item: PreparedFaq, faq: IDataObject, scope: RequestScope): Promise<boolean> {
		const url = `${this.faqs}${String(faq.id)}/`;
		const text = faq.question !== item.question || faq.answer !== item.answer;
		if (text) {
			const body = { question: item.question, answer: item.answer };
			await maiagentApi(this.ctx, { method: 'PUT', url, body }, scope);
		}
		const patch: IDataObject = {};
		if (item.labels && labelIds(item.labels) !== labelIds(faq.labels)) patch.labels = item.labels;
		if (canonical(item.metadata) !== canonical(metadataOf(faq))) {
			patch.rawUserDefineMetadata = item.metadata;
		}
		if (Object.keys(patch).length)
			await patchMetadata(this.ctx, `${url}update-metadata/`, patch, scope);
		return text || Object.keys(patch).length > 0;
	}

	private async delete(entities: IDataObject[], scope: RequestScope): Promise<void> {
		for (const entity of entities) {
			await deleteIfPresent(this.ctx, `${this.faqs}${String(entity.id)}/`, scope);
		}
	}

	async remove(key: string, copies: IDataObject[]): Promise<IDataObject> {
		await this.delete(copies, this.scope);
		return { status: 'removed', key, faqIds: copies.map((f) => f.id) };
	}
}

export const executeBatch: BatchExecute = async function (scopes) {
	const knowledgeBase = knowledgeBaseId(this, 0);
	const settings = readSyncSettings(this);
	return await runSync(
		this,
		scopes,
		new FaqSync(this, knowledgeBase, settings, scopes[0]),
		settings,
	);
};
