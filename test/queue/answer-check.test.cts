// The "Nightly answer check" example on a queue-mode cluster (Postgres + Redis, main, two workers),
// started by a Webhook node in place of its Schedule Trigger. Its Wait is 66 s, above the 65 s
// under which n8n's Wait node sleeps inside the running job: the execution is put to waiting in the
// database, main's wait tracker resumes it and a worker runs the rest (Get Results, the comparison,
// the email). So the workflow spans two jobs on the workers, as the nightly run with its
// minute-long waits does in production.
//
// Versions: both by default; QUEUE_N8N=new or old runs one (as cluster.test.cts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { N8nExecution, N8nVersion } from '../../scripts/lib/n8n.cts';

import { batchQaOf } from '../../sandbox/index.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as smtp from '../../scripts/smtp-sink.cts';
import { readAnswers } from '../helpers/batchQa.cts';
import { answerCheckWorkflow, CSV, outputs, PASSED, SHEET } from '../e2e/answer-check.cts';
import * as f from '../e2e/fixtures.cts';

/** Above n8n's 65 s: the Wait node puts the execution to waiting instead of sleeping in the job. */
const WAIT_SECONDS = 66;
const TEST_TIMEOUT_MS = 8 * 60_000;

const versions = ((): N8nVersion[] => {
	const wanted = process.env.QUEUE_N8N || 'both';
	if (wanted === 'both') return ['new', 'old'];
	if (wanted !== 'new' && wanted !== 'old')
		throw new Error(`QUEUE_N8N=${wanted}: use new, old or both`);
	return [wanted];
})();

/** The example started by a POST to /webhook/answer-check instead of its Schedule Trigger. */
function queuedWorkflow(csv: string): f.EditableWorkflow {
	const workflow = answerCheckWorkflow(csv, WAIT_SECONDS);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	Object.assign(trigger, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: 'b1e2c3d4-5f60-4a71-8b92-a3b4c5d6e7f8',
		parameters: {
			httpMethod: 'POST',
			path: 'answer-check',
			responseMode: 'onReceived',
			options: {},
		},
	});
	return workflow;
}

describe.each(versions)('n8n queue mode (%s): nightly answer check', (version) => {
	const folder = path.join(os.tmpdir(), `maiagent-answer-check-queue-${process.pid}-${version}`);
	let workflowId = '';

	const env = f.useN8n(version, {
		smtp: true,
		// Read/Write Files from Disk, on the workers, may read only here.
		cluster: { workers: 2, env: { N8N_RESTRICT_FILE_ACCESS_TO: folder } },
		setup: async ({ sandbox, cluster }) => {
			fs.mkdirSync(folder, { recursive: true });
			const csv = path.join(folder, 'answer-check.csv');
			fs.copyFileSync(CSV, csv);
			// Every question answered at once: the check after the wait finds them all.
			batchQaOf(sandbox.store).delayMs = 0;
			[workflowId] = await cluster.main.importWorkflows([queuedWorkflow(csv)]);
			await cluster.main.publishWorkflow(workflowId);
			await cluster.start();
		},
	});
	afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

	test(
		'runs on the workers across its Wait (put to waiting, resumed by main) and mails the result',
		async () => {
			const response = await env.cluster.main.webhook('answer-check', { method: 'POST' });
			expect(response.status).toBe(200);
			// Waiting in the database between the two jobs.
			const waiting = await launcher.waitFor(
				'the execution to wait',
				async () =>
					(await env.cluster.main.executions(workflowId)).find((e) => e.status === 'waiting'),
				120_000,
			);
			const done: N8nExecution = await launcher.waitFor(
				'the execution to finish',
				async () =>
					(await env.cluster.main.executions(workflowId)).find(
						(e) => String(e.id) === String(waiting.id) && e.finished,
					),
				4 * 60_000,
			);
			expect(done.status).toBe('success');
			// Two jobs of the same execution, each started by a worker.
			const starts = env.cluster.workers.flatMap((worker) =>
				[...fs.readFileSync(worker.logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)]
					.map((match) => match[1])
					.filter((id) => id === String(done.id)),
			);
			expect(starts).toHaveLength(2);

			const [check] = outputs(done, 'Compare with the key phrases').at(-1)!;
			expect(check.json).toMatchObject({ complete: true, passed: PASSED, questions: SHEET.length });
			expect(env.sink.mails).toHaveLength(1);
			const [mail] = env.sink.mails;
			expect(mail.raw).toMatch(new RegExp(`: ${PASSED} of ${SHEET.length} passed$`, 'm'));
			const [attachment] = smtp.mimeParts(mail.raw).filter((part) => smtp.attachmentName(part));
			const rows = await readAnswers(smtp.decodeBody(attachment));
			expect(rows.map((row) => row.問題)).toEqual(SHEET.map(([question]) => question));
			expect(rows.every((row) => row.回覆 !== '')).toBe(true);
		},
		TEST_TIMEOUT_MS,
	);
});
