import type { IDataObject } from 'n8n-workflow';

import { uploadKnowledgeFile } from '../../../../scripts/lib/knowledge-upload.cts';
import { sandboxApi } from '../../../helpers/knowledge.cts';
import { useTriggerSandbox } from './fixture.cts';

const sb = useTriggerSandbox();

const api = async (method: string, route: string, body?: unknown) =>
	(await sandboxApi(sb.sandbox, method, route, body)) as IDataObject & IDataObject[];

/** Presign, storage, registration; resolves once the sandbox has processed the file. */
async function upload(kb: string, filename: string): Promise<string> {
	const id = await uploadKnowledgeFile(
		sb.sandbox,
		kb,
		filename,
		Buffer.from(`text of ${filename}`),
	);
	// A hang guard, not a timing assertion: the sandbox processes a file in about 100 ms.
	for (let i = 0; i < 500; i++) {
		const status = sb.sandbox.knowledge.files.get(id)?.status;
		if (status === 'done' || status === 'failed') return id;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`${filename} was not processed`);
}

const parameters = (kb: string, fileStatus = 'both') => ({
	event: 'knowledgeFileStatus',
	knowledgeBases: [kb],
	fileStatus,
});

describe('MaiAgent Trigger > Knowledge Base File Status Changed', () => {
	it('emits each file that became done or failed once; the first poll only records', async () => {
		const kb = String((await api('POST', 'knowledge-bases/', { name: 'watched' })).id);
		await upload(kb, 'before.txt');
		const staticData: IDataObject = {};
		expect(await sb.poll({ parameters: parameters(kb), staticData })).toEqual([]);

		sb.sandbox.control.knowledge.setAnswerForms({ fileStatus: 'object' });
		sb.sandbox.control.knowledge.setFileProcessing('broken.pdf', { fail: '無法解析' });
		const good = await upload(kb, 'good.txt');
		const broken = await upload(kb, 'broken.pdf');
		const items = await sb.poll({ parameters: parameters(kb), staticData });
		expect(items.map((i) => [i.id, i.status, i.statusMessage ?? null]).sort()).toEqual(
			[
				[good, 'done', '處理完成'],
				[broken, 'failed', '無法解析'],
			].sort(),
		);
		expect(items.every((i) => i.knowledgeBase === kb && i.previousStatus === null)).toBe(true);
		expect(await sb.poll({ parameters: parameters(kb), staticData })).toEqual([]);
	});

	it('filters by status, sees a reparse that fails, and Fetch Test Event shows the newest', async () => {
		const kb = String((await api('POST', 'knowledge-bases/', { name: 'failures only' })).id);
		const staticData: IDataObject = {};
		await sb.poll({ parameters: parameters(kb, 'failed'), staticData });
		const file = await upload(kb, 'report.txt');
		expect(await sb.poll({ parameters: parameters(kb, 'failed'), staticData })).toEqual([]);
		sb.sandbox.control.knowledge.setFileProcessing('report.txt', { processingMs: Infinity });
		await api('PATCH', `knowledge-bases/${kb}/files/batch-reparse/`, [{ id: file }]);
		expect(await sb.poll({ parameters: parameters(kb, 'failed'), staticData })).toEqual([]);
		sb.sandbox.control.knowledge.setFileProcessing('report.txt', { fail: true });
		await api('PATCH', `knowledge-bases/${kb}/files/batch-reparse/`, [{ id: file }]);
		for (let i = 0; i < 500 && sb.sandbox.knowledge.files.get(file)?.status !== 'failed'; i++)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const [failed] = await sb.poll({ parameters: parameters(kb, 'failed'), staticData });
		expect(failed).toMatchObject({ id: file, status: 'failed' });
		expect(['initial', 'processing']).toContain(failed.previousStatus);
		const manual = await sb.poll({
			parameters: parameters(kb, 'failed'),
			staticData: {},
			mode: 'manual',
		});
		expect(manual.map((i) => i.id)).toEqual([file]);
	});

	it('rejects a knowledge base that is not an ID before any request', async () => {
		await expect(sb.poll({ parameters: parameters('not-an-id'), staticData: {} })).rejects.toThrow(
			'Knowledge base "not-an-id" is not a valid MaiAgent ID',
		);
		expect(sb.apiRequests()).toHaveLength(0);
	});
});
