import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import { readText } from '../../../shared/helpers/validate';
import { readLabels } from '../../knowledge/common';
import { createMissingLabelsOption, labelsField, metadataField } from '../../knowledge/fields';
import { KnowledgeSync, MARKER, metadataOf, syncBatch, syncOptions } from '../../knowledge/sync';
import { patchMetadata } from '../../knowledge/metadata';
import type { OperationOption } from '../../helpers/interfaces';
import { answerField, questionField, readQuestionAndAnswer } from './fields';

export const option: OperationOption = {
	name: 'Sync',
	value: 'sync',
	action: 'Sync FAQs into a knowledge base',
	description:
		'Upsert FAQs by question (created, updated when the answer or labels changed, unchanged otherwise), optionally removing the ones no longer in the input',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	{ ...questionField, required: true },
	{ ...answerField, required: true },
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.rowId }}',
		description:
			'What identifies the FAQ from one run to the next, e.g. a row ID. Empty: the question (a changed question is then a new FAQ).',
	},
	optionsCollection([
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

class FaqSync extends KnowledgeSync<PreparedFaq> {
	protected readonly noun = 'faq';

	async keyOf(i: number): Promise<string> {
		const key = readText(this.ctx, 'key', i, 'Key')?.trim();
		return key || readQuestionAndAnswer(this.ctx, i).question;
	}

	describe(i: number): IDataObject {
		const key = this.tryRead(() => readText(this.ctx, 'key', i, 'Key')?.trim());
		const question = this.tryRead(() => readText(this.ctx, 'question', i, 'Question')?.trim());
		return { key: key || question, ...(question ? { question } : {}) };
	}

	nameOf(faq: IDataObject): IDataObject {
		return { question: faq.question };
	}

	async prepare(i: number, key: string): Promise<PreparedFaq> {
		this.checkKnowledgeBase(i);
		const metadata = this.markedMetadata(i, key);
		const labels = await readLabels(this.ctx, this.labels, i);
		return { itemIndex: i, key, ...readQuestionAndAnswer(this.ctx, i), labels, metadata };
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
			{ method: 'POST', url: this.url, body },
			scope,
		);
		if (metadataOf(faq)[MARKER.key] === item.key) return faq;
		// A tenant that ignores metadata on create: set it, or the next run would not know the FAQ.
		const url = `${this.url}${String(faq.id)}/update-metadata/`;
		return await patchMetadata(this.ctx, url, { rawUserDefineMetadata: metadata }, scope);
	}

	/** Writes what differs; answers whether anything did. */
	private async update(item: PreparedFaq, faq: IDataObject, scope: RequestScope): Promise<boolean> {
		const url = `${this.url}${String(faq.id)}/`;
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
}

export const executeBatch = syncBatch(FaqSync);
