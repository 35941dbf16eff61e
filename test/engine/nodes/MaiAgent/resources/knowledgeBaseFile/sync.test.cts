import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { KnowledgeAnswerForms } from '../../../../../../sandbox/index.cts';
import { BUCKET } from '../../../../../../sandbox/views.cts';
import { rl, useSandbox } from '../../fixture.cts';
import { newKnowledgeBase } from '../../../../../helpers/knowledge.cts';

const sb = useSandbox({ seed: 'empty' });
// A hang guard (jest's project-level testTimeout does not apply): syncs wait for processing.
jest.setTimeout(60_000);

/** One input item per file: its bytes in the binary field `data`, its key in the JSON. */
function files(entries: Record<string, string>): INodeExecutionData[] {
	return Object.entries(entries).map(([name, text]) => ({
		json: { path: `docs/${name}` },
		binary: {
			data: {
				data: Buffer.from(text).toString('base64'),
				mimeType: 'text/plain',
				fileName: name,
			},
		},
	}));
}

const newKb = () => newKnowledgeBase(sb.sandbox);

const sync = (kb: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation: 'sync',
	knowledgeBase: rl(kb),
	binaryPropertyName: 'data',
	key: '={{ $json.path }}',
	options,
});

/** The knowledge base's files as the sandbox holds them: filename → [status, sha, key]. */
const stored = (kb: string) =>
	sb.sandbox.knowledge
		.filesOf(kb)
		.map((f) => [f.filename, f.status, f.rawUserDefineMetadata.n8nSyncKey])
		.sort((a, b) => String(a[0]).localeCompare(String(b[0])));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const writes = () => sb.sandbox.requests.filter((r) => r.method !== 'GET');
const statuses = (out: IDataObject[]) => out.map((o) => [o.key, o.status]);

const FORMS: Array<[string, KnowledgeAnswerForms]> = [
	['status string, create answers an array', { fileStatus: 'string', fileCreated: 'array' }],
	['status object, create answers a page', { fileStatus: 'object', fileCreated: 'page' }],
];

