import { useSandbox } from '../../helpers/sandbox.cts';
import ExcelJS from 'exceljs';
import * as helpers from '../helpers.cts';
import * as spec from '../../helpers/spec.cts';

const ctx = useSandbox();

describe('chatbots/{id}/records/', () => {
	it('pages every record once, newest first, with the ChatbotRecord fields', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const pages = await helpers.walk(ctx.sandbox, `chatbots/${chatbot.id}/records/?pageSize=4`);
		const records = pages.flatMap((p) => p.results);
		expect(pages[0].count).toBe(records.length);
		expect(records.map((r) => r.id)).toEqual(
			ctx.sandbox.store.recordsOf(chatbot.id).map((r) => r.id),
		);
		expect(Object.keys(records[0]).sort()).toEqual(
			[
				'id',
				'inputMessage',
				'condenseMessage',
				'outputMessage',
				'context',
				'faithfulnessScore',
				'answerRelevancyScore',
				'contextPrecisionScore',
				'answerCorrectnessScore',
				'answerSimilarityScore',
				'contextRecallScore',
				'displayFaithfulnessScore',
				'displayAnswerRelevancyScore',
				'displayContextPrecisionScore',
				'displayAnswerCorrectnessScore',
				'displayAnswerSimilarityScore',
				'displayContextRecallScore',
				'replyTime',
				'createdAt',
				'error',
			].sort(),
		);
		expect(records[0].createdAt).toMatch(/^\d{13}$/);
		expect(records[0].displayContextRecallScore).toBe('-');
	});

	it('gains exactly one record per completion', async () => {
		const chatbot = ctx.sandbox.store.chatbots[2];
		const count = async () =>
			(await helpers.call(ctx.sandbox, 'GET', `chatbots/${chatbot.id}/records/`)).json.count;
		expect(await count()).toBe(0);
		await helpers.call(ctx.sandbox, 'POST', `chatbots/${chatbot.id}/completions/`, {
			body: { message: { content: '特休幾天？' } },
		});
		await helpers.call(ctx.sandbox, 'POST', `chatbots/${chatbot.id}/completions/`, {
			body: { message: { content: '病假呢？' }, isStreaming: true },
		});
		expect(await count()).toBe(2);
		const { json } = await helpers.call(ctx.sandbox, 'GET', `/api/chatbots/${chatbot.id}/records/`);
		expect(json.results.map((r: { inputMessage: string }) => r.inputMessage)).toEqual([
			'病假呢？',
			'特休幾天？',
		]);
	});

	it('404s an unknown chatbot', async () => {
		expect(
			(
				await helpers.call(
					ctx.sandbox,
					'GET',
					'chatbots/00000000-0000-4000-8000-000000000000/records/',
				)
			).status,
		).toBe(404);
	});
});

describe('chatbots/{id}/records/export-excel/', () => {
	it('downloads a real xlsx with the 14 documented columns and one row per record', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const reply = await helpers.call(
			ctx.sandbox,
			'GET',
			`chatbots/${chatbot.id}/records/export-excel/`,
		);
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		);
		expect(reply.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.xlsx"$/);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(reply.raw as any);
		const sheet = workbook.worksheets[0];
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(spec.EXPORT_COLUMNS);
		const records = ctx.sandbox.store.recordsOf(chatbot.id);
		expect(sheet.rowCount).toBe(records.length + 1);
		const ids = Array.from(
			{ length: records.length },
			(_, i) => sheet.getRow(i + 2).getCell(1).value,
		);
		expect(ids).toEqual(records.map((r) => r.id));
		expect(sheet.getRow(2).getCell(2).value).toBe(records[0].inputMessage);
		expect(['New', 'Follow']).toContain(sheet.getRow(2).getCell(4).value);
		expect(String(sheet.getRow(2).getCell(14).value)).toMatch(
			/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
		);
	});

	it('exports only headers for a chatbot without records', async () => {
		const reply = await helpers.call(
			ctx.sandbox,
			'GET',
			`/api/chatbots/${ctx.sandbox.store.chatbots[2].id}/records/export-excel/`,
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(reply.raw as any);
		expect(workbook.worksheets[0].rowCount).toBe(
			1 + ctx.sandbox.store.recordsOf(ctx.sandbox.store.chatbots[2].id).length,
		);
	});
});
