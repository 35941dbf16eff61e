// The folder-sync example in a real n8n: Schedule Trigger (every 10 s here) > Read Files from Disk >
// MaiAgent Knowledge Base File Sync with Remove Missing, published under `n8n start`. After the
// folder's first sync, files are changed, added and removed while the sandbox injects a storage
// 5xx, an API 429 and 502, and slow processing, and n8n is restarted while a sync is under way.
// The schedule goes on; the knowledge base must end with exactly one `done` copy of each current
// file, the removed one gone, and a file a person uploaded untouched. An empty file and one
// MaiAgent does not take go to the example's alert (the Sync's error output, an email) while the
// rest still syncs, removals included.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BUCKET } from '../../sandbox/views.cts';
import { uploadKnowledgeFile } from '../../scripts/lib/knowledge-upload.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as smtp from '../../scripts/smtp-sink.cts';
import * as f from './fixtures.cts';
import { sandboxApi } from '../helpers/knowledge.cts';
import { publishAndStart } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 300_000;
const CONVERGE_TIMEOUT_MS = 150_000;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

f.describeEachN8n((version) => {
	// n8n's file access is restricted to it from the start; created in the set-up.
	const folder = path.join(os.tmpdir(), `maiagent-kb-e2e-${randomUUID()}`);
	let kb: string;
	let manual: string;

	const write = (files: Record<string, string>) => {
		for (const [name, text] of Object.entries(files))
			fs.writeFileSync(path.join(folder, 'docs', name), text);
	};

	/** The knowledge base holds exactly `expected` (one done copy each, current content) and the person's file. */
	const converged = (expected: Record<string, string>) => async () => {
		const files = env.sandbox.knowledge.filesOf(kb);
		const synced = files.filter((file) => file.id !== manual);
		const ok =
			files.some((file) => file.id === manual) &&
			synced.length === Object.keys(expected).length &&
			Object.entries(expected).every(([name, text]) =>
				synced.some(
					(file) =>
						file.filename === name &&
						file.status === 'done' &&
						file.rawUserDefineMetadata.n8nSyncSha256 === sha(text),
				),
			);
		return ok ? synced : undefined;
	};

	const env = f.useN8n(version, {
		sandbox: { seed: 'empty' },
		smtp: true,
		n8n: {
			env: {
				N8N_RESTRICT_FILE_ACCESS_TO: folder,
				// A restart cuts the running sync instead of waiting 30 s for it.
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '1',
			},
		},
		setup: async ({ n8n, sandbox }) => {
			kb = String((await sandboxApi(sandbox, 'POST', 'knowledge-bases/', { name: 'e2e sync' })).id);
			manual = await uploadKnowledgeFile(
				sandbox,
				kb,
				'handbook.txt',
				Buffer.from('uploaded by a person'),
			);
			fs.mkdirSync(path.join(folder, 'docs'), { recursive: true });
			write({ 'a.txt': 'A version 1', 'b.md': '# B', 'c.txt': 'C' });
			const workflow = f.example('sync-folder-into-knowledge-base.json');
			for (const node of workflow.nodes) {
				if (node.type === 'n8n-nodes-base.scheduleTrigger')
					node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 10 }] };
				if (node.type === 'n8n-nodes-base.readWriteFile')
					node.parameters.fileSelector = path.join(folder, 'docs', '*');
				if (node.type === 'n8n-nodes-maiagent.maiAgent') node.parameters.knowledgeBase.value = kb;
			}
			await publishAndStart(n8n, [workflow]);
		},
	});

	afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

	test(
		"the scheduled sync uploads the folder: one done copy per file, the person's file kept",
		async () => {
			await launcher.waitFor(
				'the first sync',
				converged({ 'a.txt': 'A version 1', 'b.md': '# B', 'c.txt': 'C' }),
				CONVERGE_TIMEOUT_MS,
			);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'after changes, faults and an n8n restart mid-sync, it converges to the folder',
		async () => {
			const newFile = () =>
				env.sandbox.knowledge.filesOf(kb).find((file) => file.filename === 'd.txt');
			env.sandbox.control.knowledge.setFileProcessing('d.txt', { processingMs: 4000 });
			env.sandbox.control.fail({
				route: 'upload-presigned-url/',
				status: 429,
				retryAfter: 1,
				times: 1,
			});
			env.sandbox.control.fail({
				route: new RegExp(`^${BUCKET}/$`),
				method: 'POST',
				status: 500,
				times: 1,
			});
			env.sandbox.control.fail({
				route: new RegExp(`knowledge-bases/${kb}/files/$`),
				method: 'GET',
				status: 502,
				times: 1,
			});
			write({ 'a.txt': 'A version 2', 'd.txt': 'D is new' });
			fs.rmSync(path.join(folder, 'docs', 'c.txt'));

			// Restart while the sync that picked up the changes waits for d.txt to be processed.
			await launcher.waitFor('d.txt registered', async () => newFile(), CONVERGE_TIMEOUT_MS);
			const cutWhile = newFile()!.status;
			await env.n8n.stop();
			expect(['initial', 'processing']).toContain(cutWhile);
			await env.n8n.start();

			const synced = await launcher.waitFor(
				'the knowledge base to match the folder',
				converged({ 'a.txt': 'A version 2', 'b.md': '# B', 'd.txt': 'D is new' }),
				CONVERGE_TIMEOUT_MS,
			);
			expect(synced.map((file) => file.rawUserDefineMetadata.n8nSyncKey).sort()).toEqual([
				'a.txt',
				'b.md',
				'd.txt',
			]);
			expect(env.sandbox.knowledge.files.get(manual)?.filename).toBe('handbook.txt');
		},
		TEST_TIMEOUT_MS,
	);
	test(
		'an empty file and one MaiAgent does not take go to the alert; the rest still syncs and removes',
		async () => {
			write({ 'empty.txt': '', 'tool.exe': 'MZ', 'b.md': '# B version 2' });
			fs.rmSync(path.join(folder, 'docs', 'd.txt'));
			await launcher.waitFor(
				'the folder to sync past the bad files',
				converged({ 'a.txt': 'A version 2', 'b.md': '# B version 2' }),
				CONVERGE_TIMEOUT_MS,
			);
			const alerts = await launcher.waitFor(
				'an alert for each bad file',
				async () => {
					const found = ['empty.txt', 'tool.exe'].map((name) =>
						env.sink.mails.find((mail) => mail.subject === `MaiAgent sync skipped ${name}`),
					);
					return found.every(Boolean) ? (found as smtp.ReceivedMail[]) : undefined;
				},
				CONVERGE_TIMEOUT_MS,
			);
			const text = (mail: smtp.ReceivedMail) =>
				smtp.partText(mail.raw, 'text/plain')?.replace(/\r\n/g, '\n');
			expect(text(alerts[0])).toContain('empty.txt was not synced: File "empty.txt" is empty.');
			expect(text(alerts[1])).toContain(
				'tool.exe was not synced: File "tool.exe" is of a type MaiAgent\'s knowledge bases do not take.',
			);
			expect(env.sandbox.knowledge.files.get(manual)?.filename).toBe('handbook.txt');
		},
		TEST_TIMEOUT_MS,
	);
});
