// Shared pieces of the e2e tests: the set-up of a describe block (useN8n), the sandbox's seed ids,
// the MaiAgent credential pointing at a sandbox, workflow builders and the examples of `examples/`.
import type { Sandbox, SandboxOptions } from '../../sandbox/index.cts';
import { SEED_CHATBOT_ID, SEED_WEB_CHAT_ID, startSandbox } from '../../sandbox/index.cts';
import type {
	N8n,
	N8nCredential,
	N8nVersion,
	N8nWorkflow,
	PrepareOptions,
} from '../../scripts/lib/n8n.cts';
import { prepareN8n } from '../../scripts/lib/n8n.cts';
import type { ClusterOptions } from '../../scripts/lib/queue.cts';
import { QueueCluster } from '../../scripts/lib/queue.cts';
import type { SmtpSink } from '../../scripts/smtp-sink.cts';
import { startSmtpSink } from '../../scripts/smtp-sink.cts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CHATBOT = SEED_CHATBOT_ID;
export const WEB_CHAT = SEED_WEB_CHAT_ID;

/** The credential id the example workflows reference. */
export const CREDENTIAL_ID = 'maiagentSandbox01';

export const INSTALL_TIMEOUT_MS = 30 * 60_000;

/** The MaiAgent credential of the examples, pointing at `sandbox`. */
export function sandboxCredential(sandbox: Sandbox): N8nCredential {
	return {
		id: CREDENTIAL_ID,
		name: 'MaiAgent (sandbox)',
		type: 'maiAgentApi',
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
	};
}

/** The SMTP credential of the email examples, pointing at an SMTP sink on 127.0.0.1. */
export function smtpCredential(port: number): N8nCredential {
	return {
		id: 'smtpSandbox00001',
		name: 'SMTP (local sink)',
		type: 'smtp',
		data: { host: '127.0.0.1', port, secure: false, disableStartTls: true, user: '', password: '' },
	};
}

/** A resource locator value "By ID" (an expression when it starts with `=`). */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let position = 0;

interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	[key: string]: unknown;
}

/** A workflow node with a fresh id; MaiAgent nodes get the sandbox credential. */
export function node(spec: NodeSpec): Record<string, unknown> {
	position += 220;
	return {
		id: crypto.randomUUID(),
		position: [position, 0],
		...(spec.type.startsWith('n8n-nodes-maiagent.')
			? { credentials: { maiAgentApi: { id: CREDENTIAL_ID, name: 'MaiAgent (sandbox)' } } }
			: {}),
		...spec,
	};
}

/** A Webhook node (POST) answering in `responseMode`: `streaming`, `lastNode`, `responseNode`. */
export function webhookNode(
	webhookPath: string,
	responseMode = 'streaming',
): Record<string, unknown> {
	return node({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, options: {} },
	});
}

/** Webhook (streaming) -> MaiAgent Send streaming the reply to `body.message` (node "Ask MaiAgent"). */
export function streamingChatWorkflow(name: string, webhookPath: string): N8nWorkflow {
	return linearWorkflow(name, [
		webhookNode(webhookPath),
		maiAgent('Ask MaiAgent', {
			resource: 'message',
			operation: 'send',
			chatbot: byId(CHATBOT),
			content: '={{ $json.body.message }}',
			options: { streaming: true },
		}),
	]);
}

/** A MaiAgent action node (type version 1). */
export function maiAgent(
	name: string,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) {
	return node({
		name,
		type: 'n8n-nodes-maiagent.maiAgent',
		typeVersion: 1,
		parameters,
		...extra,
	});
}

export const manualTrigger = (name = 'Start') =>
	node({ name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });

/** Main connections that run the nodes one after the other. */
export function chain(nodes: Array<Record<string, unknown>>): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name as string] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

export function linearWorkflow(name: string, nodes: Array<Record<string, unknown>>): N8nWorkflow {
	return { name, nodes, connections: chain(nodes), settings: { executionOrder: 'v1' } };
}

/** A workflow whose nodes and connections can be edited. */
export interface EditableWorkflow extends N8nWorkflow {
	nodes: Array<Record<string, any>>;
	connections: Record<string, any>;
}

/** An example workflow of `examples/` as JSON. */
export function example(file: string): EditableWorkflow {
	return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples', file), 'utf8'));
}

/** The completions the sandbox received (JSON bodies as sent). */
export function completionRequests(sandbox: Sandbox): Array<Record<string, any>> {
	return sandbox.requests
		.filter(
			(request) =>
				request.method === 'POST' && /\/chatbots\/[^/]+\/completions\/$/.test(request.path),
		)
		.map((request) => request.body as Record<string, any>);
}

export interface N8nEnv {
	sandbox: Sandbox;
	/** With `cluster`: the cluster's main process. */
	n8n: N8n;
	/** With `smtp`: the sink the SMTP credential points at. */
	sink: SmtpSink;
	/** With `cluster`: the queue-mode cluster (prepared, not started). */
	cluster: QueueCluster;
}

/**
 * The set-up of an e2e describe block: a sandbox, n8n `version` prepared with the sandbox's MaiAgent
 * credential (and an SMTP sink's, with `smtp`), then `setup`; everything stopped after the block.
 * `n8n` passes options to prepareN8n; `cluster` prepares a queue-mode cluster instead of one n8n.
 */
export function useN8n(
	version: N8nVersion,
	options: {
		sandbox?: SandboxOptions;
		smtp?: boolean;
		n8n?: PrepareOptions;
		cluster?: ClusterOptions;
		setup?: (env: N8nEnv) => Promise<void>;
	} = {},
): N8nEnv {
	const env = {} as N8nEnv;
	beforeAll(async () => {
		env.sandbox = await startSandbox({ port: 0, ...options.sandbox });
		if (options.smtp) env.sink = await startSmtpSink();
		if (options.cluster) {
			env.cluster = await QueueCluster.prepare(version, options.cluster);
			env.n8n = env.cluster.main;
		} else env.n8n = await prepareN8n(version, options.n8n);
		await env.n8n.importCredentials([
			sandboxCredential(env.sandbox),
			...(options.smtp ? [smtpCredential(env.sink.port)] : []),
		]);
		await options.setup?.(env);
	}, INSTALL_TIMEOUT_MS);
	// A started n8n takes a while to stop; a cluster's processes longer.
	afterAll(async () => {
		await (env.cluster ?? env.n8n)?.dispose();
		await env.sink?.stop();
		await env.sandbox?.stop();
	}, 120_000);
	return env;
}

/**
 * `describe`s the tests once per n8n version (`real n8n (new)`, `real n8n (old)`). A version not in
 * the cache yet is installed by `prepareN8n` (the e2e global setup installs both at once first).
 */
export function describeEachN8n(body: (version: N8nVersion) => void): void {
	describe.each<N8nVersion>(['new', 'old'])('real n8n (%s)', body);
}
