// The MaiAgent Webhook Trigger under `n8n start`, with the sandbox as MaiAgent delivering its
// assistants' replies to the URLs n8n serves:
// - replies delivered to a pasted URL (manual registration, secret token) start one execution per
//   message id, also when the sandbox redelivers a message whose 200 it "lost";
// - a wrong or missing token is refused without an execution;
// - automatic registration sets the URL on activation and puts the previous one back on
//   deactivation; a different URL is refused unless Replace Existing URL is on;
// - listening for a test event in the editor writes the Test URL only with Register While Testing,
//   and testing a published workflow leaves its production URL in place (or puts it back).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import { nodeOutput, waitFor } from '../../scripts/lib/n8n.cts';
import { byId, describeEachN8n, linearWorkflow, node, useN8n } from './fixtures.cts';

const TEST_TIMEOUT_MS = 180_000;
/** Long enough for an execution that was started to be stored and listed. */
const SETTLE_MS = 3_000;
const TRIGGER = 'AI assistant replied';
const TOKEN = 'e2e-secret-token-42';
const THEIRS = 'https://crm.example.test/maiagent/webhook?key=their-own-secret';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TriggerSpec {
	name: string;
	chatbot: string;
	parameters?: Record<string, unknown>;
}

/** A workflow: the webhook trigger (with its own unguessable webhookId) -> a No Op node. */
function triggerWorkflow(spec: TriggerSpec) {
	const webhookId = randomUUID();
	const trigger = node({
		name: TRIGGER,
		type: 'n8n-nodes-maiagent.maiAgentWebhookTrigger',
		typeVersion: 1,
		webhookId,
		parameters: { chatbot: byId(spec.chatbot), ...spec.parameters },
	});
	const noOp = node({
		name: 'Got it',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
	});
	return { workflow: linearWorkflow(spec.name, [trigger, noOp]), webhookId };
}