describe.each(FORMS)('Knowledge Base File > Sync (%s)', (_name, forms) => {
	beforeEach(() => sb.sandbox.control.knowledge.setAnswerForms(forms));

	it('creates every file once, marked with the sync, the key and the SHA-256', async () => {
		const kb = await newKb();
		const out = await sb.json(sync(kb), { input: files({ 'a.txt': 'A', 'b.md': '# B' }) });
		expect(statuses(out)).toEqual([
			['docs/a.txt', 'created'],
			['docs/b.md', 'created'],
		]);
		expect(stored(kb)).toEqual([
			['a.txt', 'done', 'docs/a.txt'],
			['b.md', 'done', 'docs/b.md'],
		]);
		const a = sb.sandbox.knowledge.filesOf(kb).find((f) => f.filename === 'a.txt')!;
		expect(out[0].fileId).toBe(a.id);
		expect(a.rawUserDefineMetadata).toEqual({
			n8nSyncId: 'n8n',
			n8nSyncKey: 'docs/a.txt',
			n8nSyncSha256: sha('A'),
		});
		expect(sb.sandbox.store.upload(a.key)?.bytes.toString()).toBe('A');
	});

	it('changes nothing on a second run: no upload, one list request', async () => {
		const kb = await newKb();
		const input = files({ 'a.txt': 'A', 'b.txt': 'B', 'c.txt': 'C' });
		await sb.json(sync(kb), { input });
		const before = stored(kb);
		sb.sandbox.control.clearRequests();
		const out = await sb.json(sync(kb, { removeMissing: true }), { input });
		expect(out.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(writes()).toEqual([]);
		expect(sb.requestsTo(`knowledge-bases/${kb}/files/`)).toHaveLength(1);
		expect(stored(kb)).toEqual(before);
	});

	it('replaces a changed file without a gap, adds new ones, removes missing ones after the run', async () => {
		const kb = await newKb();
		const [first] = await sb.json(sync(kb), { input: files({ 'a.txt': 'A1', 'gone.txt': 'G' }) });
		let oldDoneWhenDeleted: boolean | undefined;
		sb.sandbox.events.on('request', (r: { method: string; path: string }) => {
			if (r.method === 'DELETE' && r.path.endsWith(`/files/${String(first.fileId)}/`)) {
				const copies = sb.sandbox.knowledge.filesOf(kb).filter((f) => f.filename === 'a.txt');
				oldDoneWhenDeleted = copies.some((f) => f.id !== first.fileId && f.status === 'done');
			}
		});
		const out = await sb.json(sync(kb, { removeMissing: true }), {
			input: files({ 'a.txt': 'A2', 'new.txt': 'N' }),
		});
		sb.sandbox.events.removeAllListeners('request');
		expect(statuses(out)).toEqual([
			['docs/a.txt', 'replaced'],
			['docs/new.txt', 'created'],
			['docs/gone.txt', 'removed'],
		]);
		expect(out[0].previousFileIds).toEqual([first.fileId]);
		// The old copy went only once the new one was done.
		expect(oldDoneWhenDeleted).toBe(true);
		expect(stored(kb)).toEqual([
			['a.txt', 'done', 'docs/a.txt'],
			['new.txt', 'done', 'docs/new.txt'],
		]);
	});

	it('never touches files without its marker, or of another Sync ID', async () => {
		const kb = await newKb();
		await sb.json(
			{
				resource: 'knowledgeBaseFile',
				operation: 'upload',
				knowledgeBase: rl(kb),
				binaryPropertyName: 'data',
			},
			{ input: files({ 'manual.txt': 'by hand' }) },
		);
		await sb.json(sync(kb, { syncId: 'other' }), { input: files({ 'other.txt': 'O' }) });
		await sb.json(sync(kb), { input: files({ 'mine.txt': 'M', 'manual.txt': 'by hand' }) });
		const out = await sb.json(sync(kb, { removeMissing: true }), {
			input: files({ 'x.txt': 'X' }),
		});
		expect(out[0]).toMatchObject({ key: 'docs/x.txt', status: 'created' });
		expect(
			out
				.slice(1)
				.map((o) => [o.key, o.status])
				.sort(),
		).toEqual([
			['docs/manual.txt', 'removed'],
			['docs/mine.txt', 'removed'],
		]);
		expect(stored(kb)).toEqual([
			['manual.txt', 'done', undefined],
			['other.txt', 'done', 'docs/other.txt'],
			['x.txt', 'done', 'docs/x.txt'],
		]);
	});

	it('keeps the old copy when the new one fails processing, and says why', async () => {
		const kb = await newKb();
		const [first] = await sb.json(sync(kb), { input: files({ 'a.txt': 'good' }) });
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { fail: '無法解析此檔案' });
		const [out] = await sb.json(sync(kb), { input: files({ 'a.txt': 'broken' }) });
		expect(out.status).toBe('failed');
		expect(out.reason).toBe(
			forms.fileStatus === 'object' ? '無法解析此檔案' : 'MaiAgent could not process the file',
		);
		// The failed copy is not kept; the next run tries again.
		expect(sb.sandbox.knowledge.filesOf(kb).map((f) => [f.id, f.status])).toEqual([
			[first.fileId, 'done'],
		]);
	});
});

describe('Knowledge Base File > Sync (cut-off runs converge)', () => {
	it('a run cut before deleting the old copies is completed by the next run', async () => {
		const kb = await newKb();
		await sb.json(sync(kb), { input: files({ 'a.txt': 'A1', 'b.txt': 'B1' }) });
		sb.sandbox.control.fail({
			route: /\/files\/[0-9a-f-]+\/$/,
			method: 'DELETE',
			status: 500,
			times: 100,
		});
		const { output } = await sb.run(sync(kb, { maxRetries: 0 }), {
			input: files({ 'a.txt': 'A2', 'b.txt': 'B2' }),
			continueOnFail: true,
		});
		expect(output[0].map((item) => item.json.error)).toEqual([
			expect.stringMatching(/^Sync files into a knowledge base failed: MaiAgent answered 500/),
			expect.stringMatching(/^Sync files into a knowledge base failed: MaiAgent answered 500/),
		]);
		expect(sb.sandbox.knowledge.filesOf(kb)).toHaveLength(4);
		sb.sandbox.control.reset();
		const out = await sb.json(sync(kb), { input: files({ 'a.txt': 'A2', 'b.txt': 'B2' }) });
		expect(out.map((o) => o.status)).toEqual(['replaced', 'replaced']);
		const left = sb.sandbox.knowledge.filesOf(kb);
		expect(left.map((f) => f.rawUserDefineMetadata.n8nSyncSha256).sort()).toEqual(
			[sha('A2'), sha('B2')].sort(),
		);
		expect(left.every((f) => f.status === 'done')).toBe(true);
	});

	it('a file still processing when the run gave up is taken over, not uploaded again', async () => {
		const kb = await newKb();
		await sb.json(sync(kb), { input: files({ 'slow.txt': 'v1' }) });
		sb.sandbox.control.knowledge.setFileProcessing('slow.txt', { processingMs: 2500 });
		const [timedOut] = await sb.json(sync(kb, { waitTimeout: 1 }), {
			input: files({ 'slow.txt': 'v2' }),
		});
		expect(timedOut.status).toBe('failed');
		expect(timedOut.reason).toMatch(/^Still processing after 1 s/);
		sb.sandbox.control.clearRequests();
		const [out] = await sb.json(sync(kb), { input: files({ 'slow.txt': 'v2' }) });
		expect(out).toMatchObject({ status: 'replaced', fileId: timedOut.fileId });
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(0);
		expect(stored(kb)).toEqual([['slow.txt', 'done', 'docs/slow.txt']]);
	});
});

