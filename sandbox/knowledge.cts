/**
 * Knowledge bases: the model behind `routes/knowledgeBases.cts`. Knowledge bases, their labels, files
 * (with the processing lifecycle `initial` → `processing` → `done` | `failed`), FAQs, chunks
 * (`documents/`) and a retrieval search that scores chunk text by term overlap.
 *
 * The state lives beside the `Store` (one `Knowledge` per store, `knowledgeOf(store)`) and takes its
 * ids from its own PRNG, so the store's seeded ids are the same with or without knowledge traffic.
 */
import type { App } from './http.cts';
import type { Citation, NamedModel, Store } from './store.cts';
import * as random from './random.cts';
import * as replies from './replies.cts';
import * as views from './views.cts';
import { SEED_EPOCH } from './seed.cts';

export type FileStatusCode = 'initial' | 'processing' | 'done' | 'failed';

export interface KnowledgeBase {
	id: string;
	name: string;
	description: string;
	embeddingModelId: string;
	rerankerModelId: string;
	numberOfRetrievedChunks: number;
	sentenceWindowSize: number;
	enableHyde: boolean;
	similarityCutoff: number;
	enableRerank: boolean;
	chatbotIds: string[];
	groupIds: string[];
	createdAt: string;
	updatedAt: string;
}

export interface KnowledgeLabel {
	id: string;
	knowledgeBaseId: string;
	name: string;
	createdAt: string;
}

export interface KnowledgeBaseFile {
	id: string;
	knowledgeBaseId: string;
	filename: string;
	/** Storage key of the presigned upload. */
	key: string;
	size: number;
	fileType: string;
	status: FileStatusCode;
	/** Why processing failed (`status` `failed`). */
	failureReason: string | null;
	parser: string | null;
	labelIds: string[];
	rawUserDefineMetadata: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
	/** Bumped by every (re)parse, so timers of an older run change nothing. */
	run: number;
}

export interface KnowledgeFaq {
	id: string;
	knowledgeBaseId: string;
	question: string;
	answer: string;
	labelIds: string[];
	rawUserDefineMetadata: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
}

/** A chunk of a processed file (`documents/`). */
export interface KnowledgeDocument {
	id: string;
	knowledgeBaseId: string;
	fileId: string;
	content: string;
	metadata: Record<string, unknown>;
	pageNumber: number;
	createdAt: string;
	updatedAt: string;
}

/**
 * The documented ambiguities, answered one way or the other. Defaults follow MaiAgent's own scripts:
 * `batch_upload/` reads the file-create answer as an array (`response[0]['id']`) and
 * `scan_file_status.py` uses `status` as a string (a dictionary key).
 */
export interface KnowledgeAnswerForms {
	/** `string` (default): `"status": "done"`; `object`: `"status": {"code": "done", "message": "…"}`. */
	fileStatus?: 'string' | 'object';
	/** `array` (default): `POST …/files/` answers `[file, …]`; `page`: `{count, next, previous, results}`. */
	fileCreated?: 'array' | 'page';
}

/** How a file moves through processing. */
export interface FileProcessingPlan {
	/** Time in `initial` before `processing` (default 20 ms); Infinity: stays `initial`. */
	initialMs?: number;
	/** Time in `processing` before the outcome (default 80 ms); Infinity: stays `processing`. */
	processingMs?: number;
	/** Ends `failed` with this reason (true: a generic one) instead of `done`. */
	fail?: string | boolean;
}

export interface KnowledgeControl {
	setAnswerForms(forms: KnowledgeAnswerForms): void;
	/**
	 * Processing of files whose name matches (a string: equal to the filename; a RegExp: by test),
	 * for files created or re-parsed from now on. The latest matching rule wins; files no rule
	 * matches use the defaults.
	 */
	setFileProcessing(filename: string | RegExp, plan: FileProcessingPlan): void;
}

export const DEFAULT_INITIAL_MS = 20;
export const DEFAULT_PROCESSING_MS = 80;
export const DEFAULT_FAILURE_REASON = '檔案解析失敗';
const STATUS_MESSAGES: Record<FileStatusCode, string> = {
	initial: '等待處理',
	processing: '處理中',
	done: '處理完成',
	failed: DEFAULT_FAILURE_REASON,
};
const TEXT_TYPES = new Set(['txt', 'md', 'markdown', 'csv', 'tsv', 'json', 'html', 'htm', 'xml']);
export const CHUNK_CHARS = 400;
/** Settings of a knowledge base created without them (and of the seeded one). */
export const KNOWLEDGE_BASE_DEFAULTS = {
	numberOfRetrievedChunks: 12,
	sentenceWindowSize: 2,
	enableHyde: false,
	similarityCutoff: 0,
	enableRerank: true,
};

