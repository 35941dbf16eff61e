// The "Nightly answer check" example in a real n8n, run with `n8n execute` (its Schedule Trigger
// swapped for a Manual Trigger, its Wait shortened to 2 s, its sheet a copy of
// examples/knowledge/answer-check.csv): the questions become an .xlsx (Convert to File), Batch QA
// Start uploads and registers it, Get Results downloads the answers, Extract from File and the Code
// node compare each with its key phrase, and Send Email mails the .xlsx and the summary to an SMTP
// sink on 127.0.0.1.
//
// The sandbox answers when the test says: nothing before the first export, everything before the
// second. So the first check finds no answers and the workflow waits and checks again, which is how
// it learns completion (MaiAgent reports none): every question has an answered row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IRun } from 'n8n-workflow';

import { batchQaOf } from '../../sandbox/index.cts';
import type { ReceivedMail } from '../../scripts/smtp-sink.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as smtp from '../../scripts/smtp-sink.cts';
import { readAnswers, XLSX_MIME } from '../helpers/batchQa.cts';
import * as f from './fixtures.cts';
import {
	answerCheckWorkflow,
	answerOnSecondExport,
	CSV,
	FAILING,
	outputs,
	PASSED,
	SHEET,
} from './answer-check.cts';

f.describeEachN8n((version) => {
	const folder = path.join(os.tmpdir(), `maiagent-answer-check-e2e-${process.pid}-${version}`);
	let run: IRun;
	let mail: ReceivedMail;

	const env = f.useN8n(version, {
		smtp: true,
		// Read/Write Files from Disk may read only here.
		n8n: { env: { N8N_RESTRICT_FILE_ACCESS_TO: folder } },
		setup: async (n8nEnv) => {
			fs.mkdirSync(folder, { recursive: true });
			const csv = path.join(folder, 'answer-check.csv');
			fs.copyFileSync(CSV, csv);
			answerOnSecondExport(n8nEnv.sandbox);
			run = await n8nEnv.n8n.execute(await n8nEnv.n8n.importWorkflow(answerCheckWorkflow(csv)));
			mail = n8nEnv.sink.mails[0];
		},
	});
	afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

	test('the run uploads the sheet as a question file and registers it on the API web chat', async () => {
		expect(run.data.resultData.error).toBeUndefined();
		const [started] = launcher.nodeOutput(run, 'Start the answer check');
		expect(started.json).toMatchObject({
			webChatId: f.WEB_CHAT,
			chatbotId: f.CHATBOT,
			fileName: 'answer-check.xlsx',
		});
		const presign = env.sandbox.requests.find((r) => r.path.endsWith('/upload-presigned-url/'));
		expect(presign?.body).toMatchObject({ modelName: 'batch-qa', filename: 'answer-check.xlsx' });
		const qa = batchQaOf(env.sandbox.store).get(String(started.json.id))!;
		// Convert to File wrote only 問題 and 型態: the sandbox read every question with its type.
		expect(qa.rows.map((row) => [row.question, row.turn])).toEqual(
			SHEET.map(([question, turn]) => [question, turn]),
		);
		const upload = env.sandbox.store.upload(qa.key)!;
		expect(upload.filename).toBe('answer-check.xlsx');
	});

	test('it checks again after waiting until every question has an answer', () => {
		const checks = outputs(run, 'Compare with the key phrases').map(([item]) => item.json);
		expect(
			checks.map(({ complete, checks: count, answered }) => [complete, count, answered]),
		).toEqual([
			[false, 1, 0],
			[true, 2, SHEET.length],
		]);
		expect(outputs(run, 'Get the results')).toHaveLength(2);
		expect(outputs(run, 'Wait a minute')).toHaveLength(2);
		// The first export held no answers: Extract from File gave its one empty item.
		expect(outputs(run, 'Answers as rows')[0].map((item) => item.json)).toEqual([{}]);
	});

	test('it mails the answers .xlsx with how many passed and which failed', async () => {
		expect(env.sink.mails).toHaveLength(1);
		const passed = PASSED;
		expect(mail.raw).toMatch(
			new RegExp(
				`^Subject: Answer check \\d{4}-\\d{2}-\\d{2}: ${passed} of ${SHEET.length} passed$`,
				'm',
			),
		);
		const text = smtp.partText(mail.raw, 'text/plain')!.replace(/\r\n/g, '\n');
		expect(text).toContain(`${passed} of ${SHEET.length} answers contain their key phrase.`);
		const failed = text.split('Failed:\n')[1].split('\n\n')[0].split('\n');
		expect(failed).toEqual(
			SHEET.filter(([question]) => FAILING.includes(question)).map(
				([question, , expected]) => `- ${question}: expected "${expected}"`,
			),
		);
		const [attachment] = smtp.mimeParts(mail.raw).filter((part) => smtp.attachmentName(part));
		const [started] = launcher.nodeOutput(run, 'Start the answer check');
		expect(smtp.attachmentName(attachment)).toBe(`batch_qa_${String(started.json.id)}.xlsx`);
		expect(attachment.headers.get('content-type')).toContain(XLSX_MIME);
		const rows = await readAnswers(smtp.decodeBody(attachment));
		expect(rows.map((row) => row.問題)).toEqual(SHEET.map(([question]) => question));
		// The check is the one the sandbox's answers call for: the key phrase in the reply, or not.
		for (const row of rows) {
			const expected = SHEET.find(([question]) => question === row.問題)![2];
			expect([row.問題, row.回覆.includes(expected)]).toEqual([
				row.問題,
				!FAILING.includes(row.問題),
			]);
		}
	});
});
