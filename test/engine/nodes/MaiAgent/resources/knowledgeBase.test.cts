import type { IDataObject } from 'n8n-workflow';

import { loadOptions, maiAgentCredentials } from '../../../../../scripts/lib/engine.cts';
import { nodeType, rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

const seedKb = () => sb.sandbox.knowledge.basesInOrder().find((kb) => kb.name === '客服知識庫')!;

describe('Knowledge Base > Create, Get, Get Many, Update, Delete', () => {
	it('creates with the models picked from the API lists and outputs it simplified', async () => {
		const embedding = await loadOptions({
			nodeType,
			method: 'getEmbeddingModels',
			credentials: maiAgentCredentials(sb.sandbox),
		});
		const reranker = await loadOptions({
			nodeType,
			method: 'getRerankerModels',
			credentials: maiAgentCredentials(sb.sandbox),
		});
		expect(embedding.map((o) => o.name)).toContain('bge-m3');
		expect(reranker.map((o) => o.name)).toContain('jina-reranker-v2');
		const bge = embedding.find((o) => o.name === 'bge-m3')!.value as string;
		const [kb] = await sb.json({
			resource: 'knowledgeBase',
			operation: 'create',
			name: '產品手冊',
			embeddingModel: bge,
			rerankerModel: reranker[0].value,
			additionalFields: {
				description: '說明書',
				numberOfRetrievedChunks: 5,
				chatbots: [sb.sandbox.store.chatbots[1].id],
			},
		});
		expect(kb).toMatchObject({ name: '產品手冊', description: '說明書', embeddingModel: bge });
		expect(kb.chatbots).toEqual([{ id: sb.sandbox.store.chatbots[1].id, name: '產品顧問' }]);
		expect(kb.createdAtIso).toMatch(/^\d{4}-/);
		const stored = sb.sandbox.knowledge.bases.get(String(kb.id))!;
		expect(stored.numberOfRetrievedChunks).toBe(5);
	});

	it('rejects a model that is not an ID before any request', async () => {
		const { error } = await sb.run({
			resource: 'knowledgeBase',
			operation: 'create',
			name: 'x',
			embeddingModel: 'bge-m3',
			rerankerModel: 'also-not-an-id',
		});
		expect(error?.message).toBe('Embedding model "bge-m3" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('gets by ID or URL, lists with a name filter, updates and deletes', async () => {
		const kb = seedKb();
		const [byUrl] = await sb.json({
			resource: 'knowledgeBase',
			operation: 'get',
			knowledgeBase: rl(`https://api.maiagent.ai/api/v1/knowledge-bases/${kb.id}/`, 'url'),
		});
		expect(byUrl).toMatchObject({ id: kb.id, name: '客服知識庫', filesCount: 1 });
		const listed = await sb.json({
			resource: 'knowledgeBase',
			operation: 'getAll',
			returnAll: true,
			filters: { query: '客服' },
		});
		expect(listed.map((k) => k.id)).toEqual([kb.id]);
		const [created] = await sb.json({
			resource: 'knowledgeBase',
			operation: 'create',
			name: '暫時',
			embeddingModel: kb.embeddingModelId,
			rerankerModel: kb.rerankerModelId,
		});
		const [updated] = await sb.json({
			resource: 'knowledgeBase',
			operation: 'update',
			knowledgeBase: rl(String(created.id)),
			updateFields: { name: '改名', similarityCutoff: 0.3 },
		});
		expect(updated.name).toBe('改名');
		expect(sb.sandbox.knowledge.bases.get(String(created.id))?.similarityCutoff).toBe(0.3);
		const [gone] = await sb.json({
			resource: 'knowledgeBase',
			operation: 'delete',
			knowledgeBase: rl(String(created.id)),
		});
		expect(gone).toEqual({ id: created.id, deleted: true });
		expect(sb.sandbox.knowledge.bases.has(String(created.id))).toBe(false);
	});

	it('fails an update without fields, and names the operation on a 404', async () => {
		const none = await sb.run({
			resource: 'knowledgeBase',
			operation: 'update',
			knowledgeBase: rl(seedKb().id),
		});
		expect(none.error?.message).toBe('No field to update');
		const missing = await sb.run({
			resource: 'knowledgeBase',
			operation: 'get',
			knowledgeBase: rl('00000000-0000-4000-8000-000000000000'),
		});
		expect(missing.error?.message).toBe(
			'Get a knowledge base failed: MaiAgent answered 404 - Not found.',
		);
	});

	it('list search finds knowledge bases, and their files, FAQs and labels', async () => {
		const kb = seedKb();
		const bases = await sb.search('searchKnowledgeBases', '客服');
		expect(bases.results.map((r) => r.value)).toEqual([kb.id]);
		// The node's parameters as the editor has them when the locator asks.
		const at = (resource: string, knowledgeBase = rl(kb.id)) => ({
			resource,
			operation: 'get',
			knowledgeBase,
		});
		const files = await sb.search('searchKnowledgeFiles', '', undefined, at('knowledgeBaseFile'));
		expect(files.results.map((r) => r.name)).toEqual(['退貨政策.txt']);
		const faqs = await sb.search('searchKnowledgeFaqs', '退貨', undefined, at('knowledgeBaseFaq'));
		expect(faqs.results.map((r) => r.name)).toEqual(['退貨要怎麼辦？']);
		const labelsAt = { ...at('knowledgeBaseLabel'), operation: 'update' };
		const labels = await sb.search('searchKnowledgeLabels', '', undefined, labelsAt);
		expect(labels.results.map((r) => r.name)).toEqual(['退貨']);
		const none = at('knowledgeBaseFile', rl(''));
		expect((await sb.search('searchKnowledgeFiles', '', undefined, none)).results).toEqual([]);
	});
});

describe('Knowledge Base > Search', () => {
	const search = (extra: IDataObject = {}) => ({
		resource: 'knowledgeBase',
		operation: 'search',
		knowledgeBase: rl(seedKb().id),
		query: '退貨 發票',
		...extra,
	});

	it('gives the matching chunks with text, score, file name and page', async () => {
		const hits = await sb.json(search());
		expect(hits.length).toBeGreaterThan(0);
		expect(hits[0]).toMatchObject({ filename: '退貨政策.txt', page: 1 });
		expect(hits[0].text).toContain('發票');
		expect(typeof hits[0].score).toBe('number');
		const [request] = sb.requestsTo(`knowledge-bases/${seedKb().id}/search/`);
		expect(request).toMatchObject({ method: 'POST', body: { query: '退貨 發票' } });
		expect(await sb.json(search({ query: '退款 Shipping', limit: 1 }))).toHaveLength(1);
	});

	it('falls back to GET where POST is not allowed (405)', async () => {
		sb.sandbox.control.fail({ route: /search\/$/, method: 'POST', status: 405, times: 1 });
		const hits = await sb.json(search());
		expect(hits[0].filename).toBe('退貨政策.txt');
		const requests = sb.requestsTo(`knowledge-bases/${seedKb().id}/search/`);
		expect(requests.map((r) => [r.method, r.query.query])).toEqual([
			['POST', undefined],
			['GET', '退貨 發票'],
		]);
	});

	it('requires a query', async () => {
		const { error } = await sb.run(search({ query: ' ' }));
		expect(error?.message).toBe('Query is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});
