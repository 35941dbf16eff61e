// Message > Send and Wait for Response in n8n queue mode (issue 34): main, two workers and a webhook
// processor that WEBHOOK_URL names (as a load balancer sends /webhook* to webhook processors). A
// worker sends the question and the execution waits in Postgres; the customer's answer reaches the
// webhook processor, which resumes the execution on a worker; a passed wait limit is resumed by
// main's wait tracker, again on a worker.
//
// Versions: both by default, one cluster after the other; QUEUE_N8N=new or old runs one.
import fs from 'node:fs';
import type { N8nExecution, N8nVersion } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import type { ClusterOptions } from '../../scripts/lib/queue.cts';
import * as f from '../e2e/fixtures.cts';
import { answerLinks, openLink, questionIn, submitForm } from '../helpers/customer.cts';

const TEST_TIMEOUT_MS = 6 * 60_000;
/** Main's wait tracker looks for executions whose wait limit passed once a minute. */
const WAIT_LIMIT_TIMEOUT_MS = 150_000;

const versions = ((): N8nVersion[] => {
	const wanted = process.env.QUEUE_N8N || 'both';
	if (wanted === 'both') return ['new', 'old'];
	if (wanted !== 'new' && wanted !== 'old')
		throw new Error(`QUEUE_N8N=${wanted}: use new, old or both`);
	return [wanted];
})();

const askWorkflow = (name: string, path: string, parameters: Record<string, unknown>) =>
	f.linearWorkflow(name, [
		f.webhookNode(path, 'onReceived'),
		f.maiAgent('Ask customer', {
			resource: 'message',
			operation: 'sendAndWait',
			conversation: f.byId('={{ $json.body.conversation }}'),
			message: '=Shall we refund order {{ $json.body.order }}?',
			...parameters,
		}),
		f.maiAgent('Reply', {
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: f.byId("={{ $('Webhook').item.json.body.conversation }}"),
			content:
				"={{ $json.approved === true ? 'Refund approved on ' + $env.N8N_PROCESS_NAME : 'No answer, on ' + $env.N8N_PROCESS_NAME }}",
		}),
	]);

const workflows = {
	approval: askWorkflow('Queue: Send and Wait', 'queue-ask', {}),
	timeout: askWorkflow('Queue: Send and Wait (time-out)', 'queue-ask-timeout', {
		options: { waitLimit: 0.05, waitLimitUnit: 'minutes' },
	}),
};

/** How many times each process's log says it enqueued (main, webhook) or started (worker) `id`. */
function mentions(logFile: string, pattern: RegExp, id: string): number {
	const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
	return [...log.matchAll(pattern)].filter((match) => match[1] === id).length;
}

describe.each(versions)('n8n queue mode (%s): Send and Wait', (version) => {
	const ids = {} as Record<keyof typeof workflows, string>;
	// The links must lead to the webhook processor: WEBHOOK_URL on every process names it. Set
	// before useN8n's own beforeAll prepares the cluster with these options.
	const cluster: ClusterOptions = { webhookProcessor: true, env: {} };
	let webhookUrl = '';
	beforeAll(async () => {
		[cluster.webhookPort] = await launcher.freePorts(1);
		webhookUrl = `http://127.0.0.1:${cluster.webhookPort}`;
		cluster.env!.WEBHOOK_URL = `${webhookUrl}/`;
	});
	const env = f.useN8n(version, {
		cluster,
		setup: async ({ cluster }) => {
			const imported = await cluster.main.importWorkflows(Object.values(workflows));
			[ids.approval, ids.timeout] = imported;
			for (const id of imported) await cluster.main.publishWorkflow(id);
			await cluster.start();
		},
	});

	const execution = async (id: string) =>
		await env.cluster.main.api<N8nExecution>(`/executions/${id}?includeData=true`);
	const finished = async (id: string, timeoutMs?: number) =>
		await launcher.waitFor(
			`execution ${id} to finish\n${env.cluster.logTails()}`,
			async () => {
				const found = await execution(id);
				return found.status === 'success' || found.status === 'error' ? found : undefined;
			},
			timeoutMs,
		);
	const workerStarts = (id: string) =>
		env.cluster.workers.map((worker) =>
			mentions(worker.logFile, /Worker started execution (\d+)/g, id),
		);
	const enqueued = (process: 'main' | 'webhook', id: string) =>
		mentions(
			(process === 'main' ? env.cluster.main : env.cluster.webhook!).logFile,
			/Enqueued execution (\d+)/g,
			id,
		);

	async function ask(path: string, order: number) {
		const conversation = env.sandbox.store.startConversation(
			env.sandbox.store.inboxOfWebChat(env.sandbox.store.chatbots[0].apiWebChatId)!.id,
		).id;
		const response = await env.cluster.webhook!.webhook(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ conversation, order }),
		});
		expect(response.status).toBe(200);
		await response.body?.cancel();
		const content = await launcher.waitFor(
			`the question\n${env.cluster.logTails()}`,
			async () => questionIn(env.sandbox, conversation),
			60_000,
		);
		const links = answerLinks(content);
		const executionId = new URL(links[0].url).pathname.split('/').at(-2)!;
		return { conversation, links, executionId };
	}
	const lastText = (conversation: string) =>
		String(env.sandbox.store.messagesOf(conversation)[0].content);

	test(
		'a worker asks; the answer reaches the webhook processor, which resumes the execution on a worker',
		async () => {
			const asked = await ask('queue-ask', 3);
			expect(asked.links[0].url.startsWith(`${webhookUrl}/webhook-waiting/`)).toBe(true);
			expect((await execution(asked.executionId)).status).toBe('waiting');
			expect(workerStarts(asked.executionId).reduce((a, b) => a + b)).toBe(1);

			const approve = asked.links[0].url;
			expect((await openLink(approve)).html).toContain('Shall we refund order 3?');
			expect((await submitForm(approve)).status).toBe(200);
			const done = await finished(asked.executionId);
			expect(done.status).toBe('success');
			expect(launcher.nodeOutput(done, 'Ask customer').map((item) => item.json)).toEqual([
				{ approved: true, respondedAt: expect.any(String) },
			]);
			expect(lastText(asked.conversation)).toMatch(/^Refund approved on worker-\d$/);
			// Started and resumed through the webhook processor, run both times by a worker.
			expect(enqueued('webhook', asked.executionId)).toBe(2);
			expect(enqueued('main', asked.executionId)).toBe(0);
			expect(workerStarts(asked.executionId).reduce((a, b) => a + b)).toBe(2);
			expect((await openLink(approve)).html).toContain('No action required');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		"the wait limit passes: main's wait tracker resumes the execution on a worker",
		async () => {
			const asked = await ask('queue-ask-timeout', 4);
			const done = await finished(asked.executionId, WAIT_LIMIT_TIMEOUT_MS);
			expect(done.status).toBe('success');
			expect(launcher.nodeOutput(done, 'Ask customer')[0].json).not.toHaveProperty('approved');
			expect(lastText(asked.conversation)).toMatch(/^No answer, on worker-\d$/);
			expect(enqueued('main', asked.executionId)).toBe(1);
			expect(workerStarts(asked.executionId).reduce((a, b) => a + b)).toBe(2);
		},
		TEST_TIMEOUT_MS,
	);
});
