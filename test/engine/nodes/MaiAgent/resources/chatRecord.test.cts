import ExcelJS from 'exceljs';

import { binaryBuffer } from '../../../../../scripts/lib/engine.cts';
import { EXPORT_COLUMNS } from '../../../../helpers/spec.cts';
import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

/** The seeded assistant with the most records, topped up so its records span many pages. */
function busyChatbot(minimum = 260) {
	const { store } = sb.sandbox;
	const bot = store.chatbots[0];
	for (let i = store.recordsOf(bot.id).length; i < minimum; i++) {
		store.addRecord({
			chatbotId: bot.id,
			conversationId: store.conversations[0].id,
			turn: 'Follow',
			inputMessage: `問題 ${i}`,
			condenseMessage: `問題 ${i}`,
			outputMessage: `回答 ${i}`,
			context: null,
			faithfulnessScore: 0.9,
			answerRelevancyScore: 0.8,
			contextPrecisionScore: null,
			answerCorrectnessScore: null,
			answerSimilarityScore: null,
			contextRecallScore: null,
			replyTime: '1.2',
			error: null,
		});
	}
	return { bot, records: store.recordsOf(bot.id) };
}

describe('Chat Record > Get Many', () => {
	it('returns every record across page-number pages, each once', async () => {
		const { bot, records } = busyChatbot();
		const got = await sb.json({
			resource: 'chatRecord',
			operation: 'getAll',
			chatbot: rl(bot.id),
			returnAll: true,
			simplify: false,
		});
		expect(got).toHaveLength(records.length);
		expect(new Set(got.map((r) => r.id))).toEqual(new Set(records.map((r) => r.id)));
		expect(sb.requestsTo(`chatbots/${bot.id}/records/`).length).toBe(
			Math.ceil(records.length / 100),
		);
	});

	it('returns exactly the limit, simplified', async () => {
		const { bot } = busyChatbot();
		const got = await sb.json({
			resource: 'chatRecord',
			operation: 'getAll',
			chatbot: rl(bot.id),
			limit: 7,
		});
		expect(got).toHaveLength(7);
		expect(Object.keys(got[0]).sort()).toEqual(
			[
				'createdAt',
				'createdAtIso',
				'error',
				'id',
				'inputMessage',
				'outputMessage',
				'replyTime',
			].sort(),
		);
	});
});

describe('Chat Record > Export to Excel', () => {
	it('outputs the workbook as binary that parses back into the records', async () => {
		const { bot, records } = busyChatbot();
		const { output, error } = await sb.run({
			resource: 'chatRecord',
			operation: 'exportExcel',
			chatbot: rl(bot.id),
			binaryPropertyName: 'report',
		});
		expect(error).toBeUndefined();
		const [item] = output[0];
		const binary = item.binary!.report;
		expect(binary.mimeType).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		);
		expect(binary.fileName).toBe(`chatbot_records_${bot.id}.xlsx`);
		expect(item.json.fileName).toBe(binary.fileName);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await binaryBuffer(item, 'report')) as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS);
		expect(sheet.actualRowCount - 1).toBe(records.length);
		const ids = new Set<string>();
		sheet.eachRow((row, n) => n > 1 && ids.add(String(row.getCell(1).value)));
		expect(ids).toEqual(new Set(records.map((r) => r.id)));
	});
});