/** MaiAgent's parsers (providers as its Message schema names them: maiagent, llama, azure). */
export const PARSERS = {
	maiagent: {
		id: 'c7d1e2f3-4444-4444-8444-000000000021',
		name: 'MaiAgent Parser',
		provider: 'maiagent',
	},
	llama: { id: 'c7d1e2f3-5555-4555-8555-000000000022', name: 'LlamaParse', provider: 'llama' },
	azure: {
		id: 'c7d1e2f3-6666-4666-8666-000000000023',
		name: 'Azure Document Intelligence',
		provider: 'azure',
	},
};

/** Which parsers read which file types, the first of each the default; other types: none. */
const PARSERS_BY_TYPE: Array<[string[], Array<(typeof PARSERS)['maiagent']>]> = [
	[[...TEXT_TYPES], [PARSERS.maiagent]],
	[
		['png', 'jpg', 'jpeg'],
		[PARSERS.maiagent, PARSERS.azure],
	],
	[
		['pdf', 'doc', 'docx', 'ppt', 'pptx', 'xls', 'xlsx', 'rtf'],
		[PARSERS.maiagent, PARSERS.llama, PARSERS.azure],
	],
];

export function parsersFor(fileType: string): Array<(typeof PARSERS)['maiagent']> {
	return PARSERS_BY_TYPE.find(([types]) => types.includes(fileType))?.[1] ?? [];
}

/** `parsers/supported-file-types/`: one entry per type. */
export function supportedFileTypes() {
	return PARSERS_BY_TYPE.flatMap(([types, parsers]) =>
		types.map((type) => ({
			fileType: `.${type}`,
			parsers: parsers.map((parser, i) => ({ ...parser, isDefault: i === 0 })),
		})),
	);
}

/** Why `parser` cannot read a file of `fileType` (unknown, or not for that type), or undefined. */
export function parserProblem(parser: string, fileType?: string): string | undefined {
	const known = Object.values(PARSERS).find((p) => p.id === parser.toLowerCase());
	if (!known) return `Invalid pk "${parser}" - object does not exist.`;
	if (fileType !== undefined && !parsersFor(fileType).includes(known))
		return `${known.name} does not parse .${fileType} files.`;
	return undefined;
}

/** Models the pickers list besides the chatbots' own ones (MaiAgent offers several). */
const EXTRA_MODELS = {
	embedding: { id: 'b1f2a3c4-2222-4222-8222-000000000012', name: 'bge-m3', isDefault: false },
	reranker: {
		id: 'b1f2a3c4-3333-4333-8333-000000000013',
		name: 'jina-reranker-v2',
		isDefault: false,
	},
};

const definedOnly = (forms: KnowledgeAnswerForms): KnowledgeAnswerForms =>
	Object.fromEntries(Object.entries(forms).filter(([, v]) => v !== undefined));

const withDefaults = (forms: KnowledgeAnswerForms): Required<KnowledgeAnswerForms> => ({
	fileStatus: 'string',
	fileCreated: 'array',
	...definedOnly(forms),
});

export class Knowledge {
	private readonly random = new random.Random(20250301);
	readonly bases = new Map<string, KnowledgeBase>();
	readonly labels = new Map<string, KnowledgeLabel>();
	readonly files = new Map<string, KnowledgeBaseFile>();
	readonly faqs = new Map<string, KnowledgeFaq>();
	readonly documents = new Map<string, KnowledgeDocument>();
	forms: Required<KnowledgeAnswerForms>;
	private rules: Array<{ filename: string | RegExp; plan: FileProcessingPlan }> = [];

	constructor(
		private readonly store: Store,
		private readonly startForms: KnowledgeAnswerForms = {},
	) {
		this.forms = withDefaults(startForms);
	}

	id(): string {
		return this.random.uuid();
	}

	/** Back to the start options: answer forms and processing rules; the data stays. */
	reset(): void {
		this.forms = withDefaults(this.startForms);
		this.rules = [];
	}

	setFileProcessing(filename: string | RegExp, plan: FileProcessingPlan): void {
		this.rules.push({ filename, plan });
	}

