import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { KnowledgeAnswerForms } from '../../../../../sandbox/index.cts';
import { PARSERS } from '../../../../../sandbox/knowledge.cts';
import { loadOptions, maiAgentCredentials } from '../../../../../scripts/lib/engine.cts';
import { nodeType, rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

const UNKNOWN_PARSER = '0e0e0e0e-0000-4000-8000-00000000dead';

const kb = () => sb.sandbox.knowledge.basesInOrder().find((k) => k.name === '客服知識庫')!;

const item = (fileName: string, text: string): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			doc: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName },
		},
	},
];

const op = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation,
	knowledgeBase: rl(kb().id),
	...extra,
});

const upload = (extra: INodeParameters = {}) =>
	op('upload', { binaryPropertyName: 'doc', waitForProcessing: true, ...extra });

const FORMS: Array<[string, KnowledgeAnswerForms]> = [
	['status string, create answers an array', { fileStatus: 'string', fileCreated: 'array' }],
	['status object, create answers a page', { fileStatus: 'object', fileCreated: 'page' }],
];

describe.each(FORMS)('Knowledge Base File (%s)', (_name, forms) => {
	beforeEach(() => sb.sandbox.control.knowledge.setAnswerForms(forms));

	it('uploads from a binary field with labels, metadata and a name, and waits until done', async () => {
		const [file] = await sb.json(
			upload({
				options: {
					fileName: '保固.md',
					labels: '退貨',
					metadata: '{"source": "drive"}',
				},
			}),
			{ input: item('warranty.md', '# 保固\n\n一年保固。') },
		);
		expect(file).toMatchObject({ filename: '保固.md', status: 'done', fileType: 'md' });
		expect(file.labels).toEqual([{ id: expect.any(String), name: '退貨' }]);
		expect(file.rawUserDefineMetadata).toEqual({ source: 'drive' });
		const [presign] = sb.requestsTo('upload-presigned-url/');
		expect(presign.body).toMatchObject({ modelName: 'chatbot-file', filename: '保固.md' });
		const stored = sb.sandbox.knowledge.files.get(String(file.id))!;
		expect(sb.sandbox.store.upload(stored.key)?.bytes.toString()).toBe('# 保固\n\n一年保固。');
	});

	it('gives the final status failed with the reason MaiAgent gives', async () => {
		sb.sandbox.control.knowledge.setFileProcessing('bad.pdf', { fail: '掃描檔無文字' });
		const [file] = await sb.json(upload(), { input: item('bad.pdf', '%PDF-1.4') });
		expect(file.status).toBe('failed');
		if (forms.fileStatus === 'object') expect(file.statusMessage).toBe('掃描檔無文字');
	});

	it('without waiting, outputs the file as registered', async () => {
		const [file] = await sb.json(upload({ waitForProcessing: false }), {
			input: item('quick.txt', 'q'),
		});
		expect(file.status).toBe('initial');
		expect(sb.requestsTo(new RegExp(`files/${String(file.id)}/$`))).toHaveLength(0);
	});

	it('gets one, lists with status, type and name filters, and deletes', async () => {
		// Names of their own: both answer forms run against the same knowledge base.
		const tag = `清單-${forms.fileStatus}`;
		const [a] = await sb.json(upload(), { input: item(`${tag}-a.txt`, 'a') });
		sb.sandbox.control.knowledge.setFileProcessing(`${tag}-b.csv`, { fail: true });
		await sb.json(upload(), { input: item(`${tag}-b.csv`, 'b') });
		const [got] = await sb.json(op('get', { file: rl(String(a.id)) }));
		expect(got).toMatchObject({ id: a.id, status: 'done' });
		const list = (filters: INodeParameters) => sb.json(op('getAll', { returnAll: true, filters }));
		expect((await list({ keyword: tag })).map((f) => f.filename).sort()).toEqual([
			`${tag}-a.txt`,
			`${tag}-b.csv`,
		]);
		expect((await list({ keyword: tag, status: 'failed' })).map((f) => f.filename)).toEqual([
			`${tag}-b.csv`,
		]);
		expect((await list({ fileType: '.TXT', keyword: tag })).map((f) => f.filename)).toEqual([
			`${tag}-a.txt`,
		]);
		const [deleted] = await sb.json(op('delete', { file: rl(String(a.id)) }));
		expect(deleted).toEqual({ id: a.id, knowledgeBase: kb().id, deleted: true });
		expect(sb.sandbox.knowledge.files.has(String(a.id))).toBe(false);
	});
});

