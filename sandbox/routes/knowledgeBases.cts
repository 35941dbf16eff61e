/**
 * Knowledge bases (model: `knowledge.cts`), as MaiAgent's example clients call them:
 * `knowledge-bases/` CRUD (list: `page`/`pageSize` or `limit`/`offset`, `query` on the name),
 * `embedding-models/`, `reranker-models/`, `parsers/supported-file-types/` (a bare list, as MaiAgent's
 * parser example reads it), and under `knowledge-bases/{kb}/`: `labels/` (name unique
 * in the knowledge base), `files/` (create from presigned-upload keys; list filters `status`,
 * `fileType`, `keyword`), `files/{id}/`, `files/{id}/update-metadata/` (PATCH or POST),
 * `files/batch-delete/`, `files/batch-reparse/`, `faqs/` (+ `{id}/`, `batch-delete/`,
 * `{id}/update-metadata/`), `documents/` (chunks, `chatbot_file_id`) and `search/` (POST body or GET
 * query). `rawUserDefineMetadata` and document `metadata` keep the client's own keys (no camelCasing).
 */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import type { Knowledge, KnowledgeBase, KnowledgeBaseFile } from '../knowledge.cts';
import * as http from '../http.cts';
import * as knowledge from '../knowledge.cts';
import * as pagination from '../pagination.cts';
import * as random from '../random.cts';

const kOf = (ctx: Ctx): Knowledge => knowledge.knowledgeOf(ctx.app.store);

function baseParam(ctx: Ctx): KnowledgeBase {
	const kb = kOf(ctx).bases.get(ctx.params.kb);
	if (!kb) throw http.notFound();
	return kb;
}

/** An item of the knowledge base in the path, by the `id` path parameter, or a 404. */
function itemParam<T extends { knowledgeBaseId: string }>(ctx: Ctx, map: Map<string, T>): T {
	const kb = baseParam(ctx);
	const item = map.get(ctx.params.id);
	if (!item || item.knowledgeBaseId !== kb.id) throw http.notFound();
	return item;
}

/** Page numbers, or limit/offset when the client pages that way. */
function page<T>(ctx: Ctx, items: T[], view: (item: T) => unknown) {
	const paginate =
		ctx.query.has('limit') || ctx.query.has('offset')
			? pagination.paginateLimitOffset
			: pagination.paginatePage;
	http.json(ctx, 200, paginate(ctx, items, view));
}

/** The JSON body as sent (keys not camelCased), for user-defined metadata. */
function rawJson(ctx: Ctx): unknown {
	try {
		return JSON.parse(ctx.rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
}

function metadataOf(raw: unknown, camel: string, snake: string): unknown {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const record = raw as Record<string, unknown>;
	return record[camel] ?? record[snake];
}

function objectField(
	errors: http.FieldErrors,
	field: string,
	value: unknown,
): Record<string, unknown> | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) {
		errors.add(field, 'Value must be valid JSON.');
		return undefined;
	}
	return value as Record<string, unknown>;
}

/** `labels: [{id, name?}]` (or bare ids) → label ids of this knowledge base. */
function labelIds(
	errors: http.FieldErrors,
	ctx: Ctx,
	kb: KnowledgeBase,
	value: unknown,
): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) {
		errors.add('labels', 'Expected a list of items but got type "dict".');
		return undefined;
	}
	const ids: string[] = [];
	for (const entry of value) {
		const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : entry;
		if (!random.isUuid(id)) {
			errors.add('labels', http.invalidUuid(id));
			return undefined;
		}
		const label = kOf(ctx).labels.get(id.toLowerCase());
		if (!label || label.knowledgeBaseId !== kb.id) {
			errors.add('labels', http.missingObject(id));
			return undefined;
		}
		ids.push(label.id);
	}
	return [...new Set(ids)];
}

function idList(body: unknown, field: string): string[] {
	const list = (body as Record<string, unknown> | undefined)?.[field];
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list))
		throw new http.ApiError(400, { [field]: ['Expected a list of items.'] });
	const bad = list.find((id) => !random.isUuid(id));
	if (bad !== undefined) throw new http.ApiError(400, { [field]: [http.invalidUuid(bad)] });
	return list.map((id: string) => id.toLowerCase());
}

// ---- knowledge bases ----