	planFor(filename: string): FileProcessingPlan {
		const rule = [...this.rules]
			.reverse()
			.find((r) =>
				typeof r.filename === 'string' ? r.filename === filename : r.filename.test(filename),
			);
		return rule?.plan ?? {};
	}

	private models(kind: 'embeddingModel' | 'rerankerModel'): NamedModel[] {
		const extra = kind === 'embeddingModel' ? EXTRA_MODELS.embedding : EXTRA_MODELS.reranker;
		const byId = new Map(this.store.chatbots.map((c) => [c[kind].id, c[kind]]));
		return [...byId.values(), extra];
	}

	get embeddingModels(): NamedModel[] {
		return this.models('embeddingModel');
	}

	get rerankerModels(): NamedModel[] {
		return this.models('rerankerModel');
	}

	basesInOrder(): KnowledgeBase[] {
		return [...this.bases.values()].reverse();
	}

	filesOf(kbId: string): KnowledgeBaseFile[] {
		return [...this.files.values()].filter((f) => f.knowledgeBaseId === kbId).reverse();
	}

	labelsOf(kbId: string): KnowledgeLabel[] {
		return [...this.labels.values()].filter((l) => l.knowledgeBaseId === kbId);
	}

	faqsOf(kbId: string): KnowledgeFaq[] {
		return [...this.faqs.values()].filter((f) => f.knowledgeBaseId === kbId).reverse();
	}

	documentsOf(fileId: string): KnowledgeDocument[] {
		return [...this.documents.values()].filter((d) => d.fileId === fileId);
	}

	deleteBase(kbId: string): void {
		for (const file of this.filesOf(kbId)) this.deleteFile(file.id);
		for (const faq of this.faqsOf(kbId)) this.faqs.delete(faq.id);
		for (const label of this.labelsOf(kbId)) this.labels.delete(label.id);
		this.bases.delete(kbId);
	}

	deleteFile(fileId: string): void {
		for (const doc of this.documentsOf(fileId)) this.documents.delete(doc.id);
		this.files.delete(fileId);
	}

	deleteLabel(labelId: string): void {
		this.labels.delete(labelId);
		for (const item of [...this.files.values(), ...this.faqs.values()])
			item.labelIds = item.labelIds.filter((id) => id !== labelId);
	}

	/** (Re)starts processing: `initial` now, then `processing`, then `done` (with chunks) or `failed`. */
	process(app: App, file: KnowledgeBaseFile): void {
		const run = ++file.run;
		const plan = this.planFor(file.filename);
		for (const doc of this.documentsOf(file.id)) this.documents.delete(doc.id);
		this.setStatus(file, 'initial', null);
		const initialMs = plan.initialMs ?? DEFAULT_INITIAL_MS;
		const processingMs = plan.processingMs ?? DEFAULT_PROCESSING_MS;
		const current = () => this.files.get(file.id) === file && file.run === run;
		if (!Number.isFinite(initialMs)) return;
		app.later(initialMs, () => {
			if (!current()) return;
			this.setStatus(file, 'processing', null);
			if (!Number.isFinite(processingMs)) return;
			app.later(processingMs, () => {
				if (!current()) return;
				if (plan.fail) {
					this.setStatus(file, 'failed', plan.fail === true ? DEFAULT_FAILURE_REASON : plan.fail);
					return;
				}
				this.chunk(file);
				this.setStatus(file, 'done', null);
			});
		});
	}

	private setStatus(file: KnowledgeBaseFile, status: FileStatusCode, reason: string | null): void {
		file.status = status;
		file.failureReason = reason;
		file.updatedAt = this.store.now();
	}

	/** Splits a text-like file into chunks of paragraphs; other types (pdf, xlsx…) give no text. */
	chunk(file: KnowledgeBaseFile): void {
		const upload = this.store.upload(file.key);
		const textLike =
			TEXT_TYPES.has(file.fileType) || (upload?.contentType ?? '').startsWith('text/');
		if (!upload || !textLike) return;
		const paragraphs = upload.bytes
			.toString('utf8')
			.split(/\r?\n\s*\r?\n/)
			.map((p) => p.trim())
			.filter(Boolean)
			.flatMap((p) => {
				const parts: string[] = [];
				for (let i = 0; i < p.length; i += CHUNK_CHARS) parts.push(p.slice(i, i + CHUNK_CHARS));
				return parts;
			});
		for (const content of paragraphs) {
			const doc: KnowledgeDocument = {
				id: this.id(),
				knowledgeBaseId: file.knowledgeBaseId,
				fileId: file.id,
				content,
				metadata: {},
				pageNumber: 1,
				createdAt: this.store.now(),
				updatedAt: this.store.now(),
			};
			this.documents.set(doc.id, doc);
		}
	}

