/**
 * Which requests are repeated after a 5xx or a dropped connection (issue 32, item 3): every one that
 * is safe to repeat (reads, PUT, DELETE, the presign POST, batch deletes, metadata writes), never a
 * create or a registration, which could leave a duplicate.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../../MaiAgent/fixture.cts';
import { newKnowledgeBase } from '../../../../helpers/knowledge.cts';

const sb = useSandbox({ seed: 'empty' });
// A hang guard (jest's project-level testTimeout does not apply): syncs wait for processing.
jest.setTimeout(60_000);

const doc = (name: string): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			data: { data: Buffer.from(name).toString('base64'), mimeType: 'text/plain', fileName: name },
		},
	},
];

const fileOp = (kb: string, operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation,
	knowledgeBase: rl(kb),
	...extra,
});

async function uploaded(kb: string, name: string): Promise<string> {
	const [file] = await sb.json(fileOp(kb, 'upload', { binaryPropertyName: 'data' }), {
		input: doc(name),
	});
	sb.sandbox.control.clearRequests();
	return String(file.id);
}

const passing502 = (route: string | RegExp, method: string) =>
	sb.sandbox.control.fail({ route, method, status: 502, times: 1 });

describe('requests safe to repeat are retried after a 5xx or a dropped connection', () => {
	it('DELETE: after a 502 and a reset, the file is deleted and the item succeeds', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const id = await uploaded(kb, 'a.txt');
		passing502(/\/files\/[0-9a-f-]+\/$/, 'DELETE');
		sb.sandbox.control.fail({ route: /\/files\/[0-9a-f-]+\/$/, method: 'DELETE', reset: true });
		const [out] = await sb.json(fileOp(kb, 'delete', { file: rl(id) }));
		expect(out).toMatchObject({ id, deleted: true });
		expect(sb.requestsTo(`knowledge-bases/${kb}/files/${id}/`)).toHaveLength(3);
		expect(sb.sandbox.knowledge.files.has(id)).toBe(false);
	});

	it('DELETE: a delete carried out whose answer was lost is done (the retry answers 404)', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const id = await uploaded(kb, 'b.txt');
		// MaiAgent deletes the file, then a proxy answers 502 instead of its 204.
		sb.sandbox.events.once('request', () => sb.sandbox.knowledge.deleteFile(id));
		passing502(/\/files\/[0-9a-f-]+\/$/, 'DELETE');
		const [out] = await sb.json(fileOp(kb, 'delete', { file: rl(id) }));
		expect(out).toMatchObject({ id, deleted: true });
		expect(sb.requestsTo(`knowledge-bases/${kb}/files/${id}/`)).toHaveLength(2);
	});

	it('the presign POST: a passing 502 does not fail the upload', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		passing502('upload-presigned-url/', 'POST');
		const [file] = await sb.json(fileOp(kb, 'upload', { binaryPropertyName: 'data' }), {
			input: doc('c.txt'),
		});
		expect(file.filename).toBe('c.txt');
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(2);
		expect(sb.sandbox.knowledge.filesOf(kb)).toHaveLength(1);
	});

	it('batch delete and the metadata PATCH: a passing 502 does not fail the item', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const keep = await uploaded(kb, 'keep.txt');
		const ids = [await uploaded(kb, 'd1.txt'), await uploaded(kb, 'd2.txt')];
		passing502(/batch-delete\/$/, 'POST');
		await sb.json(fileOp(kb, 'deleteMany', { ids: ids.join(', ') }));
		expect(sb.requestsTo(`knowledge-bases/${kb}/files/batch-delete/`)).toHaveLength(2);
		expect(sb.sandbox.knowledge.filesOf(kb).map((f) => f.id)).toEqual([keep]);
		passing502(/update-metadata\/$/, 'PATCH');
		const [out] = await sb.json(
			fileOp(kb, 'updateMetadata', { file: rl(keep), updateFields: { metadata: '{"a": 1}' } }),
		);
		expect(out.rawUserDefineMetadata).toEqual({ a: 1 });
	});
});

describe('a request that is not safe to repeat is sent once', () => {
	it('the file registration after a 502: one POST, an item error, no duplicate', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		passing502(`knowledge-bases/${kb}/files/`, 'POST');
		const { output } = await sb.run(fileOp(kb, 'upload', { binaryPropertyName: 'data' }), {
			input: doc('e.txt'),
			continueOnFail: true,
		});
		expect(output[0][0].json.error).toMatch(/answered 502/);
		expect(
			sb.requestsTo(`knowledge-bases/${kb}/files/`).filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	it('a FAQ create after a reset: one POST', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		sb.sandbox.control.fail({ route: `knowledge-bases/${kb}/faqs/`, method: 'POST', reset: true });
		const { error } = await sb.run({
			resource: 'knowledgeBaseFaq',
			operation: 'create',
			knowledgeBase: rl(kb),
			question: 'q',
			answer: 'a',
		});
		expect(error).toBeDefined();
		expect(sb.requestsTo(`knowledge-bases/${kb}/faqs/`)).toHaveLength(1);
	});
});
