/**
 * Batch QA: a question set run through the assistant of a web chat, as MaiAgent documents it (the
 * examples' `batch_qa/`). The registered .xlsx (one sheet, header `問題 | 型態`, 型態 `New` or
 * `Follow`) is read with exceljs; its questions are then answered one after another, `delayMs`
 * apart, by the web chat's assistant in that web chat's inbox: `New` starts a conversation, `Follow`
 * continues the previous one (a first `Follow` starts one, like the examples' sample file needs).
 * Every answer is a real turn: messages, a chat record, a webhook delivery. The export holds the rows
 * answered so far, so one fetched early is incomplete, as MaiAgent warns; nothing tells a client
 * when the set is done (MaiAgent has no status route).
 *
 * State hangs off the store (`batchQaOf(store)`), so tests reach it through `sandbox.store`.
 */
import type { App } from './http.cts';
import type { Conversation, Store } from './store.cts';
import ExcelJS from 'exceljs';
import * as assistant from './assistant.cts';

export type BatchQaTurn = 'New' | 'Follow';

export interface BatchQaRow {
	question: string;
	turn: BatchQaTurn;
	/** The assistant's reply; null until answered. */
	answer: string | null;
	conversationId: string | null;
}

export interface BatchQa {
	id: string;
	webChatId: string;
	/** The storage key of the question file. */
	key: string;
	filename: string;
	createdAt: string;
	rows: BatchQaRow[];
}

/** The export's 型態 for a row (the examples' README: new or follow-up conversation). */
export const TURN_LABELS: Record<BatchQaTurn, string> = { New: '新對話', Follow: '後續對話' };

/** Pause between two answers: a demo sees the set fill up over a few seconds. */
export const DEFAULT_BATCH_QA_DELAY_MS = 1000;

export class BatchQaBook {
	readonly all = new Map<string, BatchQa>();
	/** Milliseconds between answers; null: answer only when `answerPending` is called (tests). */
	delayMs: number | null = DEFAULT_BATCH_QA_DELAY_MS;
	private app: App | undefined;
	private readonly scheduled = new Set<string>();

	constructor(private readonly store: Store) {}

	get(id: string): BatchQa | undefined {
		return this.all.get(id);
	}

	/** Registers a read question set and starts answering it. */
	add(app: App, init: Omit<BatchQa, 'id' | 'createdAt'>): BatchQa {
		this.app = app;
		const qa: BatchQa = { ...init, id: this.store.id(), createdAt: this.store.now() };
		this.all.set(qa.id, qa);
		this.schedule(qa);
		return qa;
	}

	/** Answers up to `count` unanswered rows of `id` (of every set when omitted) now. */
	answerPending(id?: string, count = Infinity): number {
		let answered = 0;
		for (const qa of id ? [this.get(id)!] : this.all.values()) {
			while (answered < count && this.answerNext(qa)) answered++;
		}
		return answered;
	}

	/** Back to answering on its own every `DEFAULT_BATCH_QA_DELAY_MS`; the sets stay. */
	reset(): void {
		this.delayMs = DEFAULT_BATCH_QA_DELAY_MS;
	}

	private schedule(qa: BatchQa): void {
		const app = this.app;
		if (!app || this.delayMs === null || this.scheduled.has(qa.id)) return;
		if (!qa.rows.some((row) => row.answer === null)) return;
		this.scheduled.add(qa.id);
		app.later(this.delayMs, () => {
			this.scheduled.delete(qa.id);
			this.answerNext(qa);
			this.schedule(qa);
		});
	}

	/** The assistant answers the set's next question; false when every row is answered. */
	private answerNext(qa: BatchQa): boolean {
		const app = this.app;
		const index = qa.rows.findIndex((row) => row.answer === null);
		if (!app || index === -1) return false;
		const row = qa.rows[index];
		const { store } = app;
		const webChat = store.webChat(qa.webChatId)!;
		const chatbot = store.chatbot(webChat.chatbotId)!;
		const previous = qa.rows[index - 1]?.conversationId;
		const conversation: Conversation =
			(row.turn === 'Follow' && previous && store.conversation(previous)) ||
			store.startConversation(store.inboxOfWebChat(webChat.id)!.id);
		const question = store.addMessage({
			conversationId: conversation.id,
			type: 'incoming',
			content: row.question,
			sender: conversation.contactId ? { kind: 'contact', id: conversation.contactId } : null,
		});
		const reply = assistant.composeFor(app, chatbot, row.question);
		assistant.storeReply(app, chatbot, question, reply.content, reply);
		row.conversationId = conversation.id;
		row.answer = reply.content;
		return true;
	}
}

const books = new WeakMap<Store, BatchQaBook>();

/** The batch QA sets of a sandbox (`batchQaOf(sandbox.store)`). */
export function batchQaOf(store: Store): BatchQaBook {
	let book = books.get(store);
	if (!book) {
		book = new BatchQaBook(store);
		books.set(store, book);
	}
	return book;
}

/** A cell's text (rich text, hyperlinks and formula results included), trimmed. */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value).trim();
	if (value instanceof Date) return value.toISOString();
	if ('richText' in value)
		return value.richText
			.map((part) => part.text)
			.join('')
			.trim();
	if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
	if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
	return '';
}

function turnOf(text: string): BatchQaTurn {
	return /^(follow|後續)/i.test(text) ? 'Follow' : 'New';
}

/**
 * The questions of a batch QA file, or why it cannot be read: the first sheet, header `問題` and
 * `型態` in row 1 (in either order), one question per row; rows without a question are skipped
 * (the examples' sample has 96 such rows), a missing 型態 means New.
 */
export async function readQuestionFile(bytes: Buffer): Promise<BatchQaRow[] | string> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		return 'The file is not a valid .xlsx workbook.';
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return 'The workbook has no sheet.';
	const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
	const questionColumn = header.indexOf('問題');
	const turnColumn = header.indexOf('型態');
	if (questionColumn < 1 || turnColumn < 1) return 'The first row must be the header 問題 | 型態.';
	const rows: BatchQaRow[] = [];
	sheet.eachRow((row, number) => {
		if (number === 1) return;
		const question = cellText(row.getCell(questionColumn).value);
		if (!question) return;
		const turn = turnOf(cellText(row.getCell(turnColumn).value));
		rows.push({ question, turn, answer: null, conversationId: null });
	});
	return rows.length > 0 ? rows : 'The file has no questions below its header.';
}

/** The export: 問題, 型態, 回覆 for the rows answered so far, in question order. */
export async function exportWorkbook(qa: BatchQa): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('批次問答');
	sheet.addRow(['問題', '型態', '回覆']);
	for (const row of qa.rows) {
		if (row.answer === null) continue;
		sheet.addRow([row.question, TURN_LABELS[row.turn], row.answer]);
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
