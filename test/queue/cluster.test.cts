// The package in n8n queue mode: Postgres + Redis (scripts/queue-services.sh), a main process, two
// workers and a webhook processor, each with its own user folder and the package, started once for
// the whole file. Which process ran an execution comes from the workers' logs ("Worker started
// execution N") and from a Set node that records $env.N8N_PROCESS_NAME.
//
// Versions: both by default, one cluster after the other (2.41.1, then 2.8.4); QUEUE_N8N=new or
// old runs one.
import type { N8nExecution, N8nVersion } from '../../scripts/lib/n8n.cts';
import ExcelJS from 'exceljs';
import crypto from 'node:crypto';
import * as launcher from '../../scripts/lib/n8n.cts';
import { DEFAULT_WORKERS } from '../../scripts/lib/queue.cts';
import * as f from '../e2e/fixtures.cts';
import * as spec from '../helpers/spec.cts';
import { firstItemGate, postStreaming } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 6 * 60_000;
/** Long enough for an execution that was started to be stored and listed. */
const SETTLE_MS = 4_000;
const DELTAS = ['您好，', '退貨請', '於七天', '內提出', '申請，', '並保留', '發票與', '包裝。'];
const REPLY = DELTAS.join('');
const TRIGGER = 'New user message';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const versions = ((): N8nVersion[] => {
	const wanted = process.env.QUEUE_N8N || 'both';
	if (wanted === 'both') return ['new', 'old'];
	if (wanted !== 'new' && wanted !== 'old')
		throw new Error(`QUEUE_N8N=${wanted}: use new, old or both`);
	return [wanted];
})();

/** Records the process that ran the workflow (the executions API has no worker field). */
const whoRan = (name = 'Who ran') =>
	f.node({
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: [
					{ id: 'p', name: 'process', value: '={{ $env.N8N_PROCESS_NAME }}', type: 'string' },
				],
			},
			includeOtherFields: true,
			options: {},
		},
	});

const operationsWorkflow = () =>
	f.linearWorkflow('Queue: operations -> Excel', [
		f.webhookNode('queue-ops', 'responseNode'),
		whoRan(),
		f.maiAgent('Get many conversations', {
			resource: 'conversation',
			operation: 'getAll',
			limit: 2,
		}),
		f.maiAgent(
			'Ask MaiAgent',
			{
				resource: 'message',
				operation: 'send',
				chatbot: f.byId(f.CHATBOT),
				content: '營業時間是幾點？',
				options: { streaming: false },
			},
			{ executeOnce: true },
		),
		f.maiAgent(
			'Export chat records',
			{
				resource: 'chatRecord',
				operation: 'exportExcel',
				chatbot: f.byId(f.CHATBOT),
				binaryPropertyName: 'data',
			},
			{ executeOnce: true },
		),
		f.node({
			name: 'Respond',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			parameters: {
				respondWith: 'binary',
				responseDataSource: 'set',
				inputFieldName: 'data',
				options: {},
			},
		}),
	]);

const streamingWorkflow = () => f.streamingChatWorkflow('Queue: streaming', 'queue-stream');

const sessionWorkflow = () =>
	f.linearWorkflow('Queue: Session Key', [
		f.webhookNode('queue-session', 'lastNode'),
		whoRan(),
		f.maiAgent('Reply', {
			resource: 'message',
			operation: 'send',
			chatbot: f.byId(f.CHATBOT),
			content: '={{ $json.body.message }}',
			options: { streaming: false, sessionKey: '={{ $json.body.session }}' },
		}),
	]);

/** Trigger on one inbox -> Send with Session Key (the Send's own messages are in another inbox). */
const triggerWorkflow = (inboxId: string) =>
	f.linearWorkflow('Queue: trigger -> Send with Session Key', [
		f.node({
			name: TRIGGER,
			type: 'n8n-nodes-maiagent.maiAgentTrigger',
			typeVersion: 1,
			credentials: { maiAgentApi: { id: f.CREDENTIAL_ID, name: 'MaiAgent (sandbox)' } },
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'newMessage',
				source: 'inboxes',
				inboxes: [inboxId],
				messageType: 'incoming',
				options: {},
			},
		}),
		f.maiAgent('Reply', {
			resource: 'message',
			operation: 'send',
			chatbot: f.byId(f.CHATBOT),
			content: '={{ $json.content }}',
			options: { streaming: false, sessionKey: '={{ $json.conversation }}' },
		}),
	]);