describe('Knowledge Base File > Sync (at most one copy of a key after a clean run, whatever its status)', () => {
	const copies = (kb: string) =>
		sb.sandbox.knowledge
			.filesOf(kb)
			.map((f) => [f.rawUserDefineMetadata.n8nSyncSha256, f.status])
			.sort();

	it('a failed copy a cut-off run left is deleted when the file fails again', async () => {
		const kb = await newKb();
		await sb.json(sync(kb), { input: files({ 'a.txt': 'good' }) });
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { fail: true });
		// The run is cut before it deletes its failed copy (here: that DELETE fails).
		sb.sandbox.control.fail({ route: /\/files\/[0-9a-f-]+\/$/, method: 'DELETE', status: 500 });
		await sb.run(sync(kb, { maxRetries: 0 }), {
			input: files({ 'a.txt': 'broken' }),
			continueOnFail: true,
		});
		expect(copies(kb)).toEqual(
			[
				[sha('broken'), 'failed'],
				[sha('good'), 'done'],
			].sort(),
		);
		for (let run = 0; run < 2; run++) {
			const [out] = await sb.json(sync(kb), { input: files({ 'a.txt': 'broken' }) });
			expect(out).toMatchObject({ status: 'failed', key: 'docs/a.txt', filename: 'a.txt' });
			expect(copies(kb)).toEqual([[sha('good'), 'done']]);
		}
	});

	it('a new version that fails leaves one copy, not also an older version a cut-off run left processing', async () => {
		const kb = await newKb();
		await sb.json(sync(kb), { input: files({ 'a.txt': 'v1' }) });
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { processingMs: Infinity });
		const [cut] = await sb.json(sync(kb, { waitTimeout: 1 }), { input: files({ 'a.txt': 'v2' }) });
		expect(cut.status).toBe('failed');
		expect(copies(kb)).toEqual(
			[
				[sha('v1'), 'done'],
				[sha('v2'), 'processing'],
			].sort(),
		);
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { fail: true });
		const [out] = await sb.json(sync(kb), { input: files({ 'a.txt': 'v3' }) });
		expect(out.status).toBe('failed');
		expect(copies(kb)).toEqual([[sha('v1'), 'done']]);
	});

	it('with no done copy, a failing file leaves at most one copy', async () => {
		const kb = await newKb();
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { processingMs: Infinity });
		await sb.json(sync(kb, { waitTimeout: 1 }), { input: files({ 'a.txt': 'v1' }) });
		sb.sandbox.control.knowledge.setFileProcessing('a.txt', { fail: true });
		await sb.json(sync(kb), { input: files({ 'a.txt': 'v2' }) });
		await sb.json(sync(kb), { input: files({ 'a.txt': 'v2' }) });
		expect(sb.sandbox.knowledge.filesOf(kb).length).toBeLessThanOrEqual(1);
	});
});

describe('Knowledge Base File > Sync (faults and limits)', () => {
	it('honours 429 Retry-After and retries a storage 5xx with the file read again', async () => {
		const kb = await newKb();
		sb.sandbox.control.fail({
			route: 'upload-presigned-url/',
			status: 429,
			retryAfter: 1,
			times: 1,
		});
		sb.sandbox.control.fail({
			route: new RegExp(`^${BUCKET}/$`),
			method: 'POST',
			status: 503,
			times: 1,
		});
		const out = await sb.json(sync(kb), { input: files({ 'a.txt': 'A' }) });
		expect(out.map((o) => o.status)).toEqual(['created']);
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(2);
		expect(stored(kb)).toEqual([['a.txt', 'done', 'docs/a.txt']]);
	});

	it('has at most Concurrency files uploading or processing at once', async () => {
		const kb = await newKb();
		let most = 0;
		sb.sandbox.events.on('request', () => {
			const busy = sb.sandbox.knowledge.filesOf(kb).filter((f) => f.status !== 'done').length;
			most = Math.max(most, busy);
		});
		const input = files(Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`${n}.txt`, `${n}`])));
		const out = await sb.json(sync(kb, { concurrency: 2 }), { input });
		sb.sandbox.events.removeAllListeners('request');
		expect(out.map((o) => o.status)).toEqual(Array(6).fill('created'));
		expect(most).toBeGreaterThan(0);
		expect(most).toBeLessThanOrEqual(2);
	});
});

