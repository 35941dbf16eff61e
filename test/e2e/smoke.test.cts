// Smoke test of the n8n launcher (scripts/lib/n8n.cts) on each installed n8n: a built-in workflow
// through `n8n execute`, and `n8n start` with this package's node and credential types loaded.
import fs from 'node:fs';
import path from 'node:path';
import { MaiAgent } from '../../nodes/MaiAgent/MaiAgent.node';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';

const TEST_TIMEOUT_MS = 180_000;

import packageJson from '../../package.json';

/**
 * The type names package.json declares, by n8n's naming convention: `dist/nodes/X/MaiAgent.node.js`
 * is node type `n8n-nodes-maiagent.maiAgent`, `MaiAgentApi.credentials.js` is `maiAgentApi`.
 */
function declaredNames(files: string[], suffix: RegExp, prefix = ''): string[] {
	return files.map((file) => {
		const className = path.basename(file).replace(suffix, '');
		return `${prefix}${className[0].toLowerCase()}${className.slice(1)}`;
	});
}

const webhookWorkflow = {
	name: 'Smoke: Webhook -> Set',
	nodes: [
		{
			id: 'a1b2c3d4-0000-4000-8000-000000000011',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
			parameters: { httpMethod: 'POST', path: 'smoke', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'a1b2c3d4-0000-4000-8000-000000000012',
			name: 'Set greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'greeting',
							name: 'greeting',
							type: 'string',
							value: '={{ "hello " + $json.body.name }}',
						},
					],
				},
				options: {},
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Set greeting', type: 'main', index: 0 }]] },
	},
};

f.describeEachN8n((version) => {
	const env = f.useN8n(version);

	test(
		'n8n start loads the package types and serves a published workflow, whose execution the API shows',
		async () => {
			const workflowId = await env.n8n.importWorkflow(webhookWorkflow);
			await env.n8n.publishWorkflow(workflowId);
			await env.n8n.start();
			await env.n8n.setupOwner();
			await env.n8n.createApiKey();

			// One request: n8n 2.41.1 once closed the connection on a second read of this large file.
			const described = await env.n8n.typeDescriptions('nodes');
			const nodeTypes = described.map((type) => type.name);
			expect(nodeTypes).toContain('n8n-nodes-base.manualTrigger');
			expect(nodeTypes).toEqual(
				expect.arrayContaining(
					declaredNames(packageJson.n8n.nodes, /\.node\.js$/, `${packageJson.name}.`),
				),
			);
			// The loader's checks passed: no error about the package, builderHint included (n8n 2.41
			// checks it; 2.8.4 ignores it), and the tool carries its own description.
			const log = fs.readFileSync(env.n8n.logFile, 'utf8');
			// Stack frames name the cache folder (…/n8n-nodes-maiagent/…), not the package.
			const messages = log.split('\n').filter((line) => !/^\s+at /.test(line));
			expect(
				messages.filter((line) => /maiagent/i.test(line) && /error|fail|builderHint/i.test(line)),
			).toEqual([]);
			const type = (name: string) =>
				described.find((t) => t.name === `${packageJson.name}.${name}`);
			const { builderHint, usableAsTool } = new MaiAgent().description;
			expect(type('maiAgentTool')?.description).toBe(
				typeof usableAsTool === 'object' ? usableAsTool.replacements?.description : undefined,
			);
			if (version === 'new') expect(type('maiAgent')?.builderHint).toEqual(builderHint);
			const credentialTypes = await env.n8n.loadedTypes('credentials');
			expect(credentialTypes).toEqual(
				expect.arrayContaining(declaredNames(packageJson.n8n.credentials, /\.credentials\.js$/)),
			);

			const response = await env.n8n.webhook('smoke', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'webhook' }),
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ greeting: 'hello webhook' });

			const execution = await launcher.waitFor(
				'the webhook execution',
				async () => (await env.n8n.executions(workflowId))[0],
			);
			expect(execution).toMatchObject({ workflowId, status: 'success', mode: 'webhook' });
			expect(launcher.nodeOutput(execution, 'Set greeting')[0].json).toEqual({
				greeting: 'hello webhook',
			});
			await env.n8n.stop();
		},
		TEST_TIMEOUT_MS,
	);
});
