// The example "Confirm before refunding" as shipped (examples/confirm-before-refunding.json), active
// under `n8n start` against the sandbox: a customer asks for a refund in their chat; the trigger
// emits it (the test makes n8n poll by reactivating the workflow); Send and Wait asks them to confirm
// in the same conversation; their answer, given in the browser, decides the branch: confirmed, the
// agent replies that the refund was made; declined, the assistant is paused and a person takes
// over. (The time-out branch is the decline branch: see send-and-wait.test.cts for the time-out.)
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { answerLinks, openLink, questionIn, submitForm } from '../helpers/customer.cts';
import { publishAndStart } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 180_000;
const REFUNDED = '已為您辦理退款，款項將於 7 個工作天內退回原付款方式。';
const HANDED_OVER = '好的，已為您轉接真人客服，專人會在這裡與您確認退款事宜。';

f.describeEachN8n((version) => {
	let workflowId: string;
	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			[workflowId] = await publishAndStart(n8n, [f.example('confirm-before-refunding.json')]);
		},
	});

	const execution = async (id: string) =>
		await env.n8n.api<N8nExecution>(`/executions/${id}?includeData=true`);
	const texts = (conversation: string) =>
		env.sandbox.store
			.messagesOf(conversation)
			.reverse()
			.map((message) => String(message.content));

	/** A customer's refund request, emitted by the trigger; resolves with the question's links. */
	async function requestRefund(content: string) {
		const message = env.sandbox.control.injectMessage({ content, type: 'incoming' });
		await env.n8n.reactivateWorkflow(workflowId);
		const question = await launcher.waitFor('the confirmation question', async () =>
			questionIn(env.sandbox, message.conversationId),
		);
		const links = answerLinks(question);
		const executionId = new URL(links[0].url).pathname.split('/').at(-2)!;
		// n8n saves the wait just after the node sent the question.
		await launcher.waitFor('the execution to wait', async () =>
			(await execution(executionId)).status === 'waiting' ? true : undefined,
		);
		return { conversation: message.conversationId, question, links, executionId };
	}

	const finished = async (id: string) =>
		await launcher.waitFor(`execution ${id} to finish`, async () => {
			const found = await execution(id);
			return found.status === 'success' || found.status === 'error' ? found : undefined;
		});

	test(
		'confirmed: the agent replies that the refund was made, in the same conversation',
		async () => {
			const asked = await requestRefund('訂單 1234 可以退費嗎？');
			expect(asked.question).toContain('我們收到您的退款申請：「訂單 1234 可以退費嗎？」');
			expect(asked.links.map((link) => link.label)).toEqual(['確認退款', '先不要']);
			expect((await openLink(asked.links[0].url)).html).toContain('確認退款');
			expect((await submitForm(asked.links[0].url)).status).toBe(200);
			const done = await finished(asked.executionId);
			expect(done.status).toBe('success');
			expect(texts(asked.conversation).at(-1)).toBe(REFUNDED);
			expect(Object.keys(done.data!.resultData.runData)).not.toContain('Hand over to a person');
			expect(env.sandbox.store.conversation(asked.conversation)!.autoReplyEnabled).toBe(true);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'declined: the assistant is paused in that conversation and the customer is told a person takes over',
		async () => {
			const asked = await requestRefund('I want a refund for my order');
			expect((await submitForm(asked.links[1].url)).status).toBe(200);
			const done = await finished(asked.executionId);
			expect(done.status).toBe('success');
			expect(texts(asked.conversation).at(-1)).toBe(HANDED_OVER);
			expect(texts(asked.conversation)).not.toContain(REFUNDED);
			expect(env.sandbox.store.conversation(asked.conversation)!.autoReplyEnabled).toBe(false);
		},
		TEST_TIMEOUT_MS,
	);
});