function number(errors: http.FieldErrors, body: Record<string, unknown>, field: string) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	const parsed = Number(value);
	if (typeof value === 'boolean' || !Number.isFinite(parsed)) {
		errors.add(field, 'A valid number is required.');
		return undefined;
	}
	return parsed;
}

function boolean(errors: http.FieldErrors, body: Record<string, unknown>, field: string) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') {
		errors.add(field, 'Must be a valid boolean.');
		return undefined;
	}
	return value;
}

function modelField(
	errors: http.FieldErrors,
	body: Record<string, unknown>,
	field: string,
	models: Array<{ id: string; isDefault: boolean }>,
): string | undefined {
	const value = body[field];
	// MaiAgent's example client leaves the models out (None values are dropped): the default then.
	if (value === undefined || value === null || value === '') return undefined;
	const id = typeof value === 'object' ? (value as { id?: unknown }).id : value;
	const model = random.isUuid(id) ? models.find((m) => m.id === id.toLowerCase()) : undefined;
	if (!model) errors.add(field, random.isUuid(id) ? http.missingObject(id) : http.invalidUuid(id));
	return model?.id;
}

function refIds(
	errors: http.FieldErrors,
	body: Record<string, unknown>,
	field: string,
	exists: (id: string) => boolean,
): string[] | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) {
		errors.add(field, 'Expected a list of items.');
		return undefined;
	}
	const ids: string[] = [];
	for (const entry of value) {
		const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : entry;
		if (!random.isUuid(id) || !exists(id.toLowerCase())) {
			errors.add(field, random.isUuid(id) ? http.missingObject(id) : http.invalidUuid(id));
			return undefined;
		}
		ids.push(id.toLowerCase());
	}
	return ids;
}

/** Create (`kb` undefined), full update (PUT: `name` required) or partial update (PATCH). */
function writeBase(ctx: Ctx, kb: KnowledgeBase | undefined, partial: boolean): KnowledgeBase {
	const k = kOf(ctx);
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const name = http.stringField(errors, body, 'name', !partial);
	const description = body.description;
	const embeddingModelId = modelField(errors, body, 'embeddingModel', k.embeddingModels);
	const rerankerModelId = modelField(errors, body, 'rerankerModel', k.rerankerModels);
	const numbers = {
		numberOfRetrievedChunks: number(errors, body, 'numberOfRetrievedChunks'),
		sentenceWindowSize: number(errors, body, 'sentenceWindowSize'),
		similarityCutoff: number(errors, body, 'similarityCutoff'),
	};
	const flags = {
		enableHyde: boolean(errors, body, 'enableHyde'),
		enableRerank: boolean(errors, body, 'enableRerank'),
	};
	const chatbotIds = refIds(errors, body, 'chatbots', (id) => !!ctx.app.store.chatbot(id));
	const groupIds = refIds(errors, body, 'groups', () => true);
	errors.throwIfAny();
	const now = ctx.app.store.now();
	const fallbackModel = (models: Array<{ id: string; isDefault: boolean }>) =>
		(models.find((m) => m.isDefault) ?? models[0]).id;
	const d = knowledge.KNOWLEDGE_BASE_DEFAULTS;
	const next: KnowledgeBase = {
		id: kb?.id ?? k.id(),
		name: name ?? kb?.name ?? '',
		description: description === undefined ? (kb?.description ?? '') : String(description ?? ''),
		embeddingModelId: embeddingModelId ?? kb?.embeddingModelId ?? fallbackModel(k.embeddingModels),
		rerankerModelId: rerankerModelId ?? kb?.rerankerModelId ?? fallbackModel(k.rerankerModels),
		numberOfRetrievedChunks:
			numbers.numberOfRetrievedChunks ?? kb?.numberOfRetrievedChunks ?? d.numberOfRetrievedChunks,
		sentenceWindowSize:
			numbers.sentenceWindowSize ?? kb?.sentenceWindowSize ?? d.sentenceWindowSize,
		enableHyde: flags.enableHyde ?? kb?.enableHyde ?? d.enableHyde,
		similarityCutoff: numbers.similarityCutoff ?? kb?.similarityCutoff ?? d.similarityCutoff,
		enableRerank: flags.enableRerank ?? kb?.enableRerank ?? d.enableRerank,
		chatbotIds: chatbotIds ?? kb?.chatbotIds ?? [],
		groupIds: groupIds ?? kb?.groupIds ?? [],
		createdAt: kb?.createdAt ?? now,
		updatedAt: now,
	};
	k.bases.set(next.id, next);
	return next;
}

