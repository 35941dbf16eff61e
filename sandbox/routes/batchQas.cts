/**
 * Batch QA (sandbox/batchQa.cts): `POST web-chats/{webChatId}/batch-qas/ {file: <storage key>,
 * filename}` → 201 `{id, file, createdAt}` (the key from a presigned upload with modelName
 * `batch-qa`), and `GET web-chats/{webChatId}/batch-qas/{id}/export-excel/` → the .xlsx of the rows
 * answered so far. There is no list, detail or status route, as in MaiAgent; the C# helper's
 * `batch-qa-files/…` paths are not routes either, so they answer 404.
 *
 * Not documented, chosen here [I]: a key that never reached storage or a file that is not a
 * question workbook is a 400 on `file`; the export's name is `batch_qa_<id>.xlsx`.
 */
import type { Ctx } from '../http.cts';
import type { Route } from '../router.cts';
import * as batchQa from '../batchQa.cts';
import * as http from '../http.cts';
import * as views from '../views.cts';
import { XLSX_MIME } from './records.cts';

function webChatParam(ctx: Ctx) {
	const webChat = ctx.app.store.webChat(ctx.params.webChatId);
	if (!webChat) throw http.notFound();
	return webChat;
}

async function register(ctx: Ctx): Promise<void> {
	const { app } = ctx;
	const webChat = webChatParam(ctx);
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const key = http.stringField(errors, body, 'file');
	const filename = http.stringField(errors, body, 'filename');
	errors.throwIfAny();
	const upload = app.store.upload(key!);
	if (!upload) throw new http.ApiError(400, { file: ['No uploaded file has this key.'] });
	if (!app.store.inboxOfWebChat(webChat.id))
		throw new http.ApiError(400, { detail: 'This web chat has no inbox.' });
	const rows = await batchQa.readQuestionFile(upload.bytes);
	if (typeof rows === 'string') throw new http.ApiError(400, { file: [rows] });
	const qa = batchQa
		.batchQaOf(app.store)
		.add(app, { webChatId: webChat.id, key: key!, filename: filename!, rows });
	http.json(ctx, 201, {
		id: qa.id,
		file: views.storageUrl(app, qa.key),
		createdAt: qa.createdAt,
	});
}

async function exportExcel(ctx: Ctx): Promise<void> {
	const webChat = webChatParam(ctx);
	const qa = batchQa.batchQaOf(ctx.app.store).get(ctx.params.id);
	if (!qa || qa.webChatId !== webChat.id) throw http.notFound();
	const bytes = await batchQa.exportWorkbook(qa);
	ctx.res.writeHead(200, {
		'Content-Type': XLSX_MIME,
		'Content-Length': String(bytes.length),
		'Content-Disposition': `attachment; filename="batch_qa_${qa.id}.xlsx"`,
	});
	ctx.res.end(bytes);
}

export const routes: Route[] = [
	{ method: 'POST', pattern: 'web-chats/:webChatId/batch-qas/', handler: register },
	{
		method: 'GET',
		pattern: 'web-chats/:webChatId/batch-qas/:id/export-excel/',
		handler: exportExcel,
	},
];
