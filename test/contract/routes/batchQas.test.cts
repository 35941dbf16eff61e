// What MaiAgent's batch QA example clients (examples/python/batch_qa/ upload_batch_qa_file.py and
// download_batch_qa_excel.py, through utils/maiagent.py) send and read, stated here so CI catches a
// regression without them; and the C# helper's batch-qa-files/ paths, which MaiAgent does not have.
import { batchQaOf, SEED_CHATBOT_ID, SEED_WEB_CHAT_ID } from '../../../sandbox/index.cts';
import type { QuestionRow } from '../../helpers/batchQa.cts';
import { questionWorkbook, readAnswers, XLSX_MIME } from '../../helpers/batchQa.cts';
import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox({ seed: 'empty' });
const book = () => batchQaOf(ctx.sandbox.store);

const call = (method: string, path: string, body?: unknown) =>
	helpers.call(ctx.sandbox, method, path, body === undefined ? {} : { body });

/** get_upload_url(model_name='batch-qa') and upload_file_to_s3: presign, then the storage POST. */
async function store(data: Buffer, filename = 'batch_qa_file_example.xlsx'): Promise<string> {
	const presigned = await call('POST', 'upload-presigned-url/', {
		filename,
		modelName: 'batch-qa',
		fieldName: 'file',
		fileSize: data.length,
	});
	expect(presigned.status).toBe(200);
	const { body, contentType } = helpers.multipart([
		...(Object.entries(presigned.json.fields) as helpers.FormPart[]),
		['file', { filename, data }],
	]);
	const stored = await helpers.call(ctx.sandbox, 'POST', presigned.json.url, {
		body,
		headers: { 'content-type': contentType },
		auth: false,
	});
	expect(stored.status).toBe(204);
	return presigned.json.fields.key;
}

/** upload_batch_qa_file: register the key on the web chat. */
async function register(rows?: QuestionRow[], webChat = SEED_WEB_CHAT_ID) {
	const key = await store(await questionWorkbook(rows));
	return await call('POST', `web-chats/${webChat}/batch-qas/`, {
		file: key,
		filename: 'batch_qa_file_example.xlsx',
	});
}

/** download_batch_qa_excel: the bytes, and the name it saves them under. */
async function download(id: string, webChat = SEED_WEB_CHAT_ID) {
	const reply = await call('GET', `web-chats/${webChat}/batch-qas/${id}/export-excel/`);
	const disposition = String(reply.headers['content-disposition'] ?? '');
	// The example's own parse: content_disposition.split('filename=')[1].strip('"').
	const savedAs = disposition ? disposition.split('filename=')[1].replace(/^"+|"+$/g, '') : '';
	return { reply, savedAs };
}

beforeEach(() => {
	book().delayMs = null; // answered only when a test says so
});

describe('POST web-chats/{id}/batch-qas/ (upload_batch_qa_file.py)', () => {
	it('registers an uploaded question file: 201 {id, file, createdAt}', async () => {
		const reply = await register();
		expect(reply.status).toBe(201);
		expect(Object.keys(reply.json).sort()).toEqual(['createdAt', 'file', 'id']);
		expect(reply.json.createdAt).toMatch(/^\d{13}$/);
		const qa = book().get(reply.json.id)!;
		// The sample's four questions; its rows without a question are skipped.
		expect(qa.rows.map((row) => [row.question, row.turn])).toEqual([
			['what should I do before create PR?', 'Follow'],
			['what id ptint() do in python', 'Follow'],
			['what should I do before create commit in git?', 'New'],
			['whit is Rust language', 'Follow'],
		]);
	});

	it('refuses a key that never reached storage, and a file that is not a question workbook', async () => {
		const unknown = await call('POST', `web-chats/${SEED_WEB_CHAT_ID}/batch-qas/`, {
			file: 'media/batch-qa/file/none/q.xlsx',
			filename: 'q.xlsx',
		});
		expect(unknown.status).toBe(400);
		expect(Object.keys(unknown.json)).toEqual(['file']);
		const text = await store(Buffer.from('問題,型態\n退貨?,New\n'), 'q.csv');
		const notXlsx = await call('POST', `web-chats/${SEED_WEB_CHAT_ID}/batch-qas/`, {
			file: text,
			filename: 'q.csv',
		});
		expect(notXlsx.status).toBe(400);
		expect(notXlsx.json.file[0]).toMatch(/xlsx/);
		const missing = await call('POST', `web-chats/${SEED_WEB_CHAT_ID}/batch-qas/`, {});
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.json).sort()).toEqual(['file', 'filename']);
	});

	it('is a 404 for a web chat that does not exist', async () => {
		const reply = await register(undefined, '00000000-0000-4000-8000-000000000000');
		expect(reply.status).toBe(404);
	});
});