	/**
	 * Retrieval over the chunks of the knowledge base's `done` files: score = share of the query's
	 * terms (latin words, CJK character pairs) found in the chunk; best first, at most
	 * `numberOfRetrievedChunks`, none below `similarityCutoff` or at 0.
	 */
	search(kb: KnowledgeBase, query: string): Array<{ doc: KnowledgeDocument; score: number }> {
		const wanted = terms(query);
		if (wanted.size === 0) return [];
		return [...this.documents.values()]
			.filter((d) => d.knowledgeBaseId === kb.id && this.files.get(d.fileId)?.status === 'done')
			.map((doc) => {
				const have = terms(doc.content);
				const hits = [...wanted].filter((t) => have.has(t)).length;
				return { doc, score: Math.round((hits / wanted.size) * 10_000) / 10_000 };
			})
			.filter((r) => r.score > 0 && r.score >= kb.similarityCutoff)
			.sort((a, b) => b.score - a.score)
			.slice(0, kb.numberOfRetrievedChunks);
	}
}

/** Latin words and digits lower-cased, CJK runs as character pairs (a lone character as itself). */
export function terms(text: string): Set<string> {
	const found = new Set<string>();
	for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) found.add(word);
	for (const run of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu) ?? []) {
		const chars = [...run];
		if (chars.length === 1) found.add(chars[0]);
		for (let i = 0; i + 1 < chars.length; i++) found.add(chars[i] + chars[i + 1]);
	}
	return found;
}

const instances = new WeakMap<Store, Knowledge>();

/** The knowledge state of a store if it has one yet (the seed's replies come before it). */
export function existingKnowledgeOf(store: Store): Knowledge | undefined {
	return instances.get(store);
}

/** The knowledge state of a store, created with these answer forms on first use. */
export function knowledgeOf(store: Store, forms?: KnowledgeAnswerForms): Knowledge {
	let knowledge = instances.get(store);
	if (!knowledge) {
		knowledge = new Knowledge(store, forms);
		instances.set(store, knowledge);
	}
	return knowledge;
}

export function control(knowledge: Knowledge): KnowledgeControl {
	return {
		setAnswerForms: (forms) => {
			knowledge.forms = withDefaults({ ...knowledge.forms, ...definedOnly(forms) });
		},
		setFileProcessing: (filename, plan) => knowledge.setFileProcessing(filename, plan),
	};
}

// ---- views (camelCase like every MaiAgent answer, except the search items, documented snake_case) ----

const labelRefs = (k: Knowledge, ids: string[]) =>
	ids.flatMap((id) => {
		const label = k.labels.get(id);
		return label ? [{ id: label.id, name: label.name }] : [];
	});

export function baseView(app: App, k: Knowledge, kb: KnowledgeBase) {
	return {
		id: kb.id,
		name: kb.name,
		description: kb.description,
		embeddingModel: kb.embeddingModelId,
		rerankerModel: kb.rerankerModelId,
		numberOfRetrievedChunks: kb.numberOfRetrievedChunks,
		sentenceWindowSize: kb.sentenceWindowSize,
		enableHyde: kb.enableHyde,
		similarityCutoff: kb.similarityCutoff,
		enableRerank: kb.enableRerank,
		chatbots: kb.chatbotIds.map((id) => ({ id, name: app.store.chatbot(id)?.name ?? '' })),
		groups: kb.groupIds.map((id) => ({ id })),
		filesCount: k.filesOf(kb.id).length,
		createdAt: kb.createdAt,
		updatedAt: kb.updatedAt,
	};
}

export const labelView = (l: KnowledgeLabel) => ({
	id: l.id,
	name: l.name,
	knowledgeBase: l.knowledgeBaseId,
	createdAt: l.createdAt,
});

