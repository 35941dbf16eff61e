// The FAQ and alert knowledge examples in a real n8n (the folder sync: knowledge-sync.test.cts).
// "FAQ from a spreadsheet", its Schedule Trigger swapped for a Manual Trigger and run with
// `n8n execute` on a copy of examples/knowledge/faq.csv: the first run creates a FAQ per row, the
// second changes nothing, after a row is edited, one removed and one added the third follows the
// sheet; FAQs made by hand are never touched. "Alert on failed knowledge files", published under
// `n8n start`: one email per file MaiAgent fails, with its reason, and none on later polls (as in
// trigger-events.test.cts, reactivating the workflow makes it poll now instead of each minute).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IRun } from 'n8n-workflow';
import type { KnowledgeFaq } from '../../sandbox/index.cts';
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import { uploadKnowledgeFile } from '../../scripts/lib/knowledge-upload.cts';
import * as smtp from '../../scripts/smtp-sink.cts';
import * as f from './fixtures.cts';
import { publishAndStart } from '../helpers/webhook.cts';

const EXAMPLES = path.resolve(__dirname, '../../examples');
/** The sandbox's seeded knowledge base 客服知識庫, which the examples name. */
const KB = 'fabc4114-ad4b-479a-9043-d1970ef2d339';
const SYNC = 'Sync the FAQs';
const TRIGGER = 'A knowledge file failed';
const TEST_TIMEOUT_MS = 150_000;
/** Long enough for an execution that was started to be stored and listed. */
const SETTLE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

