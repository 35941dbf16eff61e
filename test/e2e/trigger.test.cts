// The MaiAgent Trigger in an active workflow (the new-message automation example) under `n8n start`.
// n8n polls a polling trigger once when it activates the workflow and then on its schedule (one
// minute at least), so the test makes n8n poll by reactivating the workflow through the public API:
// activation at start-up sets the cursor; a message injected afterwards is emitted by the next
// poll, exactly once; a further poll emits nothing (neither that message again, nor an assistant
// reply, which the trigger does not watch).
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { publishAndStart } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 150_000;
/** Long enough for an execution that was started to be stored and listed. */
const SETTLE_MS = 3_000;
const TRIGGER = 'New user message';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

f.describeEachN8n((version) => {
	let workflowId: string;

	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			[workflowId] = await publishAndStart(n8n, [f.example('new-message-automation.json')]);
		},
	});

	const polls = () =>
		env.sandbox.requests.filter((request) => /\/conversations\/$/.test(request.path)).length;
	const executions = async () => await env.n8n.executions(workflowId);
	const emitted = (execution: N8nExecution) =>
		launcher.nodeOutput(execution, TRIGGER).map((item) => item.json);

	test(
		'an injected message starts one execution with that message, and later polls do not repeat it',
		async () => {
			// The activation poll at start-up: it sets the cursor and emits nothing (the seed is older).
			await launcher.waitFor('the activation poll', async () => (polls() > 0 ? true : undefined));
			await sleep(SETTLE_MS);
			expect(await executions()).toEqual([]);

			const message = env.sandbox.control.injectMessage({
				content: '我要退款，請幫我轉真人客服',
				type: 'incoming',
			});
			await env.n8n.reactivateWorkflow(workflowId);
			const [execution] = await launcher.waitFor(
				'the execution of the injected message',
				async () => {
					const found = await executions();
					return found.some((candidate) => candidate.finished) ? found : undefined;
				},
			);
			expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
			expect(emitted(execution)).toEqual([
				expect.objectContaining({
					id: message.id,
					conversation: message.conversationId,
					content: message.content,
					type: 'incoming',
				}),
			]);
			// The example routes it: it asks for a human, so the assistant is paused for that
			// conversation, an agent message tells the customer, and the handover alert fired.
			const handover = launcher.nodeOutput(execution, 'Tell the customer')[0].json;
			expect(launcher.nodeOutput(execution, 'Handover alert')[0].json).toMatchObject({
				alert: expect.stringContaining(message.content),
				conversation: message.conversationId,
				autoReplyEnabled: false,
				agentMessage: handover.id,
			});
			expect(env.sandbox.store.conversation(message.conversationId)!.autoReplyEnabled).toBe(false);
			expect(env.sandbox.store.message(String(handover.id))).toMatchObject({
				conversationId: message.conversationId,
				type: 'outgoing',
				sender: { kind: 'agent' },
			});

			// One more poll, with an assistant reply in the meantime (outgoing: not watched).
			env.sandbox.control.injectMessage({
				conversationId: message.conversationId,
				content: '已為您轉接',
				type: 'outgoing',
			});
			const before = polls();
			await env.n8n.reactivateWorkflow(workflowId);
			await launcher.waitFor('the poll of the reactivation', async () =>
				polls() > before ? true : undefined,
			);
			await sleep(SETTLE_MS);
			const after = await executions();
			expect(after.map((candidate) => candidate.id)).toEqual([execution.id]);
		},
		TEST_TIMEOUT_MS,
	);
});