/** The MaiAgent Webhook Trigger (URL pasted by hand, with a token) -> who ran it. */
const WEBHOOK_TRIGGER_ID = crypto.randomUUID();
const WEBHOOK_TOKEN = 'queue-token';
const webhookTriggerWorkflow = () =>
	f.linearWorkflow('Queue: MaiAgent Webhook Trigger', [
		f.node({
			name: 'AI assistant replied',
			type: 'n8n-nodes-maiagent.maiAgentWebhookTrigger',
			typeVersion: 1,
			webhookId: WEBHOOK_TRIGGER_ID,
			parameters: { chatbot: f.byId(f.CHATBOT), options: { token: WEBHOOK_TOKEN } },
		}),
		whoRan(),
	]);

describe.each(versions)('n8n queue mode (%s)', (version) => {
	const ids: Record<string, string> = {};
	let lineInbox: string;

	/** The newest finished execution of a workflow that `match` accepts, once it is stored. */
	const execution = async (
		workflow: string,
		match: (e: N8nExecution) => boolean = () => true,
	): Promise<N8nExecution> =>
		await launcher.waitFor(
			`a finished execution of ${workflow}`,
			async () =>
				(await env.cluster.main.executions(ids[workflow])).find((e) => e.finished && match(e)),
			60_000,
		);
	const ranBy = (e: N8nExecution) => env.cluster.ranBy().get(String(e.id));
	/** Fails with n8n's answer and the processes' log tails when the status is not 200. */
	const expectOk = async (response: Response) => {
		if (response.status === 200) return;
		throw new Error(`HTTP ${response.status}: ${await response.text()}\n${env.cluster.logTails()}`);
	};

	const env = f.useN8n(version, {
		cluster: { workers: DEFAULT_WORKERS, webhookProcessor: true },
		setup: async ({ sandbox, cluster }) => {
			lineInbox = sandbox.store.inboxes.find((i) => i.channelType === 'line')!.id;
			const workflows = {
				operations: operationsWorkflow(),
				streaming: streamingWorkflow(),
				session: sessionWorkflow(),
				trigger: triggerWorkflow(lineInbox),
				webhookTrigger: webhookTriggerWorkflow(),
			};
			const imported = await cluster.main.importWorkflows(Object.values(workflows));
			Object.keys(workflows).forEach((name, i) => (ids[name] = imported[i]));
			for (const id of imported) await cluster.main.publishWorkflow(id);
			await cluster.start();
		},
	});

	test(
		'operations run on a worker with correct output, and the Excel export arrives intact',
		async () => {
			const response = await env.cluster.main.webhook('queue-ops', { method: 'POST' });
			await expectOk(response);
			const bytes = Buffer.from(await response.arrayBuffer());
			const e = await execution('operations');
			expect(e.status).toBe('success');
			expect(ranBy(e)).toMatch(/^worker-\d$/);
			expect(launcher.nodeOutput(e, 'Who ran')[0].json.process).toBe(ranBy(e));
			expect(launcher.nodeOutput(e, 'Get many conversations')).toHaveLength(2);
			const [reply] = launcher.nodeOutput(e, 'Ask MaiAgent');
			expect(reply.json).toMatchObject({ content: expect.any(String) });
			expect(String(reply.json.content).length).toBeGreaterThan(0);
			const exported = launcher.nodeOutput(e, 'Export chat records')[0].json;
			expect(exported.fileSize).toBe(bytes.length);

			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
			const rows: unknown[][] = [];
			workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
			expect(rows[0]).toEqual(spec.EXPORT_COLUMNS);
			expect(rows).toHaveLength(env.sandbox.store.recordsOf(f.CHATBOT).length + 1);
		},
		TEST_TIMEOUT_MS,
	);

	test.each(['main', 'webhook'] as const)(
		'streaming: begin/item/end reach the client live through the %s process while a worker runs the job',
		async (via) => {
			// Live: the sandbox writes its last delta only once the client holds the first item.
			const gate = firstItemGate();
			env.sandbox.control.setStream({ deltas: DELTAS, beforeLastDelta: gate.beforeLastDelta });
			const target = via === 'main' ? env.cluster.main : env.cluster.webhook!;
			const enqueuedBefore = env.cluster.enqueuedBy(target).length;
			const lines = await postStreaming(
				target,
				'queue-stream',
				{ message: `退貨要怎麼辦？（${via}）` },
				{ context: () => env.cluster.logTails(), onLine: gate.onLine },
			);
			env.sandbox.control.reset();
			const types = lines.map((line) => line.value.type);
			expect(types[0]).toBe('begin');
			expect(types.at(-1)).toBe('end');
			const items = lines.filter((line) => line.value.type === 'item');
			expect(items.map((line) => line.value.content).join('')).toBe(REPLY);

			const enqueued = env.cluster.enqueuedBy(target).slice(enqueuedBefore);
			expect(enqueued).toHaveLength(1);
			const e = await execution('streaming', (candidate) => String(candidate.id) === enqueued[0]);
			expect(e.status).toBe('success');
			expect(ranBy(e)).toMatch(/^worker-\d$/);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'Session Key: turns on both workers and across a worker restart stay in one conversation; another key gets its own',
		async () => {
			const key = `chat-${crypto.randomUUID()}`;
			const other = `chat-${crypto.randomUUID()}`;
			const turn = async (session: string, message: string) => {
				const response = await env.cluster.main.webhook('queue-session', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ session, message }),
				});
				await expectOk(response);
				const reply = (await response.json()) as { conversationId: string };
				const e = await execution(
					'session',
					(candidate) =>
						(launcher.nodeOutput(candidate, 'Webhook')[0]?.json.body as { message?: string })
							?.message === message,
				);
				expect(e.status).toBe('success');
				return { conversationId: reply.conversationId, worker: ranBy(e) };
			};

			const turns = [await turn(key, '第一輪')];
			// Worker 1 down: the next turn runs on worker 2.
			await env.cluster.stopWorker(0);
			turns.push(await turn(key, '第二輪'));
			// Worker 1 back (a fresh process), worker 2 down: the next turn runs on worker 1.
			await env.cluster.startWorker(0);
			await env.cluster.stopWorker(1);
			turns.push(await turn(key, '第三輪'));
			await env.cluster.startWorker(1);
			// Two sessions at once.
			const [last, second] = await Promise.all([turn(key, '第四輪'), turn(other, '另一位')]);
			turns.push(last);

			expect(turns[1].worker).toBe('worker-2');
			expect(turns[2].worker).toBe('worker-1');
			expect(new Set(turns.map((t) => t.worker))).toEqual(new Set(['worker-1', 'worker-2']));
			expect(new Set(turns.map((t) => t.conversationId)).size).toBe(1);
			expect(second.conversationId).not.toBe(turns[0].conversationId);
			const incoming = env.sandbox.store
				.messagesOf(turns[0].conversationId)
				.filter((m) => m.type === 'incoming')
				.sort((a, b) => a.seq - b.seq)
				.map((m) => m.content);
			expect(incoming).toEqual(['第一輪', '第二輪', '第三輪', '第四輪']);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'trigger: polls on main, one execution per message on a worker; a worker-side Send with Session Key does not make it miss a message after a reactivation, nor repeat one after a main restart',
		async () => {
			const executions = async () =>
				(await env.cluster.main.executions(ids.trigger)).filter((e) => e.finished);
			const emitted = (e: N8nExecution) =>
				launcher.nodeOutput(e, TRIGGER).map((item) => String(item.json.id));
			const polls = () =>
				env.sandbox.requests.filter((r) => r.method === 'GET' && /\/conversations\/$/.test(r.path))
					.length;
			const pollOnce = async () => {
				const before = polls();
				await env.cluster.main.reactivateWorkflow(ids.trigger);
				await launcher.waitFor('a poll', async () => (polls() > before ? true : undefined), 60_000);
			};
			const waitForCount = async (count: number) =>
				await launcher.waitFor(
					`${count} trigger executions`,
					async () => {
						const found = await executions();
						return found.length >= count ? found : undefined;
					},
					90_000,
				);
			expect(await executions()).toEqual([]);

			// Main polls: with both workers down the poll still happens; its execution waits in Redis.
			await Promise.all([env.cluster.stopWorker(0), env.cluster.stopWorker(1)]);
			const first = env.sandbox.control.injectMessage({
				inboxId: lineInbox,
				content: '第一則新訊息',
			});
			await pollOnce();
			await sleep(SETTLE_MS);
			expect(await executions()).toEqual([]);
			await Promise.all([env.cluster.startWorker(0), env.cluster.startWorker(1)]);
			const [one] = await waitForCount(1);
			expect(emitted(one)).toEqual([first.id]);
			expect(one.mode).toBe('trigger');
			expect(ranBy(one)).toMatch(/^worker-\d$/);
			expect(launcher.nodeOutput(one, 'Reply')[0].json.content).toEqual(expect.any(String));

			// A message arrives, then the workflow is reactivated (as a re-publish or a restart does).
			const second = env.sandbox.control.injectMessage({
				inboxId: lineInbox,
				content: '第二則新訊息',
			});
			await pollOnce();
			const afterSecond = await waitForCount(2);
			expect(afterSecond.flatMap(emitted).sort()).toEqual([first.id, second.id].sort());

			// A main restart activates the workflow again: nothing is emitted twice.
			const beforeRestart = polls();
			await env.cluster.restartMain();
			await launcher.waitFor(
				'the poll after the restart',
				async () => (polls() > beforeRestart ? true : undefined),
				60_000,
			);
			await sleep(SETTLE_MS);
			const third = env.sandbox.control.injectMessage({
				inboxId: lineInbox,
				content: '第三則新訊息',
			});
			await pollOnce();
			const all = await waitForCount(3);
			await sleep(SETTLE_MS);
			const final = await executions();
			expect(final.flatMap(emitted).sort()).toEqual([first.id, second.id, third.id].sort());
			expect(final).toHaveLength(all.length);
			for (const e of final) expect(ranBy(e)).toMatch(/^worker-\d$/);
		},
		TEST_TIMEOUT_MS,
	);
	test.each(['main', 'webhook'] as const)(
		'MaiAgent Webhook Trigger: replies delivered to the %s process run once each on a worker, a redelivery is dropped',
		async (via) => {
			const target = via === 'main' ? env.cluster.main : env.cluster.webhook!;
			const url = `${target.url}/webhook/${WEBHOOK_TRIGGER_ID}/webhook?token=${WEBHOOK_TOKEN}`;
			const chatbot = env.sandbox.store.chatbot(f.CHATBOT)!;
			chatbot.webhookUrl = url;
			const finished = () =>
				new Promise<{ messageId: string; delivered: boolean; attempts: number }>((resolve) =>
					env.sandbox.events.once('webhookDone', resolve),
				);
			const executions = async () =>
				(await env.cluster.main.executions(ids.webhookTrigger)).filter((e) => e.finished);
			const before = (await executions()).length;
			// Its first 200 "lost": MaiAgent delivers the same message again, to the same process.
			env.sandbox.control.setWebhook({ retryDelaysMs: [300, 300], loseAnswers: 1 });
			const done = finished();
			const conversation = await fetch(`${env.sandbox.baseUrl}/conversations/`, {
				method: 'POST',
				headers: {
					authorization: `Api-Key ${env.sandbox.apiKey}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({ webChat: f.WEB_CHAT }),
			}).then(async (r) => (await r.json()) as { id: string });
			await fetch(`${env.sandbox.baseUrl}/messages/`, {
				method: 'POST',
				headers: {
					authorization: `Api-Key ${env.sandbox.apiKey}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({ conversation: conversation.id, content: `（${via}）營業時間？` }),
			});
			const result = await done;
			expect(result).toMatchObject({ delivered: true, attempts: 2 });
			const found = await launcher.waitFor(
				'the execution of the delivered reply',
				async () => {
					const all = await executions();
					return all.length > before ? all : undefined;
				},
				60_000,
			);
			await sleep(SETTLE_MS);
			const after = await executions();
			expect(after).toHaveLength(before + 1);
			const [e] = found;
			expect(launcher.nodeOutput(e, 'AI assistant replied')[0].json.id).toBe(result.messageId);
			expect(e.mode).toBe('webhook');
			expect(ranBy(e)).toMatch(/^worker-\d$/);
			expect(env.cluster.enqueuedBy(target)).toContain(String(e.id));
			chatbot.webhookUrl = null;
			env.sandbox.control.reset();
		},
		TEST_TIMEOUT_MS,
	);
});
