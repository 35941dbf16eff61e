import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { camelKeys, normalizeMessage } from '../../../../nodes/MaiAgentWebhookTrigger/receive';

describe('normalizeMessage', () => {
	it('camelCases keys deep, keeps the camelCase spelling when both are sent, adds the ISO time', () => {
		expect(
			normalizeMessage({
				id: 'm1',
				conversation_id: 'c1',
				created_at: '1',
				createdAt: '1728219442000',
				citations: [{ file_type: 'jsonl', created_at: '1728219000000' }],
			}),
		).toEqual({
			id: 'm1',
			conversation: 'c1',
			createdAt: '1728219442000',
			createdAtIso: '2024-10-06T12:57:22.000Z',
			citations: [{ fileType: 'jsonl', createdAt: '1728219000000' }],
		});
	});

	it('gives null for an absent conversation and time', () => {
		expect(normalizeMessage({ id: 'm2', content: 'hi' })).toEqual({
			id: 'm2',
			content: 'hi',
			conversation: null,
			createdAtIso: null,
		});
	});

	it('leaves values alone', () => {
		expect(camelKeys({ a_b: ['x_y', { c_d: null }] })).toEqual({ aB: ['x_y', { cD: null }] });
	});
});

describe('codex', () => {
	const codex = (name: string) =>
		JSON.parse(
			readFileSync(join(__dirname, `../../../../nodes/${name}/${name}.node.json`), 'utf8'),
		);

	it('sits where the other MaiAgent nodes sit in the node panel (no AI category, no subcategories)', () => {
		const webhook = codex('MaiAgentWebhookTrigger');
		const polling = codex('MaiAgentTrigger');
		expect(webhook.node).toBe('n8n-nodes-maiagent.maiAgentWebhookTrigger');
		expect(webhook.categories).toEqual(polling.categories);
		expect(webhook.categories).not.toContain('AI');
		expect(webhook.subcategories).toBeUndefined();
	});

	it('is registered in package.json', () => {
		const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain(
			'dist/nodes/MaiAgentWebhookTrigger/MaiAgentWebhookTrigger.node.js',
		);
	});
});
