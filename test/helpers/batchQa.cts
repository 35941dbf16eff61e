/** Batch QA workbooks for the tests: question files in, the export's rows out (exceljs, tooling only). */
import ExcelJS from 'exceljs';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A question row: the question (null: a blank row, as the examples' sample has) and its 型態. */
export type QuestionRow = [question: string | null, turn: string];

/** The shape of MaiAgent's sample `batch_qa_file_example.xlsx`: its first four questions, then blank rows. */
export const SAMPLE_ROWS: QuestionRow[] = [
	['what should I do before create PR?', 'Follow'],
	['what id ptint() do in python', 'Follow'],
	['what should I do before create commit in git?', 'New'],
	['whit is Rust language', 'Follow'],
	[null, 'New'],
	[null, 'Follow'],
];

/** A question file: one sheet, header 問題 | 型態 in row 1. */
export async function questionWorkbook(rows: QuestionRow[] = SAMPLE_ROWS): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('工作表1');
	sheet.addRow(['問題', '型態']);
	for (const row of rows) sheet.addRow(row);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface AnswerRow {
	問題: string;
	型態: string;
	回覆: string;
}

/** The rows of an export, keyed by its header (問題, 型態, 回覆). */
export async function readAnswers(bytes: Buffer): Promise<AnswerRow[]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0];
	const header = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? ''));
	const rows: AnswerRow[] = [];
	sheet.eachRow((row, number) => {
		if (number === 1) return;
		const values = row.values as unknown[];
		rows.push(
			Object.fromEntries(
				header.map((name, i) => [name, String(values[i] ?? '')]).filter(([name]) => name),
			) as unknown as AnswerRow,
		);
	});
	return rows;
}

/**
 * A question set registered on a sandbox's web chat the way MaiAgent's examples do it (presign
 * `batch-qa`, storage POST with `file` last, `POST web-chats/{id}/batch-qas/`); answers its id.
 */
export async function registerQuestionSet(
	sandbox: { baseUrl: string; apiKey: string },
	webChatId: string,
	rows: QuestionRow[] = SAMPLE_ROWS,
): Promise<string> {
	const bytes = await questionWorkbook(rows);
	const headers = {
		authorization: `Api-Key ${sandbox.apiKey}`,
		'content-type': 'application/json',
	};
	const post = async (url: string, body: unknown) => {
		const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
		if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
		return (await response.json()) as Record<string, any>;
	};
	const filename = 'questions.xlsx';
	const presigned = await post(`${sandbox.baseUrl}/upload-presigned-url/`, {
		filename,
		modelName: 'batch-qa',
		fieldName: 'file',
		fileSize: bytes.length,
	});
	const form = new FormData();
	for (const [name, value] of Object.entries(presigned.fields as Record<string, string>))
		form.append(name, value);
	form.append('file', new Blob([bytes], { type: XLSX_MIME }), filename);
	const stored = await fetch(presigned.url as string, { method: 'POST', body: form });
	if (stored.status !== 204) throw new Error(`storage: ${stored.status} ${await stored.text()}`);
	const run = await post(`${sandbox.baseUrl}/web-chats/${webChatId}/batch-qas/`, {
		file: presigned.fields.key,
		filename,
	});
	return String(run.id);
}