describe('Knowledge Base File > Sync (requests per created file)', () => {
	const forty = () =>
		files(Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`f${n}.txt`, `file ${n}`])));

	it('a first sync of 40 files costs at most 4 requests per file: presign, storage, register, its share of the status lists', async () => {
		const kb = await newKb();
		const out = await sb.json(sync(kb), { input: forty() });
		expect(out.every((o) => o.status === 'created')).toBe(true);
		const perFile = sb.sandbox.requests.length / 40;
		process.stdout.write(`requests per created file: ${perFile}\n`);
		expect(sb.requestsTo(/\/files\/[0-9a-f-]+\/$/)).toEqual([]);
		expect(perFile).toBeLessThanOrEqual(4);
		// A hang guard: 40 files in 10 waves take seconds on a busy machine.
	}, 120_000);

	it("honours MaiAgent's 429 on the status lists", async () => {
		const kb = await newKb();
		sb.sandbox.control.fail({
			route: `knowledge-bases/${kb}/files/`,
			method: 'GET',
			status: 429,
			retryAfter: 1,
			times: 2,
		});
		const out = await sb.json(sync(kb), { input: files({ 'a.txt': 'A', 'b.txt': 'B' }) });
		expect(out.map((o) => o.status)).toEqual(['created', 'created']);
		const lists = sb.requestsTo(`knowledge-bases/${kb}/files/`).filter((r) => r.method === 'GET');
		expect(lists.length).toBeGreaterThanOrEqual(3);
	});
});

describe('Knowledge Base File > Sync (bad input)', () => {
	const binary = (fileName: string, text: string) => ({
		data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName },
	});
	const bad: INodeExecutionData[] = [
		{ json: { path: 'ok.txt' }, binary: binary('ok.txt', 'fine') },
		{ json: { path: 'none' } },
		{ json: { path: 'empty.txt' }, binary: binary('empty.txt', '') },
		{ json: { path: 'tool.exe' }, binary: binary('tool.exe', 'MZ') },
		{ json: { path: 'twice' }, binary: binary('t1.txt', '1') },
		{ json: { path: 'twice' }, binary: binary('t2.txt', '2') },
	];

	it('fails before anything is uploaded, naming the problem', async () => {
		const kb = await newKb();
		const { error } = await sb.run(sync(kb), { input: bad });
		expect(error?.message).toMatch(/binary file 'data', but none was found \[item 1\]/);
		expect(writes()).toEqual([]);
	});

	it('with continue-on-fail, the other items still sync', async () => {
		const kb = await newKb();
		const { output } = await sb.run(sync(kb), { input: bad, continueOnFail: true });
		const out = output[0].map((item) => item.json);
		expect(out[0]).toMatchObject({ status: 'created', key: 'ok.txt' });
		expect(out[2].error).toBe('File "empty.txt" is empty');
		expect(out[3].error).toBe(
			'File "tool.exe" is of a type MaiAgent\'s knowledge bases do not take',
		);
		expect(out[4].error).toBe('Key "twice" is in several input items (items 5, 6)');
		expect(out[5].error).toBe('Key "twice" is in several input items (items 5, 6)');
		expect(stored(kb)).toEqual([['ok.txt', 'done', 'ok.txt']]);
	});

	it('rejects an unknown label unless asked to create it, and an unknown knowledge base', async () => {
		const kb = await newKb();
		const input = files({ 'a.txt': 'A' });
		const { error } = await sb.run(sync(kb, { labels: '不存在' }), { input });
		expect(error?.message).toBe('Label "不存在" is not in the knowledge base');
		expect(writes()).toEqual([]);
		const [out] = await sb.json(sync(kb, { labels: '新標籤', createMissingLabels: true }), {
			input,
		});
		expect(out.status).toBe('created');
		const file = sb.sandbox.knowledge.filesOf(kb)[0];
		expect(file.labelIds.map((id) => sb.sandbox.knowledge.labels.get(id)?.name)).toEqual([
			'新標籤',
		]);
		const missing = await sb.run(sync('00000000-0000-4000-8000-000000000000'), { input });
		expect(missing.error?.message).toMatch(
			/^Sync files into a knowledge base failed: MaiAgent answered 404/,
		);
	});
});