describe('GET web-chats/{id}/batch-qas/{id}/export-excel/ (download_batch_qa_excel.py)', () => {
	it('holds only the rows answered so far: an early export is incomplete', async () => {
		const { id } = (await register()).json;
		const early = await download(id);
		expect(early.reply.status).toBe(200);
		expect(early.reply.headers['content-type']).toBe(XLSX_MIME);
		expect(early.savedAs).toBe(`batch_qa_${id}.xlsx`);
		expect(await readAnswers(early.reply.raw)).toEqual([]);
		expect(book().answerPending(id, 2)).toBe(2);
		const half = await readAnswers((await download(id)).reply.raw);
		expect(half.map((row) => row.問題)).toEqual([
			'what should I do before create PR?',
			'what id ptint() do in python',
		]);
		book().answerPending(id);
		const all = await readAnswers((await download(id)).reply.raw);
		expect(all.map((row) => row.型態)).toEqual(['後續對話', '後續對話', '新對話', '後續對話']);
		for (const row of all) expect(row.回覆).toContain(`關於「${row.問題}」`);
	});

	it('answers with the web chat assistant: New starts a conversation, Follow continues it', async () => {
		const { id } = (await register()).json;
		book().answerPending(id);
		const { store } = ctx.sandbox;
		const rows = book().get(id)!.rows;
		const [first, second, third, fourth] = rows.map((row) => row.conversationId);
		expect(second).toBe(first); // a first Follow has nothing to follow: it starts one
		expect(third).not.toBe(first);
		expect(fourth).toBe(third);
		expect(store.messagesOf(third!).map((m) => [m.type, m.content])).toEqual([
			['outgoing', rows[3].answer],
			['incoming', 'whit is Rust language'],
			['outgoing', rows[2].answer],
			['incoming', 'what should I do before create commit in git?'],
		]);
		const records = store
			.recordsOf(SEED_CHATBOT_ID)
			.filter((record) => record.conversationId === first || record.conversationId === third);
		expect(records.map((r) => [r.turn, r.inputMessage])).toEqual(
			[...rows].reverse().map((row, i) => [i % 2 ? 'New' : 'Follow', row.question]),
		);
	});

	it('answers on its own over time, one question after another', async () => {
		book().delayMs = 0;
		const { id } = (await register()).json;
		const qa = book().get(id)!;
		await helpers.eventually(() => qa.rows.every((row) => row.answer !== null));
		expect((await readAnswers((await download(id)).reply.raw)).length).toBe(4);
	});

	it('is a 404 for an unknown id and for another web chat', async () => {
		const { id } = (await register()).json;
		const other = ctx.sandbox.store.webChats[1].id;
		expect((await download('00000000-0000-4000-8000-000000000000')).reply.status).toBe(404);
		expect((await download(id, other)).reply.status).toBe(404);
	});
});

describe("the C# helper's batch-qa-files/ paths", () => {
	it('answer 404 as the real API does: MaiAgent routes batch QA under batch-qas/', async () => {
		const key = await store(await questionWorkbook());
		const post = await call('POST', `web-chats/${SEED_WEB_CHAT_ID}/batch-qa-files/`, {
			file: key,
			filename: 'q.xlsx',
		});
		expect(post.status).toBe(404);
		const { id } = (await register()).json;
		const get = await call('GET', `web-chats/${SEED_WEB_CHAT_ID}/batch-qa-files/${id}/download/`);
		expect(get.status).toBe(404);
	});
});
