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
 * and reads every line of the streamed answer, each also handed to `onLine` as it arrives. Fails on
 * any status but 200, with the answer and whatever `context()` adds (e.g. the cluster's logs).
 */
export async function postStreaming(
	n8n: N8n,
	webhookPath: string,
	body: unknown,
	{
		context = () => '',
		onLine,
	}: { context?: () => string; onLine?: (line: StreamLine) => void } = {},
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
	return await readJsonLines<StreamLine>(response, onLine);
}

/**
 * A live-relay check by order of events: the sandbox holds its last delta until the client has
 * received an item (`onLine`), so a relay that buffered the reply would never finish.
 */
export function firstItemGate(): {
	beforeLastDelta: () => Promise<void>;
	onLine: (line: StreamLine) => void;
} {
	let open!: () => void;
	const received = new Promise<void>((resolve) => (open = resolve));
	return {
		beforeLastDelta: () => received,
		onLine: (line) => {
			if (line.type === 'item') open();
		},
	};
}
