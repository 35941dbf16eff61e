// The daily Excel export example inside real n8n: its Schedule Trigger swapped for a Manual Trigger
// and run with `n8n execute`, MaiAgent's export goes through n8n's Send Email to an SMTP sink on
// 127.0.0.1; the mail carries the .xlsx, which opens with exceljs and holds every chat record.
import type { IRun } from 'n8n-workflow';
import type { ReceivedMail } from '../../scripts/smtp-sink.cts';
import ExcelJS from 'exceljs';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import * as smtp from '../../scripts/smtp-sink.cts';
import * as spec from '../helpers/spec.cts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_NAME = `chatbot_records_${f.CHATBOT}.xlsx`;

/** The example with its Schedule Trigger replaced by a Manual Trigger of the same name. */
function exportWorkflow() {
	const workflow = f.example('daily-excel-export-by-email.json');
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	Object.assign(schedule, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	return workflow;
}

f.describeEachN8n((version) => {
	let run: IRun;
	let mail: ReceivedMail;

	const env = f.useN8n(version, {
		smtp: true,
		setup: async ({ n8n, sink }) => {
			run = await n8n.execute(await n8n.importWorkflow(exportWorkflow()));
			mail = sink.mails[0];
		},
	});

	test('the run succeeds and sends one mail to the configured recipient', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(launcher.nodeOutput(run, 'Email the workbook')).toHaveLength(1);
		expect(env.sink.mails).toHaveLength(1);
		expect(mail).toMatchObject({ from: 'n8n@example.com', to: ['support-team@example.com'] });
		expect(mail.raw).toMatch(/^Subject: MaiAgent chat records \d{4}-\d{2}-\d{2}$/m);
	});

	test('the mail has the .xlsx attached, and it holds the 14 export columns and one row per record', async () => {
		const parts = smtp.mimeParts(mail.raw);
		const attachments = parts.filter((part) => smtp.attachmentName(part));
		expect(attachments.map(smtp.attachmentName)).toEqual([FILE_NAME]);
		expect(attachments[0].headers.get('content-type')).toContain(XLSX_MIME);
		const bytes = smtp.decodeBody(attachments[0]);

		const exported = launcher.nodeOutput(run, 'Export chat records')[0].json;
		expect(exported).toEqual({ fileName: FILE_NAME, mimeType: XLSX_MIME, fileSize: bytes.length });
		expect(smtp.partText(mail.raw, 'text/plain')).toContain(
			`Attached: ${FILE_NAME} (${bytes.length} bytes)`,
		);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		expect(sheet.name).toBe('對話紀錄');
		const rows: unknown[][] = [];
		sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
		expect(rows[0]).toEqual(spec.EXPORT_COLUMNS);
		const records = env.sandbox.store.recordsOf(f.CHATBOT);
		expect(records.length).toBeGreaterThan(0);
		expect(rows).toHaveLength(records.length + 1);
		const questions = rows
			.slice(1)
			.map((row) => row.find((cell) => records.some((r) => r.inputMessage === cell)));
		expect(questions.every((question) => question !== undefined)).toBe(true);
	});
});