describeEachN8n((version) => {
	const ids: Record<string, string> = {};
	const hooks: Record<string, string> = {};
	const chatbot = (i: number) => env.sandbox.store.chatbots[i];
	/** Waits until assistant `i`'s webhook URL in MaiAgent is `expected`. */
	const urlIs = (i: number, expected: string | null, what: string) =>
		waitFor(what, async () => (chatbot(i).webhookUrl === expected ? true : undefined));
	const productionUrl = (key: string) => `${env.n8n.url}/webhook/${hooks[key]}/webhook`;
	const testUrl = (key: string) => `${env.n8n.url}/webhook-test/${hooks[key]}/webhook`;
	const executions = async (key: string) => await env.n8n.executions(ids[key]);
	const emitted = (execution: N8nExecution) =>
		nodeOutput(execution, TRIGGER).map((item) => item.json);
	const patches = (i: number) =>
		env.sandbox.requests.filter(
			(r) => r.method === 'PATCH' && r.path.endsWith(`/chatbots/${chatbot(i).id}/`),
		);

	/** Asks chatbot `i` something in a new conversation; its reply is then delivered. */
	async function ask(i: number, content: string): Promise<void> {
		const headers = {
			authorization: `Api-Key ${env.sandbox.apiKey}`,
			'content-type': 'application/json',
		};
		const created = await fetch(`${env.sandbox.baseUrl}/conversations/`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ webChat: chatbot(i).apiWebChatId }),
		});
		const conversation = (await created.json()) as { id: string };
		await fetch(`${env.sandbox.baseUrl}/messages/`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ conversation: conversation.id, content }),
		});
	}

	/** Resolves with the end of the next `count` deliveries. */
	function deliveries(count: number) {
		return new Promise<Array<{ messageId: string; delivered: boolean; attempts: number }>>(
			(resolve) => {
				const seen: Array<{ messageId: string; delivered: boolean; attempts: number }> = [];
				const onDone = (event: (typeof seen)[number]) => {
					seen.push(event);
					if (seen.length < count) return;
					env.sandbox.events.off('webhookDone', onDone);
					resolve(seen);
				};
				env.sandbox.events.on('webhookDone', onDone);
			},
		);
	}

	/** Listens for a test event as the editor does, then stops listening. */
	async function listenForTestEvent(key: string, during: () => Promise<void>): Promise<void> {
		const workflowData = await env.n8n.rest<Record<string, unknown>>(
			'GET',
			`/workflows/${ids[key]}`,
		);
		const started = await env.n8n.rest<{ waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${ids[key]}/run`,
			{ workflowData, triggerToStartFrom: { name: TRIGGER } },
		);
		expect(started).toMatchObject({ waitingForWebhook: true });
		await during();
		await env.n8n.rest('DELETE', `/test-webhook/${ids[key]}`);
	}

	const env = useN8n(version, {
		sandbox: { replyDelayMs: 50 },
		setup: async ({ n8n, sandbox }) => {
			// Fast retries: a failed or "lost" delivery comes again after 300 ms, twice at most.
			sandbox.control.setWebhook({ retryDelaysMs: [300, 300] });
			const specs: Record<string, TriggerSpec> = {
				// Registered by hand (the URL is pasted below), with a secret token.
				manual: {
					name: 'Manual registration',
					chatbot: sandbox.store.chatbots[0].id,
					parameters: { options: { token: TOKEN } },
				},
				// Registers itself on chatbot 1, which has no URL.
				auto: {
					name: 'Automatic',
					chatbot: sandbox.store.chatbots[1].id,
					parameters: { registerAutomatically: true },
				},
				// Chatbot 2 already has a URL of another system.
				refuse: {
					name: 'Automatic, keep theirs',
					chatbot: sandbox.store.chatbots[2].id,
					parameters: { registerAutomatically: true },
				},
				replace: {
					name: 'Automatic, replace theirs',
					chatbot: sandbox.store.chatbots[2].id,
					parameters: { registerAutomatically: true, options: { replaceExistingUrl: true } },
				},
				testing: {
					name: 'Automatic, also while testing',
					chatbot: sandbox.store.chatbots[1].id,
					parameters: { registerAutomatically: true, options: { registerWhileTesting: true } },
				},
			};
			for (const [key, spec] of Object.entries(specs)) {
				const { workflow, webhookId } = triggerWorkflow(spec);
				ids[key] = await n8n.importWorkflow(workflow);
				hooks[key] = webhookId;
			}
			await n8n.publishWorkflow(ids.manual);
			await n8n.publishWorkflow(ids.auto);
			chatbot(2).webhookUrl = THEIRS;
			await n8n.start();
			await n8n.setupOwner();
			await n8n.createApiKey();
		},
	});

	test(
		'pasted URL with the token: one execution per reply, none for a redelivered message id',
		async () => {
			chatbot(0).webhookUrl = `${productionUrl('manual')}?token=${TOKEN}`;
			// The route may 404 for a moment after start: wait until it answers (401: no token).
			await waitFor('the production webhook', async () => {
				const response = await fetch(productionUrl('manual'), { method: 'POST', body: '{}' });
				return response.status === 401 ? true : undefined;
			});
			// The first reply's 200 is "lost": MaiAgent delivers the same message again.
			env.sandbox.control.setWebhook({ loseAnswers: 1 });
			const done = deliveries(2);
			await ask(0, '請問營業時間？');
			await ask(0, '可以退貨嗎？');
			const results = await done;
			expect(results.map((r) => r.delivered)).toEqual([true, true]);
			expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
			// And once more by hand, as a late retry would.
			const replayed = deliveries(1);
			env.sandbox.control.deliverWebhook(results[0].messageId);
			expect((await replayed)[0]).toMatchObject({ delivered: true, attempts: 1 });

			await sleep(SETTLE_MS);
			const found = await executions('manual');
			expect(found).toHaveLength(2);
			const messages = found.flatMap(emitted);
			expect(messages.map((m) => m.id).sort()).toEqual(results.map((r) => r.messageId).sort());
			for (const message of messages) {
				const stored = env.sandbox.store.message(String(message.id))!;
				expect(message).toMatchObject({
					type: 'outgoing',
					conversation: stored.conversationId,
					content: stored.content,
					createdAt: stored.createdAt,
					createdAtIso: new Date(Number(stored.createdAt)).toISOString(),
				});
				expect(message).not.toHaveProperty('created_at');
			}
			expect(found.every((e) => e.status === 'success' && e.mode === 'webhook')).toBe(true);
			// Every attempt was answered 200 by n8n (the lost one is recorded as no answer).
			const records = await fetch(
				`${env.sandbox.baseUrl}/chatbots/${chatbot(0).id}/webhook-records/`,
				{
					headers: { authorization: `Api-Key ${env.sandbox.apiKey}` },
				},
			);
			const attempts = (
				(await records.json()) as {
					results: Array<{ statusCode: number | null; response: string }>;
				}
			).results;
			expect(attempts.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, null]);
			// What MaiAgent reads back: JSON, not the name of n8n's default ("firstEntryJson").
			const answers = attempts
				.filter((r) => r.statusCode === 200)
				.map((r) => JSON.parse(r.response) as unknown);
			expect(answers).toContainEqual({ message: 'Workflow was started' });
			expect(answers).toContainEqual({ message: 'Already received' });
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'a missing or wrong token is refused (401, 403) without an execution',
		async () => {
			const before = (await executions('manual')).length;
			const body = JSON.stringify({ id: randomUUID(), type: 'outgoing', content: 'forged' });
			const headers = { 'content-type': 'application/json' };
			const missing = await fetch(productionUrl('manual'), { method: 'POST', headers, body });
			expect(missing.status).toBe(401);
			const wrong = await fetch(`${productionUrl('manual')}?token=guess`, {
				method: 'POST',
				headers,
				body,
			});
			expect(wrong.status).toBe(403);
			// MaiAgent itself with a stale token: refused, retried, given up.
			chatbot(0).webhookUrl = `${productionUrl('manual')}?token=old-token`;
			const done = deliveries(1);
			await ask(0, 'stale token');
			expect((await done)[0]).toMatchObject({ delivered: false, attempts: 3 });
			await sleep(SETTLE_MS);
			expect(await executions('manual')).toHaveLength(before);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'automatic registration: set at activation, replies arrive, the previous URL (none) back on deactivation',
		async () => {
			await urlIs(1, productionUrl('auto'), 'the registration at activation');
			const done = deliveries(1);
			await ask(1, '你好');
			const [result] = await done;
			expect(result).toMatchObject({ delivered: true, attempts: 1 });
			const [execution] = await waitFor('the execution of the reply', async () => {
				const found = await executions('auto');
				return found.some((e) => e.finished) ? found : undefined;
			});
			expect(emitted(execution).map((m) => m.id)).toEqual([result.messageId]);

			// env.n8n 2.41.1 (de)activates in the background after the API call returned: wait for it.
			await env.n8n.api(`/workflows/${ids.auto}/deactivate`, 'POST');
			await urlIs(1, null, 'the previous URL (none) put back');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'a different URL is kept unless Replace Existing URL is on; replaced, it is put back',
		async () => {
			// env.n8n 2.8.4 answers the activation with the node's error; 2.41.1 activates in the
			// background and logs it (and shows it in the editor).
			const apiError = await env.n8n.api(`/workflows/${ids.refuse}/activate`, 'POST').then(
				() => undefined,
				(error: Error) => error,
			);
			const log = () => readFileSync(env.n8n.logFile, 'utf8');
			const refusal =
				apiError?.message ??
				(await waitFor(
					'the refused activation in the env.n8n log',
					async () => log().match(/The AI assistant already sends its webhook to \S+/)?.[0],
					60_000,
				));
			expect(refusal).toContain(
				'already sends its webhook to https://crm.example.test/maiagent/webhook?…',
			);
			expect(log()).not.toContain('their-own-secret');
			expect(apiError?.message ?? '').not.toContain('their-own-secret');
			await sleep(SETTLE_MS);
			expect(chatbot(2).webhookUrl).toBe(THEIRS);
			expect(patches(2)).toEqual([]);

			await env.n8n.api(`/workflows/${ids.replace}/activate`, 'POST');
			await urlIs(2, productionUrl('replace'), 'the replacement');
			await env.n8n.api(`/workflows/${ids.replace}/deactivate`, 'POST');
			await urlIs(2, THEIRS, 'their URL put back');
			expect(patches(2).map((r) => (r.body as { webhookUrl: string }).webhookUrl)).toEqual([
				productionUrl('replace'),
				THEIRS,
			]);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'listening for a test event writes the Test URL only with Register While Testing',
		async () => {
			// "auto" (deactivated above) has Register While Testing off.
			const before = patches(1).length;
			await listenForTestEvent('auto', async () => {
				await sleep(SETTLE_MS);
				expect(chatbot(1).webhookUrl).toBeNull();
			});
			await sleep(SETTLE_MS);
			expect(patches(1)).toHaveLength(before);

			await listenForTestEvent('testing', async () => {
				await urlIs(1, testUrl('testing'), 'the Test URL in MaiAgent');
			});
			await urlIs(1, null, 'the URL put back after the test');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'testing a published workflow: its production URL stays, or comes back after Register While Testing',
		async () => {
			// Without Register While Testing: the end of the test leaves the production URL alone
			// (the test starts from a copy of the saved state, registration included).
			await env.n8n.api(`/workflows/${ids.auto}/activate`, 'POST');
			await urlIs(1, productionUrl('auto'), 'the production registration');
			const before = patches(1).length;
			await listenForTestEvent('auto', async () => {
				await sleep(SETTLE_MS);
			});
			await sleep(SETTLE_MS);
			expect(chatbot(1).webhookUrl).toBe(productionUrl('auto'));
			expect(patches(1)).toHaveLength(before);
			await env.n8n.api(`/workflows/${ids.auto}/deactivate`, 'POST');
			await urlIs(1, null, 'the URL cleared at deactivation');

			// With it: the Test URL while listening, then the production URL again.
			await env.n8n.api(`/workflows/${ids.testing}/activate`, 'POST');
			await urlIs(1, productionUrl('testing'), 'the production registration');
			await listenForTestEvent('testing', async () => {
				await urlIs(1, testUrl('testing'), 'the Test URL while listening');
			});
			await urlIs(1, productionUrl('testing'), 'the production URL back after the test');
			await env.n8n.api(`/workflows/${ids.testing}/deactivate`, 'POST');
			await urlIs(1, null, 'the URL cleared at deactivation');
		},
		TEST_TIMEOUT_MS,
	);
});