export function fileView(app: App, k: Knowledge, f: KnowledgeBaseFile) {
	const message = f.failureReason ?? STATUS_MESSAGES[f.status];
	return {
		id: f.id,
		filename: f.filename,
		file: views.storageUrl(app, f.key),
		fileType: f.fileType,
		knowledgeBase: f.knowledgeBaseId,
		size: f.size,
		status: k.forms.fileStatus === 'object' ? { code: f.status, message } : f.status,
		parser: f.parser,
		labels: labelRefs(k, f.labelIds),
		rawUserDefineMetadata: f.rawUserDefineMetadata,
		createdAt: f.createdAt,
		updatedAt: f.updatedAt,
	};
}

/** A processed file as a reply cites it (the shape of MaiAgent's `citations[]`). */
export const citationOf = (app: App, f: KnowledgeBaseFile): Citation => ({
	id: f.id,
	filename: f.filename,
	file: views.storageUrl(app, f.key),
	fileType: f.fileType,
	size: f.size,
	status: 'done',
	labels: [],
	chatbotFileContent: f.id,
	parser: replies.PARSER_OF_CITATIONS,
	createdAt: f.createdAt,
});

export const faqView = (k: Knowledge, f: KnowledgeFaq) => ({
	id: f.id,
	question: f.question,
	answer: f.answer,
	labels: labelRefs(k, f.labelIds),
	rawUserDefineMetadata: f.rawUserDefineMetadata,
	knowledgeBase: f.knowledgeBaseId,
	createdAt: f.createdAt,
	updatedAt: f.updatedAt,
});

export const documentView = (k: Knowledge, d: KnowledgeDocument) => ({
	id: d.id,
	content: d.content,
	metadata: d.metadata,
	chatbotFile: { id: d.fileId, filename: k.files.get(d.fileId)?.filename ?? '' },
	pageNumber: d.pageNumber,
	createdAt: d.createdAt,
	updatedAt: d.updatedAt,
});

export const searchItem = (k: Knowledge, r: { doc: KnowledgeDocument; score: number }) => ({
	text: r.doc.content,
	score: r.score,
	chatbot_file: { id: r.doc.fileId, filename: k.files.get(r.doc.fileId)?.filename ?? '' },
	page_number: r.doc.pageNumber,
});

/**
 * The 'default' seed: 客服知識庫 for 客服小幫手 with the label 退貨, one processed text file (its
 * bytes in storage, so `file` URLs serve them and search finds them) and one FAQ.
 */
export function seed(app: App, k: Knowledge): void {
	const { store } = app;
	const at = random.timestamp(SEED_EPOCH + 30 * 60_000);
	const chatbot = store.chatbots[0];
	const kb: KnowledgeBase = {
		id: k.id(),
		name: '客服知識庫',
		description: '退換貨與配送規定',
		embeddingModelId: chatbot.embeddingModel.id,
		rerankerModelId: chatbot.rerankerModel.id,
		...KNOWLEDGE_BASE_DEFAULTS,
		chatbotIds: [chatbot.id],
		groupIds: [],
		createdAt: at,
		updatedAt: at,
	};
	k.bases.set(kb.id, kb);
	const label: KnowledgeLabel = { id: k.id(), knowledgeBaseId: kb.id, name: '退貨', createdAt: at };
	k.labels.set(label.id, label);
	const filename = '退貨政策.txt';
	const text =
		'商品到貨七天內可申請退貨，請保留完整包裝與發票。\n\n' +
		'退款會在收到退回商品後五個工作天內退回原付款方式。\n\n' +
		'Shipping: orders ship within 24 hours on business days.';
	const key = `media/chatbot-file/file/${k.id()}/${filename}`;
	store.addUpload({
		key,
		filename,
		contentType: 'text/plain',
		bytes: Buffer.from(text),
		uploadedAt: at,
	});
	const file: KnowledgeBaseFile = {
		id: k.id(),
		knowledgeBaseId: kb.id,
		filename,
		key,
		size: Buffer.byteLength(text),
		fileType: 'txt',
		status: 'done',
		failureReason: null,
		parser: null,
		labelIds: [label.id],
		rawUserDefineMetadata: { category: 'policy' },
		createdAt: at,
		updatedAt: at,
		run: 0,
	};
	k.files.set(file.id, file);
	k.chunk(file);
	const faq: KnowledgeFaq = {
		id: k.id(),
		knowledgeBaseId: kb.id,
		question: '退貨要怎麼辦？',
		answer: '到貨七天內於訂單頁面申請退貨即可。',
		labelIds: [label.id],
		rawUserDefineMetadata: {},
		createdAt: at,
		updatedAt: at,
	};
	k.faqs.set(faq.id, faq);
}
