import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { binaryBuffer, storeBinary } from '../../../../../scripts/lib/engine.cts';
import { batchQaOf, SEED_CHATBOT_ID, SEED_WEB_CHAT_ID } from '../../../../../sandbox/index.cts';
import { questionWorkbook, readAnswers, XLSX_MIME } from '../../../../helpers/batchQa.cts';
import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();
const book = () => batchQaOf(sb.sandbox.store);

const START = 'Start a batch QA run';
const RESULTS = 'Get the results of a batch QA run';

const start = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'batchQa',
	operation: 'start',
	chatbot: rl(SEED_CHATBOT_ID),
	...extra,
});

const getResults = (id: string, webChatId = SEED_WEB_CHAT_ID): INodeParameters => ({
	resource: 'batchQa',
	operation: 'getResults',
	batchQaId: id,
	webChat: rl(webChatId),
});

/** An item holding a question file as n8n's Convert to File (XLSX) outputs it, in memory. */
async function questionItem(
	bytes?: Buffer,
	meta = { fileName: 'questions.xlsx', mimeType: XLSX_MIME },
): Promise<INodeExecutionData> {
	const data = bytes ?? (await questionWorkbook());
	return { json: {}, binary: { data: { data: data.toString('base64'), ...meta } } };
}

/** Requests that would have started an upload. */
const uploads = () =>
	sb.sandbox.requests.filter(
		(r) => r.path.endsWith('/upload-presigned-url/') || r.path.startsWith('/storage/'),
	);

beforeEach(() => {
	book().delayMs = null; // the sandbox answers only when a test says so
});

describe('Batch QA > Start', () => {
	it("uploads the question file (batch-qa) and registers it on the assistant's API web chat", async () => {
		const bytes = await questionWorkbook();
		const [run] = await sb.json(start(), { input: [await questionItem(bytes)] });
		expect(run).toMatchObject({
			webChatId: SEED_WEB_CHAT_ID,
			chatbotId: SEED_CHATBOT_ID,
			fileName: 'questions.xlsx',
			fileSize: bytes.length,
		});
		expect(run.createdAtIso).toBe(new Date(Number(run.createdAt)).toISOString());
		const [presign] = sb.requestsTo('upload-presigned-url/');
		expect(presign.body).toEqual({
			filename: 'questions.xlsx',
			modelName: 'batch-qa',
			fieldName: 'file',
			fileSize: bytes.length,
		});
		const storage = sb.sandbox.requests.filter((r) => r.path.startsWith('/storage/'));
		expect(storage.map((r) => r.headers.authorization)).toEqual([undefined]);
		const [register] = sb.requestsTo(`web-chats/${SEED_WEB_CHAT_ID}/batch-qas/`);
		const key = (register.body as { file: string }).file;
		expect(register.body).toEqual({ file: key, filename: 'questions.xlsx' });
		expect(sb.sandbox.store.upload(key)?.bytes).toEqual(bytes);
		expect(
			book()
				.get(String(run.id))
				?.rows.map((row) => row.question),
		).toEqual([
			'what should I do before create PR?',
			'what id ptint() do in python',
			'what should I do before create commit in git?',
			'whit is Rust language',
		]);
	});

	it("runs on a picked web chat, streaming a file from n8n's binary store", async () => {
		const webChat = sb.sandbox.store.webChats[1];
		const bytes = await questionWorkbook([['標準方案多少錢？', 'New']]);
		const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'batch-qa-'));
		fs.writeFileSync(nodePath.join(dir, 'q.xlsx'), bytes);
		const data = await storeBinary(nodePath.join(dir, 'q.xlsx'), {
			fileName: 'q.xlsx',
			mimeType: XLSX_MIME,
		});
		fs.rmSync(dir, { recursive: true });
		expect(data.id).toBeDefined();
		const [run] = await sb.json(
			start({ target: 'webChat', webChat: rl(webChat.id), options: { fileName: 'nightly.xlsx' } }),
			{ input: [{ json: {}, binary: { data } }] },
		);
		expect(run).toMatchObject({ webChatId: webChat.id, fileName: 'nightly.xlsx' });
		expect(run.chatbotId).toBeUndefined();
		expect(sb.requestsTo(/^chatbots\//)).toHaveLength(0);
		const key = (sb.requestsTo(`web-chats/${webChat.id}/batch-qas/`)[0].body as { file: string })
			.file;
		expect(sb.sandbox.store.upload(key)?.bytes).toEqual(bytes);
	});

	it('takes the file from an expression instead of a field name (how a tool gets one)', async () => {
		const file = (await questionItem()).binary!.data;
		const [run] = await sb.json(start({ binaryPropertyName: '={{ $json.file }}' }), {
			input: [{ json: { file } as unknown as IDataObject }],
		});
		expect(run.fileName).toBe('questions.xlsx');
		expect(book().get(String(run.id))?.rows).toHaveLength(4);
	});

	it.each([
		[
			'no binary field',
			async () => ({ json: {} }),
			'No question file: the item has no binary field "data"',
		],
		[
			'a CSV file',
			async () =>
				await questionItem(Buffer.from('問題,型態\n退貨?,New\n'), {
					fileName: 'questions.csv',
					mimeType: 'text/csv',
				}),
			'The question file "questions.csv" (text/csv) is not an Excel .xlsx file',
		],
		[
			'a text file named .xlsx',
			async () => await questionItem(Buffer.from('問題\t型態\n')),
			'The question file "questions.xlsx" (' + XLSX_MIME + ') is not an Excel .xlsx file',
		],
		[
			'an empty file',
			async () => await questionItem(Buffer.alloc(0)),
			'The question file "questions.xlsx" is empty',
		],
	])('refuses %s before any upload', async (_case, item, message) => {
		const { error } = await sb.run(start(), { input: [await item()] });
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/問題 \| 型態/);
		expect(uploads()).toEqual([]);
	});

	it('refuses an assistant without an API web chat before any upload', async () => {
		const chatbot = sb.sandbox.store.chatbot(SEED_CHATBOT_ID)!;
		const apiWebChatId = chatbot.apiWebChatId;
		(chatbot as { apiWebChatId: string | null }).apiWebChatId = null;
		try {
			const { error } = await sb.run(start(), { input: [await questionItem()] });
			expect(error?.message).toBe(`The AI assistant "${chatbot.name}" has no API web chat`);
			expect(error?.description).toMatch(/Answer With: Web Chat/);
			expect(uploads()).toEqual([]);
		} finally {
			chatbot.apiWebChatId = apiWebChatId;
		}
	});

	it('names the operation when MaiAgent refuses the registration', async () => {
		sb.sandbox.control.fail({
			route: /batch-qas\/$/,
			method: 'POST',
			status: 400,
			body: { file: ['bad'] },
		});
		const { error } = await sb.run(start(), { input: [await questionItem()] });
		expect(error?.message).toMatch(new RegExp(`^${START} failed`));
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(1);
	});
});

