/**
 * Every output item of a Sync says what it is about (issue 32, item 4): the key and the file name
 * (files) or the question (FAQs), on error items with continue-on-fail and on removals too. (In the
 * error output, n8n fills error items with the input item's fields: examples.test.cts.)
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../fixture.cts';
import { newKnowledgeBase } from '../../../../helpers/knowledge.cts';

const sb = useSandbox({ seed: 'empty' });
// A hang guard (jest's project-level testTimeout does not apply): syncs wait for processing.
jest.setTimeout(60_000);

const binary = (fileName: string, text: string) => ({
	data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName },
});
const files = (entries: Record<string, string>): INodeExecutionData[] =>
	Object.entries(entries).map(([name, text]) => ({
		json: { path: `docs/${name}` },
		binary: binary(name, text),
	}));

const fileSync = (kb: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation: 'sync',
	knowledgeBase: rl(kb),
	binaryPropertyName: 'data',
	key: '={{ $json.path }}',
	options,
});

const faqSync = (kb: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFaq',
	operation: 'sync',
	knowledgeBase: rl(kb),
	question: '={{ $json.q }}',
	answer: '={{ $json.a }}',
	key: '={{ $json.id }}',
	options,
});

/** Each output item's json. */
const jsonOf = async (parameters: INodeParameters, input: INodeExecutionData[]) => {
	const { output, error } = await sb.run(parameters, { input, continueOnFail: true });
	expect(error).toBeUndefined();
	return output[0].map((item) => item.json);
};

describe('Knowledge Base File > Sync output items', () => {
	it('error items carry the key and the file name, whatever failed', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const input: INodeExecutionData[] = [
			{ json: { path: 'ok.txt' }, binary: binary('ok.txt', 'fine') },
			{ json: { path: 'empty.txt' }, binary: binary('empty.txt', '') },
			{ json: { path: 'tool.exe' }, binary: binary('tool.exe', 'MZ') },
			{ json: { path: 'twice' }, binary: binary('t1.txt', '1') },
			{ json: { path: 'twice' }, binary: binary('t2.txt', '2') },
			{ json: { path: 'none' } },
		];
		const out = await jsonOf(fileSync(kb), input);
		expect(out[0]).toMatchObject({ status: 'created', key: 'ok.txt', filename: 'ok.txt' });
		expect(out.slice(1)).toEqual([
			{
				status: 'failed',
				key: 'empty.txt',
				filename: 'empty.txt',
				error: 'File "empty.txt" is empty',
			},
			{
				status: 'failed',
				key: 'tool.exe',
				filename: 'tool.exe',
				error: expect.stringMatching(/^File "tool.exe" is of a type/),
			},
			{
				status: 'failed',
				key: 'twice',
				filename: 't1.txt',
				error: 'Key "twice" is in several input items (items 4, 5)',
			},
			{
				status: 'failed',
				key: 'twice',
				filename: 't2.txt',
				error: 'Key "twice" is in several input items (items 4, 5)',
			},
			{
				status: 'failed',
				key: 'none',
				error: expect.stringMatching(/binary file 'data', but none was found/),
			},
		]);
	});

	it('an upload that fails, and a knowledge base that cannot be listed, keep key and file name', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		sb.sandbox.control.fail({ route: `knowledge-bases/${kb}/files/`, method: 'POST', status: 400 });
		const out = await jsonOf(fileSync(kb), files({ 'a.txt': 'A' }));
		expect(out).toEqual([
			{
				status: 'failed',
				key: 'docs/a.txt',
				filename: 'a.txt',
				error: expect.stringMatching(/answered 400/),
			},
		]);
		sb.sandbox.control.fail({ route: `knowledge-bases/${kb}/files/`, method: 'GET', status: 403 });
		const listed = await jsonOf(fileSync(kb), files({ 'a.txt': 'A', 'b.txt': 'B' }));
		expect(listed.map(({ error: _error, ...about }) => about)).toEqual([
			{ status: 'failed', key: 'docs/a.txt', filename: 'a.txt' },
			{ status: 'failed', key: 'docs/b.txt', filename: 'b.txt' },
		]);
	});

	it('a removed file says its name', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await sb.json(fileSync(kb), { input: files({ 'a.txt': 'A', 'gone.txt': 'G' }) });
		const out = await sb.json(fileSync(kb, { removeMissing: true }), {
			input: files({ 'a.txt': 'A' }),
		});
		expect(out[1]).toEqual({
			status: 'removed',
			key: 'docs/gone.txt',
			filename: 'gone.txt',
			fileIds: [expect.any(String)],
		});
	});
});

describe('Knowledge Base FAQ > Sync output items', () => {
	it('error items and removals carry the key and the question', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await sb.json(faqSync(kb), { input: [{ json: { id: 'r0', q: 'Old', a: 'A0' } }] });
		const out = await jsonOf(faqSync(kb, { removeMissing: true }), [
			{ json: { id: 'r1', q: 'Q1', a: 'A1' } },
			{ json: { id: 'r2', q: 'Q2' } },
			{ json: { id: 'r3', q: 'Q3', a: 'A3' } },
			{ json: { id: 'r3', q: 'Q4', a: 'A4' } },
		]);
		expect(out.map(({ error: _error, ...about }) => about)).toEqual([
			expect.objectContaining({ status: 'created', key: 'r1', question: 'Q1' }),
			// Errors whose key is known do not stop the removal of the keys no item has.
			{ status: 'removed', key: 'r0', question: 'Old', faqIds: [expect.any(String)] },
			{ status: 'failed', key: 'r2', question: 'Q2' },
			{ status: 'failed', key: 'r3', question: 'Q3' },
			{ status: 'failed', key: 'r3', question: 'Q4' },
		]);
		expect(out[2].error).toBe('Answer is required');
		expect(sb.sandbox.knowledge.faqsOf(kb).map((f) => f.question)).toEqual(['Q1']);
	});

	it('a removed FAQ says its question', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await sb.json(faqSync(kb), {
			input: [{ json: { id: 'r1', q: 'Q1', a: 'A1' } }, { json: { id: 'r2', q: 'Q2', a: 'A2' } }],
		});
		const out = await sb.json(faqSync(kb, { removeMissing: true }), {
			input: [{ json: { id: 'r1', q: 'Q1', a: 'A1' } }],
		});
		expect(out[1]).toEqual({
			status: 'removed',
			key: 'r2',
			question: 'Q2',
			faqIds: [expect.any(String)],
		} as IDataObject);
	});
});