// ---- files ----

const fileTypeOf = (filename: string) =>
	filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';

function createFiles(ctx: Ctx): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	const body = http.bodyObject(ctx);
	const rawFiles = metadataOf(rawJson(ctx), 'files', 'files');
	const list = body.files;
	if (list === undefined || list === null) throw new http.ApiError(400, { files: [http.REQUIRED] });
	if (!Array.isArray(list) || list.length === 0)
		throw new http.ApiError(400, { files: ['This list may not be empty.'] });
	const entryErrors: Array<Record<string, unknown>> = [];
	const plans = list.map((entry: unknown, i) => {
		const errors = new http.FieldErrors();
		const item = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
		const key = http.stringField(errors, item, 'file');
		const upload = key === undefined ? undefined : ctx.app.store.upload(key);
		if (key !== undefined && !upload)
			errors.add('file', 'The file was not uploaded to storage (presigned upload first).');
		const filename = http.stringField(errors, item, 'filename', false);
		const parser = item.parser === undefined || item.parser === null ? null : String(item.parser);
		const name = filename ?? upload?.filename ?? '';
		const problem = parser && knowledge.parserProblem(parser, fileTypeOf(name));
		if (problem) errors.add('parser', problem);
		const labels = labelIds(errors, ctx, kb, item.labels);
		const raw = Array.isArray(rawFiles) ? (rawFiles[i] as unknown) : undefined;
		const metadata = objectField(
			errors,
			'rawUserDefineMetadata',
			metadataOf(raw, 'rawUserDefineMetadata', 'raw_user_define_metadata'),
		);
		entryErrors.push(errors.map);
		return { key: key!, upload, filename, parser, labels, metadata };
	});
	if (entryErrors.some((e) => Object.keys(e).length > 0))
		throw new http.ApiError(400, { files: entryErrors });
	const created = plans.map((plan) => {
		const filename = plan.filename ?? plan.upload!.filename;
		const now = ctx.app.store.now();
		const file: KnowledgeBaseFile = {
			id: k.id(),
			knowledgeBaseId: kb.id,
			filename,
			key: plan.key,
			size: plan.upload!.bytes.length,
			fileType: fileTypeOf(filename),
			status: 'initial',
			failureReason: null,
			parser: plan.parser,
			labelIds: plan.labels ?? [],
			rawUserDefineMetadata: plan.metadata ?? {},
			createdAt: now,
			updatedAt: now,
			run: 0,
		};
		k.files.set(file.id, file);
		k.process(ctx.app, file);
		return file;
	});
	const views = created.map((f) => knowledge.fileView(ctx.app, k, f));
	http.json(
		ctx,
		201,
		k.forms.fileCreated === 'page'
			? { count: views.length, next: null, previous: null, results: views }
			: views,
	);
}

function listFiles(ctx: Ctx): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	const status = http.queryParam(ctx, 'status');
	const fileType = http.queryParam(ctx, 'fileType');
	const keyword = http.queryParam(ctx, 'keyword') ?? http.queryParam(ctx, 'query');
	const files = k
		.filesOf(kb.id)
		.filter(
			(f) =>
				(!status || f.status === status) &&
				(!fileType || f.fileType === fileType.toLowerCase()) &&
				(!keyword || f.filename.toLowerCase().includes(keyword.toLowerCase())),
		);
	page(ctx, files, (f) => knowledge.fileView(ctx.app, k, f));
}

/** The body's `labels` and `rawUserDefineMetadata` (a file's or FAQ's), each undefined when absent. */
function labelsAndMetadata(ctx: Ctx, errors: http.FieldErrors, kb: KnowledgeBase) {
	return {
		labels: labelIds(errors, ctx, kb, http.bodyObject(ctx).labels),
		metadata: objectField(
			errors,
			'rawUserDefineMetadata',
			metadataOf(rawJson(ctx), 'rawUserDefineMetadata', 'raw_user_define_metadata'),
		),
	};
}