describe('Batch QA > Get Results', () => {
	async function started(): Promise<string> {
		const [run] = await sb.json(start(), { input: [await questionItem()] });
		return String(run.id);
	}

	it('outputs the answers so far as .xlsx binary, named by Content-Disposition', async () => {
		const id = await started();
		const early = await sb.run(getResults(id));
		expect(early.error).toBeUndefined();
		const [item] = early.output[0];
		expect(item.json).toEqual({
			id,
			webChatId: SEED_WEB_CHAT_ID,
			fileName: `batch_qa_${id}.xlsx`,
			mimeType: XLSX_MIME,
			fileSize: expect.any(Number),
		});
		expect(item.binary?.data).toMatchObject({
			fileName: `batch_qa_${id}.xlsx`,
			mimeType: XLSX_MIME,
		});
		// Nothing answered yet: the export is only its header.
		expect(await readAnswers(await binaryBuffer(item))).toEqual([]);

		book().answerPending(id, 3);
		const [partial] = (await sb.run(getResults(id))).output[0];
		expect((await readAnswers(await binaryBuffer(partial))).length).toBe(3);

		book().answerPending(id);
		const [done] = (await sb.run({ ...getResults(id), binaryPropertyName: 'answers' })).output[0];
		const rows = await readAnswers(await binaryBuffer(done, 'answers'));
		expect(rows.map((row) => row.型態)).toEqual(['後續對話', '後續對話', '新對話', '後續對話']);
		expect(rows.map((row) => row.回覆)).toEqual(
			book()
				.get(id)!
				.rows.map((row) => row.answer),
		);
	});

	it('refuses a malformed ID before any request', async () => {
		const { error } = await sb.run(getResults('abc'));
		expect(error?.message).toBe('Batch QA ID "abc" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toEqual([]);
	});

	it('names the operation for a run that is not on that web chat (404)', async () => {
		const id = await started();
		const other = sb.sandbox.store.webChats[1].id;
		const { error } = await sb.run(getResults(id, other));
		expect(error?.message).toMatch(new RegExp(`^${RESULTS} failed`));
		expect((error as { httpCode?: string }).httpCode).toBe('404');
	});
});
