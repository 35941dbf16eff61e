// What the e2e and queue tests do with a real n8n around its webhooks: bring an instance up with
// published workflows, and read the answer of a Webhook in "Streaming" response mode.
import type { N8n, N8nWorkflow, TimedLine } from '../../scripts/lib/n8n.cts';
import { readJsonLines } from '../../scripts/lib/n8n.cts';

/** One JSON line of n8n's streamed answer: `begin`, `item` (a delta in `content`), `end`, `error`. */
export interface StreamLine {
	type: string;
	content?: string;
	metadata?: { nodeName?: string };
}

/**
 * Imports the workflows, publishes them (active from the start), starts n8n and sets up the
 * owner with a public-API key. Returns the workflow ids in order.
 */
export async function publishAndStart(n8n: N8n, workflows: N8nWorkflow[]): Promise<string[]> {
	const ids = await n8n.importWorkflows(workflows);
	for (const id of ids) await n8n.publishWorkflow(id);
	await n8n.start();
	await n8n.setupOwner();
	await n8n.createApiKey();
	return ids;
}

/**
 * POSTs `body` as JSON to a production webhook of `n8n` (the main process or a webhook processor)
 * and reads every line of the streamed answer. Fails on any status but 200, with the answer and
 * whatever `context()` adds (e.g. the cluster's logs).
 */
export async function postStreaming(
	n8n: N8n,
	webhookPath: string,
	body: unknown,
	context: () => string = () => '',
): Promise<Array<TimedLine<StreamLine>>> {
	const response = await n8n.webhook(webhookPath, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (response.status !== 200)
		throw new Error(
			`POST /webhook/${webhookPath} answered ${response.status}: ${await response.text()}\n${context()}`,
		);
	return await readJsonLines<StreamLine>(response);
}
