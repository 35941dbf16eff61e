/**
 * What the knowledge-base operations share: the knowledge base of the item, the file-create answer in either form, label names resolved to IDs, user
 * metadata, and the simplified shapes.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fileStatus } from '../../shared/helpers/fileStatus';
import { pick } from '../../shared/helpers/simplify';
import { getId, isUuid, parseJsonObject, splitList } from '../../shared/helpers/validate';
import { fetchAll, toPage } from '../../shared/transport/pagination';
import { maiagentApi } from '../../shared/transport/request';
import type { RequestScope } from '../../shared/transport/retry';

export const knowledgeBaseId = (ctx: IExecuteFunctions, itemIndex: number): string =>
	getId(ctx, 'knowledgeBase', 'Knowledge base', itemIndex);

/** The files of a file-create answer: a bare array (MaiAgent's own scripts) or a page. */
export function createdFiles(answer: unknown): IDataObject[] {
	return toPage(answer).results;
}

const labelRefs = (labels: unknown): IDataObject[] =>
	Array.isArray(labels)
		? (labels as IDataObject[]).map((label) => ({ id: label.id, name: label.name }))
		: [];

export function simplifyFile(file: IDataObject): IDataObject {
	const status = fileStatus(file);
	return {
		...pick(file, ['id', 'filename', 'fileType', 'size', 'parser']),
		status: status.code,
		...(status.message ? { statusMessage: status.message } : {}),
		labels: labelRefs(file.labels),
		rawUserDefineMetadata: file.rawUserDefineMetadata ?? {},
		...pick(file, ['createdAt', 'updatedAt']),
	};
}

export function simplifyFaq(faq: IDataObject): IDataObject {
	return {
		...pick(faq, ['id', 'question', 'answer']),
		labels: labelRefs(faq.labels),
		rawUserDefineMetadata: faq.rawUserDefineMetadata ?? {},
		...pick(faq, ['createdAt', 'updatedAt']),
	};
}

export function simplifyKnowledgeBase(kb: IDataObject): IDataObject {
	return {
		...pick(kb, ['id', 'name', 'description', 'filesCount', 'embeddingModel', 'rerankerModel']),
		chatbots: labelRefs(kb.chatbots),
		...pick(kb, ['createdAt', 'updatedAt']),
	};
}

export const simplifyLabel = (label: IDataObject): IDataObject =>
	pick(label, ['id', 'name', 'createdAt']);

/** The output of a delete: MaiAgent answers 204 without a body. */
export const deleted = (ids: IDataObject): IDataObject => ({ ...ids, deleted: true });

/** The item's User Metadata (a JSON object), or a NodeOperationError before any request. */
export function readMetadata(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
): IDataObject {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	return (parseJsonObject(ctx.getNode(), value, 'Metadata', itemIndex) ?? {}) as IDataObject;
}

/**
 * The labels of one knowledge base, listed once (on first use) for a whole run: names or IDs →
 * `[{id, name}]`, creating missing names when allowed, else failing before any upload.
 */
export class LabelBook {
	private labels?: Promise<IDataObject[]>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly knowledgeBase: string,
		private readonly scope: RequestScope,
	) {}

	private get url(): string {
		return `knowledge-bases/${this.knowledgeBase}/labels/`;
	}

	async refs(names: string[], createMissing: boolean, itemIndex: number): Promise<IDataObject[]> {
		if (names.length === 0) return [];
		this.labels ??= fetchAll(this.ctx, { url: this.url }, this.scope);
		const labels = await this.labels;
		const resolved: IDataObject[] = [];
		for (const wanted of names) {
			const found =
				labels.find((label) => label.name === wanted) ??
				labels.find((label) => isUuid(wanted) && label.id === wanted.toLowerCase()) ??
				(createMissing ? await this.create(wanted, labels) : undefined);
			if (!found) {
				throw new NodeOperationError(
					this.ctx.getNode(),
					`Label "${wanted}" is not in the knowledge base`,
					{
						itemIndex,
						description:
							'Use the name or ID of an existing label, or turn on "Create Missing Labels" in Options',
					},
				);
			}
			resolved.push({ id: found.id, name: found.name });
		}
		return resolved;
	}

	private async create(name: string, labels: IDataObject[]): Promise<IDataObject> {
		const created = await maiagentApi<IDataObject>(
			this.ctx,
			{ method: 'POST', url: this.url, body: { name } },
			this.scope,
		);
		labels.push(created);
		return created;
	}
}

/** The item's Labels field and "Create Missing Labels" option, resolved against the book. */
export async function readLabels(
	ctx: IExecuteFunctions,
	book: LabelBook,
	itemIndex: number,
	parameter = 'options.labels',
): Promise<IDataObject[] | undefined> {
	const names = splitList(ctx.getNodeParameter(parameter, itemIndex, ''));
	if (names.length === 0) return undefined;
	const create = ctx.getNodeParameter('options.createMissingLabels', itemIndex, false) as boolean;
	return await book.refs(names, create, itemIndex);
}

/**
 * Runs a MaiAgent call; when MaiAgent answers HTTP `status`, answers `fallback()` instead. Any other
 * failure goes on as it came (the transport already made it a NodeApiError naming the operation).
 */
export async function unlessStatus<T>(
	status: string,
	call: () => Promise<T>,
	fallback: () => Promise<T>,
): Promise<T> {
	const outcome = await call().then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if (!('error' in outcome)) return outcome.value;
	if ((outcome.error as { httpCode?: string }).httpCode !== status) throw outcome.error;
	return await fallback();
}

/** DELETE, where 404 (already gone: another run, or a person) is what was wanted. */
export async function deleteIfPresent(
	ctx: IExecuteFunctions,
	url: string,
	scope: RequestScope,
): Promise<void> {
	await unlessStatus(
		'404',
		async () => await maiagentApi(ctx, { method: 'DELETE', url }, scope),
		async () => undefined,
	);
}
