import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../fixture.cts';
import { newKnowledgeBase, sandboxApi } from '../../../../helpers/knowledge.cts';

const sb = useSandbox();

const seedKb = () => sb.sandbox.knowledge.basesInOrder().find((k) => k.name === '客服知識庫')!;

const newKb = () => newKnowledgeBase(sb.sandbox);

const op = (kb: string, operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFaq',
	operation,
	knowledgeBase: rl(kb),
	...extra,
});

describe('Knowledge Base FAQ > Create, Get, Get Many, Update, Delete, Delete Many', () => {
	it('creates with labels by name and metadata, gets, lists and updates it', async () => {
		const kb = seedKb().id;
		const [faq] = await sb.json(
			op(kb, 'create', {
				question: '運費多少？',
				answer: '滿千免運。',
				options: { labels: '退貨', metadata: '{"row": 7}' },
			}),
		);
		expect(faq).toMatchObject({ question: '運費多少？', answer: '滿千免運。' });
		expect((faq.labels as IDataObject[]).map((l) => l.name)).toEqual(['退貨']);
		expect(faq.rawUserDefineMetadata).toEqual({ row: 7 });
		const [got] = await sb.json(op(kb, 'get', { faq: rl(String(faq.id)) }));
		expect(got.id).toBe(faq.id);
		const listed = await sb.json(
			op(kb, 'getAll', { returnAll: true, filters: { question: '運費' } }),
		);
		expect(listed.map((f) => f.id)).toEqual([faq.id]);
		const [updated] = await sb.json(
			op(kb, 'update', { faq: rl(String(faq.id)), updateFields: { answer: '滿 1000 元免運。' } }),
		);
		expect(updated).toMatchObject({ question: '運費多少？', answer: '滿 1000 元免運。' });
		const [put] = sb
			.requestsTo(`knowledge-bases/${kb}/faqs/${String(faq.id)}/`)
			.filter((r) => r.method === 'PUT');
		expect(put.body).toEqual({ question: '運費多少？', answer: '滿 1000 元免運。' });
		const [gone] = await sb.json(op(kb, 'delete', { faq: rl(String(faq.id)) }));
		expect(gone.deleted).toBe(true);
		expect(sb.sandbox.knowledge.faqs.has(String(faq.id))).toBe(false);
	});

	it('checks question, answer and update fields before any request', async () => {
		const kb = seedKb().id;
		const blank = await sb.run(op(kb, 'create', { question: ' ', answer: 'a' }));
		expect(blank.error?.message).toBe('Question is required');
		const faq = sb.sandbox.knowledge.faqsOf(kb)[0];
		const empty = await sb.run(op(kb, 'update', { faq: rl(faq.id), updateFields: { answer: '' } }));
		expect(empty.error?.message).toBe('No field to update');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('deletes many by IDs, and refuses an empty list (MaiAgent would delete every FAQ)', async () => {
		const kb = await newKb();
		const ids: string[] = [];
		for (const question of ['一', '二', '三']) {
			const [faq] = await sb.json(op(kb, 'create', { question, answer: question }));
			ids.push(String(faq.id));
		}
		await sb.json(op(kb, 'deleteMany', { ids: `={{ ${JSON.stringify(ids.slice(0, 2))} }}` }));
		expect(sb.sandbox.knowledge.faqsOf(kb).map((f) => f.id)).toEqual([ids[2]]);
		sb.sandbox.control.clearRequests();
		const { error } = await sb.run(op(kb, 'deleteMany', { ids: '={{ [] }}' }));
		expect(error?.message).toBe('FAQ IDs is required');
		expect(sb.sandbox.requests).toHaveLength(0);
		expect(sb.sandbox.knowledge.faqsOf(kb)).toHaveLength(1);
	});
});

describe('Knowledge Base FAQ > Sync', () => {
	const rows = (entries: Array<[string, string, string?]>): INodeExecutionData[] =>
		entries.map(([q, a, labels]) => ({ json: { q, a, labels: labels ?? '' } }));
	const sync = (kb: string, options: INodeParameters = {}) =>
		op(kb, 'sync', {
			question: '={{ $json.q }}',
			answer: '={{ $json.a }}',
			options: { labels: '={{ $json.labels }}', createMissingLabels: true, ...options },
		});
	const stored = (kb: string) =>
		sb.sandbox.knowledge
			.faqsOf(kb)
			.map((f) => [f.question, f.answer])
			.sort();

	it('creates, then updates only what changed, then changes nothing', async () => {
		const kb = await newKb();
		const first = await sb.json(sync(kb), {
			input: rows([
				['Q1', 'A1'],
				['Q2', 'A2', '甲'],
			]),
		});
		expect(first.map((o) => o.status)).toEqual(['created', 'created']);
		const faq = sb.sandbox.knowledge.faqsOf(kb).find((f) => f.question === 'Q1')!;
		expect(faq.rawUserDefineMetadata).toEqual({ n8nSyncId: 'n8n', n8nSyncKey: 'Q1' });
		const second = await sb.json(sync(kb), {
			input: rows([
				['Q1', 'A1 new'],
				['Q2', 'A2', '乙'],
			]),
		});
		expect(second.map((o) => [o.key, o.status])).toEqual([
			['Q1', 'updated'],
			['Q2', 'updated'],
		]);
		const q2 = sb.sandbox.knowledge.faqsOf(kb).find((f) => f.question === 'Q2')!;
		expect(q2.labelIds.map((id) => sb.sandbox.knowledge.labels.get(id)?.name)).toEqual(['乙']);
		sb.sandbox.control.clearRequests();
		const third = await sb.json(sync(kb), {
			input: rows([
				['Q1', 'A1 new'],
				['Q2', 'A2', '乙'],
			]),
		});
		expect(third.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
		expect(sb.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(stored(kb)).toEqual([
			['Q1', 'A1 new'],
			['Q2', 'A2'],
		]);
	});

	it('removes its own FAQs missing from the input, never one written by a person', async () => {
		const kb = await newKb();
		await sb.json(op(kb, 'create', { question: 'Manual', answer: 'by hand' }));
		await sb.json(sync(kb), {
			input: rows([
				['Q1', 'A1'],
				['Q2', 'A2'],
			]),
		});
		const out = await sb.json(sync(kb, { removeMissing: true }), {
			input: rows([
				['Q2', 'A2'],
				['Manual', 'synced copy'],
			]),
		});
		expect(out.map((o) => [o.key, o.status])).toEqual([
			['Q2', 'unchanged'],
			['Manual', 'created'],
			['Q1', 'removed'],
		]);
		expect(stored(kb)).toEqual([
			['Manual', 'by hand'],
			['Manual', 'synced copy'],
			['Q2', 'A2'],
		]);
	});

	it('a duplicate question fails before any change; with continue-on-fail the rest syncs', async () => {
		const kb = await newKb();
		const input = rows([
			['Q1', 'A'],
			['Q1', 'B'],
			['Q3', 'C'],
		]);
		const { error } = await sb.run(sync(kb), { input });
		expect(error?.message).toBe('Key "Q1" is in several input items (items 1, 2)');
		expect(sb.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
		const { output } = await sb.run(sync(kb), { input, continueOnFail: true });
		expect(output[0].map((i) => i.json.error ?? i.json.status)).toEqual([
			'Key "Q1" is in several input items (items 1, 2)',
			'Key "Q1" is in several input items (items 1, 2)',
			'created',
		]);
		expect(stored(kb)).toEqual([['Q3', 'C']]);
	});

	it('converges when a cut-off run left two copies of a question', async () => {
		const kb = await newKb();
		await sb.json(sync(kb), { input: rows([['Q1', 'A1']]) });
		const body = {
			question: 'Q1',
			answer: 'A1',
			rawUserDefineMetadata: { n8nSyncId: 'n8n', n8nSyncKey: 'Q1' },
		};
		await sandboxApi(sb.sandbox, 'POST', `knowledge-bases/${kb}/faqs/`, body);
		const [out] = await sb.json(sync(kb), { input: rows([['Q1', 'A1']]) });
		expect(out.status).toBe('updated');
		expect(stored(kb)).toEqual([['Q1', 'A1']]);
	});
});
