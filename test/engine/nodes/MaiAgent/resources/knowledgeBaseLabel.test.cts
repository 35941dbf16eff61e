import type { INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

const kb = () => sb.sandbox.knowledge.basesInOrder().find((k) => k.name === '客服知識庫')!;

const op = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseLabel',
	operation,
	knowledgeBase: rl(kb().id),
	...extra,
});

describe('Knowledge Base Label', () => {
	it('creates (trimmed), lists with Return All or Limit, renames and deletes', async () => {
		const [label] = await sb.json(op('create', { name: ' 促銷 ' }));
		expect(label).toMatchObject({ name: '促銷', knowledgeBase: kb().id });
		const all = await sb.json(op('getAll', { returnAll: true }));
		expect(all.map((l) => l.name)).toEqual(['退貨', '促銷']);
		expect(all[0].createdAtIso).toMatch(/^2025-01-01T/);
		const limited = await sb.json(op('getAll', { returnAll: false, limit: 1 }));
		expect(limited).toHaveLength(1);
		const [renamed] = await sb.json(op('update', { label: rl(String(label.id)), name: '特價' }));
		expect(renamed.name).toBe('特價');
		const [gone] = await sb.json(op('delete', { label: rl(String(label.id)) }));
		expect(gone).toEqual({ id: label.id, knowledgeBase: kb().id, deleted: true });
		expect(sb.sandbox.knowledge.labels.has(String(label.id))).toBe(false);
	});

	it("names the operation and MaiAgent's reason when a name is taken", async () => {
		const { error } = await sb.run(op('create', { name: '退貨' }));
		expect(error?.message).toBe(
			'Create a knowledge base label failed: MaiAgent answered 400 - The fields knowledge_base, name must make a unique set.',
		);
	});
});
