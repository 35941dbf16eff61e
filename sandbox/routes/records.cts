/**
 * Chat records: `chatbots/{id}/records/` (page pagination, most recent first; one record per assistant
 * reply) and `chatbots/{id}/records/export-excel/` (all records as a real .xlsx, 14 zh-TW columns).
 */
import type { ChatbotRecord } from '../store.cts';
import type { Route } from '../router.cts';
import ExcelJS from 'exceljs';
import * as chatbots from './chatbots.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as replies from '../replies.cts';
import * as views from '../views.cts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The documented export columns, in order, with how each cell is filled. */
export const EXPORT_COLUMNS: Array<[string, (r: ChatbotRecord) => string]> = [
	['ID', (r) => r.id],
	['用戶輸入訊息', (r) => r.inputMessage],
	['修飾輸入訊息', (r) => r.condenseMessage],
	['型態', (r) => r.turn],
	['參考資料', (r) => r.context ?? ''],
	['輸出訊息', (r) => r.outputMessage],
	['誠實性評分', (r) => replies.displayScore(r.faithfulnessScore)],
	['回答相關性評分', (r) => replies.displayScore(r.answerRelevancyScore)],
	['回答正確性評分', (r) => replies.displayScore(r.answerCorrectnessScore)],
	['回答相似性評分', (r) => replies.displayScore(r.answerSimilarityScore)],
	['參考資料相關性評分', (r) => replies.displayScore(r.contextPrecisionScore)],
	['參考資料召回率評分', (r) => replies.displayScore(r.contextRecallScore)],
	['回覆花費時間', (r) => r.replyTime ?? ''],
	['建立時間', (r) => taipeiTime(Number(r.createdAt))],
];

/** "2025-01-01 08:00:01" in Asia/Taipei (UTC+8, no DST), how the console shows times. */
function taipeiTime(ms: number): string {
	return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/records/',
		handler: (ctx) => {
			const chatbot = chatbots.chatbotParam(ctx);
			http.json(
				ctx,
				200,
				pagination.paginatePage(ctx, ctx.app.store.recordsOf(chatbot.id), views.record),
			);
		},
	},
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/records/export-excel/',
		handler: async (ctx) => {
			const chatbot = chatbots.chatbotParam(ctx);
			const workbook = new ExcelJS.Workbook();
			const sheet = workbook.addWorksheet('對話紀錄');
			sheet.addRow(EXPORT_COLUMNS.map(([header]) => header));
			for (const record of ctx.app.store.recordsOf(chatbot.id))
				sheet.addRow(EXPORT_COLUMNS.map(([, cell]) => cell(record)));
			const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
			ctx.res.writeHead(200, {
				'Content-Type': XLSX_MIME,
				'Content-Length': String(bytes.length),
				'Content-Disposition': `attachment; filename="chatbot_records_${chatbot.id}.xlsx"`,
			});
			ctx.res.end(bytes);
		},
	},
];