f.describeEachN8n((version) => {
	describe('FAQ from a spreadsheet', () => {
		// Read Files from Disk may read only here; created in setup, known before (n8n's environment).
		const folder = path.join(os.tmpdir(), `maiagent-faq-e2e-${process.pid}-${version}`);
		const csv = path.join(folder, 'faq.csv');
		let workflowId = '';

		const env = f.useN8n(version, {
			n8n: { env: { N8N_RESTRICT_FILE_ACCESS_TO: folder } },
			setup: async ({ n8n }) => {
				fs.mkdirSync(folder, { recursive: true });
				fs.copyFileSync(path.join(EXAMPLES, 'knowledge/faq.csv'), csv);
				const workflow = f.example('faq-from-spreadsheet.json');
				for (const node of workflow.nodes) {
					if (node.type === 'n8n-nodes-base.scheduleTrigger')
						Object.assign(node, {
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							parameters: {},
						});
					if (node.type === 'n8n-nodes-base.readWriteFile') node.parameters.fileSelector = csv;
				}
				workflowId = await n8n.importWorkflow(workflow);
			},
		});
		afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

		/** The sheet's rows after its header. */
		const rows = () => fs.readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1);
		const writeRows = (lines: string[]) =>
			fs.writeFileSync(csv, ['question,answer,labels', ...lines].join('\n') + '\n');

		async function run(): Promise<Array<{ status: string; question?: string; key: string }>> {
			const result: IRun = await env.n8n.execute(workflowId);
			expect(result.data.resultData.error).toBeUndefined();
			return launcher.nodeOutput(result, SYNC).map((item) => item.json as any);
		}

		const faqs = () => env.sandbox.knowledge.faqsOf(KB);
		const synced = () =>
			faqs().filter((faq) => faq.rawUserDefineMetadata.n8nSyncId === 'faq-sheet');
		const byHand = () => faqs().filter((faq) => !faq.rawUserDefineMetadata.n8nSyncId);
		const labelNames = (ids: string[]) =>
			ids.map((id) => env.sandbox.knowledge.labels.get(id)?.name).sort();
		/** The synced FAQs as [question, answer, labels], by question. */
		const sheetInMaiAgent = () =>
			synced()
				.map((faq) => [faq.question, faq.answer, labelNames(faq.labelIds).join(',')])
				.sort();
		/** The sheet's rows as [question, answer, labels] (no quoted commas in these rows). */
		const sheet = () => rows().map((row) => row.split(','));
		const writes = () =>
			env.sandbox.requests.filter(
				(request) => request.method !== 'GET' && request.path.includes(`/${KB}/`),
			).length;

		let handMade: KnowledgeFaq[];

		test(
			'the first run creates one FAQ per row, with its labels (created when missing)',
			async () => {
				handMade = structuredClone(byHand());
				expect(handMade.length).toBeGreaterThan(0);
				const results = await run();
				expect(results.map((r) => [r.status, r.question])).toEqual(
					sheet().map(([question]) => ['created', question]),
				);
				expect(sheetInMaiAgent()).toEqual(sheet().sort());
				expect(structuredClone(byHand())).toEqual(handMade);
			},
			TEST_TIMEOUT_MS,
		);

		test(
			'the second run leaves every FAQ unchanged and writes nothing',
			async () => {
				const before = writes();
				const results = await run();
				expect(results.map((r) => r.status)).toEqual(sheet().map(() => 'unchanged'));
				expect(writes()).toBe(before);
				expect(sheetInMaiAgent()).toEqual(sheet().sort());
			},
			TEST_TIMEOUT_MS,
		);

		test(
			"after editing a row's answer, removing a row and adding one: updated, removed, created; the hand-made FAQs untouched",
			async () => {
				const [first, second, third] = rows();
				const [question] = second.split(',');
				const edited = `${question},Free for every order this month.,shipping`;
				const added = 'Can I pick up my order in a store?,Yes: choose a store at checkout.,pickup';
				writeRows([first, edited, added]);
				const removed = third.split(',')[0];
				const ids = new Map(synced().map((faq) => [faq.question, faq.id]));

				const results = await run();
				expect(results.map((r) => [r.status, r.key])).toEqual([
					['unchanged', first.split(',')[0]],
					['updated', question],
					['created', 'Can I pick up my order in a store?'],
					['removed', removed],
				]);
				expect(sheetInMaiAgent()).toEqual(sheet().sort());
				// Updated in place: the edited row keeps its FAQ.
				expect(synced().find((faq) => faq.question === question)?.id).toBe(ids.get(question));
				expect(synced().some((faq) => faq.id === ids.get(removed))).toBe(false);
				expect(structuredClone(byHand())).toEqual(handMade);
			},
			TEST_TIMEOUT_MS,
		);
	});

	describe('alert on failed knowledge files', () => {
		let workflowId = '';
		const env = f.useN8n(version, {
			smtp: true,
			// The answer form that carries MaiAgent's reason: `status: {code, message}`.
			sandbox: { knowledge: { fileStatus: 'object' } },
			setup: async ({ n8n }) => {
				[workflowId] = await publishAndStart(n8n, [
					f.example('alert-on-failed-knowledge-files.json'),
				]);
			},
		});

		const route = new RegExp(`/knowledge-bases/${KB}/files/$`);
		const pollsOf = () => env.sandbox.requests.filter((request) => route.test(request.path)).length;

		/** Reactivates the workflow, waits for its poll, and lists its executions. */
		async function poll(): Promise<N8nExecution[]> {
			const before = pollsOf();
			await env.n8n.reactivateWorkflow(workflowId);
			await launcher.waitFor('the poll of the reactivation', async () =>
				pollsOf() > before ? true : undefined,
			);
			await sleep(SETTLE_MS);
			return await env.n8n.executions(workflowId);
		}

		const textOf = (mail: smtp.ReceivedMail) =>
			smtp.partText(mail.raw, 'text/plain')?.replace(/\r\n/g, '\n');

		test(
			'two files MaiAgent fails: one email each with its reason; a file processed fine: none; later polls: none',
			async () => {
				await launcher.waitFor('the activation poll', async () =>
					pollsOf() > 0 ? true : undefined,
				);
				await sleep(SETTLE_MS);
				expect(await env.n8n.executions(workflowId)).toEqual([]);

				const reasons: Record<string, string> = {
					'scanned-price-list.pdf': 'No text layer: the PDF is a scanned image',
					'broken.docx': '檔案解析失敗',
				};
				for (const [name, fail] of Object.entries(reasons))
					env.sandbox.control.knowledge.setFileProcessing(name, { fail });
				const api = { baseUrl: env.sandbox.baseUrl, apiKey: env.sandbox.apiKey };
				const ids = await Promise.all(
					[...Object.keys(reasons), 'fine.txt'].map((name) =>
						uploadKnowledgeFile(api, KB, name, Buffer.from(`content of ${name}`)),
					),
				);
				await launcher.waitFor('the files to be processed', async () =>
					ids.every((id) =>
						['done', 'failed'].includes(env.sandbox.knowledge.files.get(id)!.status),
					)
						? true
						: undefined,
				);

				const [execution] = await launcher.waitFor('the alert execution', async () => {
					const found = await poll();
					return found.some((candidate) => candidate.finished) ? found : undefined;
				});
				expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
				expect(
					launcher
						.nodeOutput(execution, TRIGGER)
						.map((item) => item.json.filename)
						.sort(),
				).toEqual(Object.keys(reasons).sort());

				const mails = env.sink.mails;
				expect(mails).toHaveLength(2);
				for (const [name, reason] of Object.entries(reasons)) {
					const mail = mails.find((candidate) => candidate.subject.endsWith(` ${name}`));
					expect(mail).toMatchObject({
						from: 'n8n@example.com',
						to: ['knowledge-team@example.com'],
						subject: `MaiAgent could not process ${name}`,
					});
					expect(textOf(mail!)).toContain(`${name} failed: ${reason}.`);
				}

				const after = await poll();
				expect(after.map((candidate) => candidate.id)).toEqual([execution.id]);
				expect(env.sink.mails).toHaveLength(2);
			},
			TEST_TIMEOUT_MS,
		);
	});
});