/** Labels and/or user metadata of a file or FAQ (`update-metadata/`, PATCH or POST). */
function updateMetadata(
	ctx: Ctx,
	item: { labelIds: string[]; rawUserDefineMetadata: Record<string, unknown>; updatedAt: string },
): void {
	const errors = new http.FieldErrors();
	const { labels, metadata } = labelsAndMetadata(ctx, errors, baseParam(ctx));
	errors.throwIfAny();
	if (labels) item.labelIds = labels;
	if (metadata) item.rawUserDefineMetadata = metadata;
	item.updatedAt = ctx.app.store.now();
}

function reparse(ctx: Ctx): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	// Documented body: a bare list `[{id, parser}]`; `{files: [...]}` is taken too.
	const body = Array.isArray(ctx.body) ? ctx.body : (http.bodyObject(ctx).files ?? []);
	if (!Array.isArray(body) || body.length === 0)
		throw new http.ApiError(400, { nonFieldErrors: ['Expected a non-empty list of files.'] });
	const files = body.map((entry: unknown) => {
		const item = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
		const file = random.isUuid(item.id) ? k.files.get(item.id.toLowerCase()) : undefined;
		if (!file || file.knowledgeBaseId !== kb.id)
			throw new http.ApiError(400, {
				id: [random.isUuid(item.id) ? http.missingObject(item.id) : http.invalidUuid(item.id)],
			});
		const problem =
			item.parser === undefined || item.parser === null
				? undefined
				: knowledge.parserProblem(String(item.parser), file.fileType);
		if (problem) throw new http.ApiError(400, { parser: [problem] });
		return { file, parser: item.parser };
	});
	for (const { file, parser } of files) {
		if (parser !== undefined) file.parser = parser === null ? null : String(parser);
		k.process(ctx.app, file);
	}
	http.json(
		ctx,
		200,
		files.map(({ file }) => knowledge.fileView(ctx.app, k, file)),
	);
}

// ---- FAQs and labels ----

function writeFaq(ctx: Ctx, existing?: knowledge.KnowledgeFaq): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const question = http.stringField(errors, body, 'question');
	const answer = http.stringField(errors, body, 'answer');
	const { labels, metadata } = labelsAndMetadata(ctx, errors, kb);
	errors.throwIfAny();
	const now = ctx.app.store.now();
	const faq: knowledge.KnowledgeFaq = {
		id: existing?.id ?? k.id(),
		knowledgeBaseId: kb.id,
		question: question!,
		answer: answer!,
		labelIds: labels ?? existing?.labelIds ?? [],
		rawUserDefineMetadata: metadata ?? existing?.rawUserDefineMetadata ?? {},
		createdAt: existing?.createdAt ?? now,
		updatedAt: now,
	};
	k.faqs.set(faq.id, faq);
	http.json(ctx, existing ? 200 : 201, knowledge.faqView(k, faq));
}

function writeLabel(ctx: Ctx, existing?: knowledge.KnowledgeLabel): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	const errors = new http.FieldErrors();
	const name = http.stringField(errors, http.bodyObject(ctx), 'name');
	errors.throwIfAny();
	if (k.labelsOf(kb.id).some((l) => l.name === name && l.id !== existing?.id))
		throw new http.ApiError(400, {
			nonFieldErrors: ['The fields knowledge_base, name must make a unique set.'],
		});
	const label: knowledge.KnowledgeLabel = {
		id: existing?.id ?? k.id(),
		knowledgeBaseId: kb.id,
		name: name!,
		createdAt: existing?.createdAt ?? ctx.app.store.now(),
	};
	k.labels.set(label.id, label);
	http.json(ctx, existing ? 200 : 201, knowledge.labelView(label));
}

// ---- search and chunks ----

function search(ctx: Ctx): void {
	const k = kOf(ctx);
	const kb = baseParam(ctx);
	const query = ctx.method === 'GET' ? ctx.query.get('query') : http.bodyObject(ctx).query;
	if (typeof query !== 'string' || query.trim() === '')
		throw new http.ApiError(400, { query: [query ? 'Not a valid string.' : http.REQUIRED] });
	http.json(
		ctx,
		200,
		k.search(kb, query).map((r) => knowledge.searchItem(k, r)),
	);
}

function documentParam(ctx: Ctx): knowledge.KnowledgeDocument {
	return itemParam(ctx, kOf(ctx).documents);
}