describe('Knowledge Base File > Delete Many, Update Labels and Metadata, Reparse', () => {
	it('deletes many by IDs, and never sends an empty list', async () => {
		const a = (await sb.json(upload(), { input: item('m1.txt', '1') }))[0];
		const b = (await sb.json(upload(), { input: item('m2.txt', '2') }))[0];
		const [out] = await sb.json(op('deleteMany', { ids: `${String(a.id)}, ${String(b.id)}` }));
		expect(out.ids).toEqual([a.id, b.id]);
		expect(sb.sandbox.knowledge.files.has(String(a.id))).toBe(false);
		expect(sb.sandbox.knowledge.files.has(String(b.id))).toBe(false);
		sb.sandbox.control.clearRequests();
		const { error } = await sb.run(op('deleteMany', { ids: ' , ' }));
		expect(error?.message).toBe('File IDs is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('sets labels by name (creating a missing one) and metadata; POST where PATCH is refused', async () => {
		const [file] = await sb.json(upload(), { input: item('meta.txt', 'm') });
		const update = op('updateMetadata', {
			file: rl(String(file.id)),
			updateFields: { labels: '退貨, 新品', metadata: '{"lang": "zh"}' },
			options: { createMissingLabels: true },
		});
		sb.sandbox.control.fail({
			route: /update-metadata\/$/,
			method: 'PATCH',
			status: 405,
			times: 1,
		});
		const [out] = await sb.json(update);
		expect((out.labels as IDataObject[]).map((l) => l.name)).toEqual(['退貨', '新品']);
		expect(out.rawUserDefineMetadata).toEqual({ lang: 'zh' });
		const methods = sb.requestsTo(/update-metadata\/$/).map((r) => r.method);
		expect(methods).toEqual(['PATCH', 'POST']);
		const unknown = await sb.run({ ...update, updateFields: { labels: '沒有這個' }, options: {} });
		expect(unknown.error?.message).toBe('Label "沒有這個" is not in the knowledge base');
	});

	it('reparses a file with the documented bare-list body', async () => {
		const [file] = await sb.json(upload(), { input: item('again.txt', 'x') });
		const parser = PARSERS.maiagent.id;
		const [out] = await sb.json(op('reparse', { file: rl(String(file.id)), options: { parser } }));
		expect(out).toMatchObject({ id: file.id, status: 'initial', parser });
		const [request] = sb.requestsTo(`knowledge-bases/${kb().id}/files/batch-reparse/`);
		expect(request.body).toEqual([{ id: file.id, parser }]);
		const bad = await sb.run(
			op('reparse', { file: rl(String(file.id)), options: { parser: 'ocr' } }),
		);
		expect(bad.error?.message).toBe('Parser "ocr" is not a valid MaiAgent ID');
		const unknown = await sb.run(
			op('reparse', { file: rl(String(file.id)), options: { parser: UNKNOWN_PARSER } }),
		);
		expect(unknown.error?.message).toBe(
			`Parser "${UNKNOWN_PARSER}" is not one of MaiAgent's parsers`,
		);
		// Only the first, valid reparse reached MaiAgent.
		expect(sb.requestsTo(/batch-reparse\/$/)).toHaveLength(1);
	});
});

describe('Knowledge Base File > Upload with a parser', () => {
	it("picks from MaiAgent's parsers, each with the file types it reads", async () => {
		const options = await loadOptions({
			nodeType,
			method: 'getParsers',
			credentials: maiAgentCredentials(sb.sandbox),
		});
		expect(options[0]).toEqual({ name: 'Default for the File Type', value: '' });
		const llama = options.find((o) => o.value === PARSERS.llama.id)!;
		expect(llama.name).toBe('LlamaParse (llama)');
		expect(llama.description).toContain('.pdf');
		expect(llama.description).not.toContain('.txt');
	});

	it('registers the file with a parser that reads its type', async () => {
		const [file] = await sb.json(upload({ options: { parser: PARSERS.llama.id } }), {
			input: item('手冊.pdf', '%PDF-1.4'),
		});
		expect(file).toMatchObject({ filename: '手冊.pdf', parser: PARSERS.llama.id });
	});

	it('refuses an unknown parser, or one that does not read the type, before uploading anything', async () => {
		const unknown = await sb.run(upload({ options: { parser: UNKNOWN_PARSER } }), {
			input: item('a.pdf', '%PDF-1.4'),
		});
		expect(unknown.error?.message).toBe(
			`Parser "${UNKNOWN_PARSER}" is not one of MaiAgent's parsers`,
		);
		expect(unknown.error?.description).toContain(`LlamaParse (${PARSERS.llama.id})`);
		const wrongType = await sb.run(upload({ options: { parser: PARSERS.llama.id } }), {
			input: item('notes.txt', 'plain text'),
		});
		expect(wrongType.error?.message).toBe('Parser "LlamaParse" does not read .txt files');
		expect(wrongType.error?.description).toBe(
			`Parsers for .txt files: MaiAgent Parser (${PARSERS.maiagent.id})`,
		);
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(0);
	});
});