const noContent = (ctx: Ctx): void => {
	ctx.res.writeHead(204);
	ctx.res.end();
};

const models = (pick: (k: Knowledge) => Array<{ id: string }>) => (ctx: Ctx) =>
	page(ctx, pick(kOf(ctx)), (m) => m);

const KB = 'knowledge-bases/:kb/';

interface ItemKind<T> {
	items: (k: Knowledge) => Map<string, T>;
	view: (ctx: Ctx, item: T) => unknown;
	remove: (k: Knowledge, id: string) => void;
}

/** A file's or FAQ's own routes: `{id}/` GET and DELETE, `{id}/update-metadata/` PATCH or POST. */
function itemRoutes<
	T extends Parameters<typeof updateMetadata>[1] & { id: string; knowledgeBaseId: string },
>(path: 'files' | 'faqs', { items, view, remove }: ItemKind<T>): Route[] {
	const item = (ctx: Ctx) => itemParam(ctx, items(kOf(ctx)));
	return [
		{
			method: 'GET',
			pattern: `${KB}${path}/:id/`,
			handler: (ctx) => http.json(ctx, 200, view(ctx, item(ctx))),
		},
		{
			method: 'DELETE',
			pattern: `${KB}${path}/:id/`,
			handler: (ctx) => {
				remove(kOf(ctx), item(ctx).id);
				noContent(ctx);
			},
		},
		...(['PATCH', 'POST'] as const).map(
			(method): Route => ({
				method,
				pattern: `${KB}${path}/:id/update-metadata/`,
				handler: (ctx) => {
					const found = item(ctx);
					updateMetadata(ctx, found);
					http.json(ctx, 200, view(ctx, found));
				},
			}),
		),
	];
}

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'parsers/supported-file-types/',
		handler: (ctx) => http.json(ctx, 200, knowledge.supportedFileTypes()),
	},
	{ method: 'GET', pattern: 'embedding-models/', handler: models((k) => k.embeddingModels) },
	{ method: 'GET', pattern: 'reranker-models/', handler: models((k) => k.rerankerModels) },
	{
		method: 'GET',
		pattern: 'knowledge-bases/',
		handler: (ctx) => {
			const k = kOf(ctx);
			const query = ctx.query.get('query')?.toLowerCase();
			const bases = k
				.basesInOrder()
				.filter((kb) => !query || kb.name.toLowerCase().includes(query));
			page(ctx, bases, (kb) => knowledge.baseView(ctx.app, k, kb));
		},
	},
	{
		method: 'POST',
		pattern: 'knowledge-bases/',
		handler: (ctx) =>
			http.json(ctx, 201, knowledge.baseView(ctx.app, kOf(ctx), writeBase(ctx, undefined, false))),
	},
	{
		method: 'GET',
		pattern: KB,
		handler: (ctx) => http.json(ctx, 200, knowledge.baseView(ctx.app, kOf(ctx), baseParam(ctx))),
	},
	...(['PUT', 'PATCH'] as const).map(
		(method): Route => ({
			method,
			pattern: KB,
			handler: (ctx) =>
				http.json(
					ctx,
					200,
					knowledge.baseView(ctx.app, kOf(ctx), writeBase(ctx, baseParam(ctx), method === 'PATCH')),
				),
		}),
	),
	{
		method: 'DELETE',
		pattern: KB,
		handler: (ctx) => {
			kOf(ctx).deleteBase(baseParam(ctx).id);
			noContent(ctx);
		},
	},

	// labels
	{
		method: 'GET',
		pattern: `${KB}labels/`,
		handler: (ctx) => page(ctx, kOf(ctx).labelsOf(baseParam(ctx).id), knowledge.labelView),
	},
	{ method: 'POST', pattern: `${KB}labels/`, handler: (ctx) => writeLabel(ctx) },
	{
		method: 'GET',
		pattern: `${KB}labels/:id/`,
		handler: (ctx) => http.json(ctx, 200, knowledge.labelView(itemParam(ctx, kOf(ctx).labels))),
	},
	...(['PUT', 'PATCH'] as const).map(
		(method): Route => ({
			method,
			pattern: `${KB}labels/:id/`,
			handler: (ctx) => writeLabel(ctx, itemParam(ctx, kOf(ctx).labels)),
		}),
	),
	{
		method: 'DELETE',
		pattern: `${KB}labels/:id/`,
		handler: (ctx) => {
			kOf(ctx).deleteLabel(itemParam(ctx, kOf(ctx).labels).id);
			noContent(ctx);
		},
	},

	// files
	{ method: 'GET', pattern: `${KB}files/`, handler: listFiles },
	{ method: 'POST', pattern: `${KB}files/`, handler: createFiles },
	{
		method: 'POST',
		pattern: `${KB}files/batch-delete/`,
		handler: (ctx) => {
			const k = kOf(ctx);
			const kb = baseParam(ctx);
			const ids = idList(ctx.body, 'ids');
			if (ids.length === 0) throw new http.ApiError(400, { ids: ['This list may not be empty.'] });
			for (const id of ids) if (k.files.get(id)?.knowledgeBaseId === kb.id) k.deleteFile(id);
			noContent(ctx);
		},
	},
	{ method: 'PATCH', pattern: `${KB}files/batch-reparse/`, handler: reparse },
	...itemRoutes('files', {
		items: (k) => k.files,
		view: (ctx, file) => knowledge.fileView(ctx.app, kOf(ctx), file),
		remove: (k, id) => k.deleteFile(id),
	}),

	// FAQs
	{
		method: 'GET',
		pattern: `${KB}faqs/`,
		handler: (ctx) => {
			const k = kOf(ctx);
			page(ctx, k.faqsOf(baseParam(ctx).id), (f) => knowledge.faqView(k, f));
		},
	},
	{ method: 'POST', pattern: `${KB}faqs/`, handler: (ctx) => writeFaq(ctx) },
	{
		method: 'POST',
		pattern: `${KB}faqs/batch-delete/`,
		handler: (ctx) => {
			const k = kOf(ctx);
			const kb = baseParam(ctx);
			const ids = idList(ctx.body, 'ids');
			// MaiAgent's helper sends `ids: []` for "delete all FAQs" (its message says so).
			const doomed = ids.length === 0 ? k.faqsOf(kb.id).map((f) => f.id) : ids;
			for (const id of doomed) if (k.faqs.get(id)?.knowledgeBaseId === kb.id) k.faqs.delete(id);
			noContent(ctx);
		},
	},
	{
		method: 'PUT',
		pattern: `${KB}faqs/:id/`,
		handler: (ctx) => writeFaq(ctx, itemParam(ctx, kOf(ctx).faqs)),
	},
	...itemRoutes('faqs', {
		items: (k) => k.faqs,
		view: (ctx, faq) => knowledge.faqView(kOf(ctx), faq),
		remove: (k, id) => k.faqs.delete(id),
	}),

	// chunks and search
	{
		method: 'GET',
		pattern: `${KB}documents/`,
		handler: (ctx) => {
			const k = kOf(ctx);
			const kb = baseParam(ctx);
			const fileId = http.uuidFilter(ctx, 'chatbotFileId');
			const docs = [...k.documents.values()].filter(
				(d) => d.knowledgeBaseId === kb.id && (!fileId || d.fileId === fileId),
			);
			page(ctx, docs, (d) => knowledge.documentView(k, d));
		},
	},
	{
		method: 'PUT',
		pattern: `${KB}documents/:id/`,
		handler: (ctx) => {
			const doc = documentParam(ctx);
			const body = http.bodyObject(ctx);
			const errors = new http.FieldErrors();
			const content = http.stringField(errors, body, 'content', false);
			const metadata = objectField(
				errors,
				'metadata',
				metadataOf(rawJson(ctx), 'metadata', 'metadata'),
			);
			errors.throwIfAny();
			if (content !== undefined) doc.content = content;
			if (metadata) doc.metadata = metadata;
			doc.updatedAt = ctx.app.store.now();
			http.json(ctx, 200, knowledge.documentView(kOf(ctx), doc));
		},
	},
	{
		method: 'DELETE',
		pattern: `${KB}documents/:id/`,
		handler: (ctx) => {
			kOf(ctx).documents.delete(documentParam(ctx).id);
			noContent(ctx);
		},
	},
	{ method: 'POST', pattern: `${KB}search/`, handler: search },
	{ method: 'GET', pattern: `${KB}search/`, handler: search },
];
