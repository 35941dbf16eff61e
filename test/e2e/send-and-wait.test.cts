// Message > Send and Wait for Response in a real n8n (issue 34): a webhook starts an execution that
// asks the customer in their conversation and waits; the customer opens a link of the message the
// way their browser does and answers on the page; n8n resumes the execution with the answer, and the
// workflow replies in the same conversation. Also: a used link changes nothing, a forged one is
// refused, the wait limit passes, and n8n restarts while the execution waits.
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { answerLinks, openLink, questionIn, submitForm } from '../helpers/customer.cts';

const TEST_TIMEOUT_MS = 240_000;
/** n8n looks for executions whose wait limit passes once a minute. */
const WAIT_LIMIT_TIMEOUT_MS = 150_000;

const reply = () =>
	f.maiAgent('Reply', {
		resource: 'message',
		operation: 'sendAsAgent',
		conversation: f.byId("={{ $('Webhook').item.json.body.conversation }}"),
		content:
			"={{ $json.approved === true ? 'Refund approved' : $json.approved === false ? 'Refund declined' : $json.answer ? 'You wrote: ' + $json.answer : 'No answer in time' }}",
	});

function askWorkflow(name: string, path: string, parameters: Record<string, unknown>) {
	return f.linearWorkflow(name, [
		f.webhookNode(path, 'onReceived'),
		f.maiAgent('Ask customer', {
			resource: 'message',
			operation: 'sendAndWait',
			conversation: f.byId('={{ $json.body.conversation }}'),
			message: '=Shall we refund order {{ $json.body.order }}?',
			...parameters,
		}),
		reply(),
	]);
}

const workflows = {
	approval: askWorkflow('E2E: Send and Wait (approval)', 'ask-approval', {}),
	freeText: askWorkflow('E2E: Send and Wait (free text)', 'ask-freeText', {
		responseType: 'freeText',
		options: { formLinkLabel: '回覆', formButtonLabel: '送出' },
	}),
	// 3 seconds
	timeout: askWorkflow('E2E: Send and Wait (time-out)', 'ask-timeout', {
		approvalType: 'single',
		options: { waitLimit: 0.05, waitLimitUnit: 'minutes' },
	}),
};
type Kind = keyof typeof workflows;

f.describeEachN8n((version) => {
	const ids = {} as Record<Kind, string>;
	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			const kinds = Object.keys(workflows) as Kind[];
			const imported = await n8n.importWorkflows(kinds.map((kind) => workflows[kind]));
			for (const [index, kind] of kinds.entries()) {
				ids[kind] = imported[index];
				await n8n.publishWorkflow(imported[index]);
			}
			await n8n.start();
			await n8n.setupOwner();
			await n8n.createApiKey();
		},
	});

	const inbox = () =>
		env.sandbox.store.inboxOfWebChat(env.sandbox.store.chatbots[0].apiWebChatId)!.id;
	const agentTexts = (conversation: string) =>
		env.sandbox.store
			.messagesOf(conversation)
			.reverse()
			.map((message) => String(message.content));

	/** Starts an execution of `kind` that asks in a new conversation; resolves with its message. */
	async function ask(kind: Kind, order: number) {
		const conversation = env.sandbox.store.startConversation(inbox()).id;
		const response = await env.n8n.webhook(`ask-${kind}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ conversation, order }),
		});
		expect(response.status).toBe(200);
		await response.body?.cancel();
		const content = await launcher.waitFor('the question in the conversation', async () =>
			questionIn(env.sandbox, conversation),
		);
		const links = answerLinks(content);
		// The links name the execution: /webhook-waiting/<execution id>/<node id>.
		const executionId = new URL(links[0].url).pathname.split('/').at(-2)!;
		expect((await executionById(executionId))?.status).toBe('waiting');
		return { conversation, content, links, executionId };
	}

	/**
	 * One execution with its data. (n8n 2.8.4's list of executions leaves out a webhook execution
	 * that waits, even when asked for `status=waiting`; its own address answers.)
	 */
	const executionById = async (id: string) =>
		await env.n8n.api<N8nExecution>(`/executions/${id}?includeData=true`);
	const finished = async (id: string, timeoutMs?: number): Promise<N8nExecution> =>
		await launcher.waitFor(
			`execution ${id} to finish`,
			async () => {
				const execution = await executionById(id);
				return execution?.status === 'success' || execution?.status === 'error'
					? execution
					: undefined;
			},
			timeoutMs,
		);
	const askOutput = (execution: N8nExecution) =>
		launcher.nodeOutput(execution, 'Ask customer').map((item) => item.json);

	test(
		'approve: the link opens the question; the page posts the answer; the execution resumes and replies; a second click changes nothing',
		async () => {
			const asked = await ask('approval', 1234);
			expect(asked.content.split('\n\n')[0]).toBe('Shall we refund order 1234?');
			expect(asked.content).not.toContain(env.sandbox.apiKey);
			expect(asked.links.map((link) => link.label)).toEqual(['Approve', 'Decline']);
			for (const link of asked.links) {
				const url = new URL(link.url);
				expect(`${url.origin}${url.pathname}`).toMatch(
					new RegExp(`^${env.n8n.url}/webhook-waiting/${asked.executionId}/[\\w-]+$`),
				);
				expect([...url.searchParams.keys()]).toEqual(['approved', 'signature']);
			}
			const approve = asked.links[0].url;

			const opened = await openLink(approve);
			expect(opened.status).toBe(200);
			expect(opened.html).toContain('Shall we refund order 1234?');
			expect(opened.html).toContain('<button type="submit">Approve</button>');
			// Opening the link (or a chat app's link preview doing so) answers nothing.
			expect((await executionById(asked.executionId))?.status).toBe('waiting');

			const answered = await submitForm(approve);
			expect(answered.status).toBe(200);
			expect(answered.html).toContain('Thank you, your answer was received');
			const execution = await finished(asked.executionId);
			expect(execution.status).toBe('success');
			expect(askOutput(execution)).toEqual([{ approved: true, respondedAt: expect.any(String) }]);
			expect(agentTexts(asked.conversation).at(-1)).toBe('Refund approved');

			// A used link: n8n's own "No action required" page, and nothing else happens.
			const messages = agentTexts(asked.conversation).length;
			for (const again of [
				await openLink(approve),
				await submitForm(approve),
				await submitForm(asked.links[1].url),
			]) {
				expect(again.status).toBe(200);
				expect(again.html).toContain('No action required');
			}
			expect(agentTexts(asked.conversation)).toHaveLength(messages);
			const after = await env.n8n.executions(ids.approval);
			expect(after.filter((run) => run.id !== asked.executionId)).toEqual([]);
			expect(askOutput((await executionById(asked.executionId))!)).toEqual(askOutput(execution));
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'decline: a forged link is refused; the decline link resumes with approved false',
		async () => {
			const asked = await ask('approval', 77);
			const decline = new URL(asked.links[1].url);
			const forged = new URL(decline);
			forged.searchParams.set('approved', 'true');
			const refused = await submitForm(forged.toString());
			expect(refused.status).toBe(401);
			expect((await executionById(asked.executionId))?.status).toBe('waiting');

			expect((await openLink(decline.toString())).html).toContain(
				'<button type="submit">Decline</button>',
			);
			expect((await submitForm(decline.toString())).status).toBe(200);
			const execution = await finished(asked.executionId);
			expect(askOutput(execution)).toEqual([{ approved: false, respondedAt: expect.any(String) }]);
			expect(agentTexts(asked.conversation).at(-1)).toBe('Refund declined');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'free text: the link opens a form; an empty answer keeps waiting; the written answer resumes',
		async () => {
			const asked = await ask('freeText', 5);
			expect(asked.links.map((link) => link.label)).toEqual(['回覆']);
			const form = asked.links[0].url;
			const opened = await openLink(form);
			expect(opened.html).toContain('<textarea name="answer"');
			expect(opened.html).toContain('送出');
			expect((await submitForm(form, { answer: '  ' })).status).toBe(400);
			expect((await executionById(asked.executionId))?.status).toBe('waiting');
			expect((await submitForm(form, { answer: '請退到原信用卡' })).status).toBe(200);
			const execution = await finished(asked.executionId);
			expect(askOutput(execution)).toEqual([
				{ answer: '請退到原信用卡', respondedAt: expect.any(String) },
			]);
			expect(agentTexts(asked.conversation).at(-1)).toBe('You wrote: 請退到原信用卡');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'time-out: after the wait limit the node passes its input item on (no "approved"); the link then changes nothing',
		async () => {
			const asked = await ask('timeout', 9);
			expect(asked.links.map((link) => link.label)).toEqual(['Approve']);
			const execution = await finished(asked.executionId, WAIT_LIMIT_TIMEOUT_MS);
			expect(execution.status).toBe('success');
			const [item] = askOutput(execution);
			expect(item).not.toHaveProperty('approved');
			expect(item).toMatchObject({ body: { conversation: asked.conversation, order: 9 } });
			expect(agentTexts(asked.conversation).at(-1)).toBe('No answer in time');
			const late = await submitForm(asked.links[0].url);
			expect(late.html).toContain('No action required');
			expect(agentTexts(asked.conversation).at(-1)).toBe('No answer in time');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'n8n restarts while the execution waits: the link still resumes it',
		async () => {
			const asked = await ask('approval', 42);
			await env.n8n.stop();
			await env.n8n.start();
			await env.n8n.login();
			expect((await executionById(asked.executionId))?.status).toBe('waiting');
			const approve = asked.links[0].url;
			expect((await openLink(approve)).html).toContain('Shall we refund order 42?');
			expect((await submitForm(approve)).status).toBe(200);
			const execution = await finished(asked.executionId);
			expect(askOutput(execution)).toEqual([{ approved: true, respondedAt: expect.any(String) }]);
			expect(agentTexts(asked.conversation).at(-1)).toBe('Refund approved');
		},
		TEST_TIMEOUT_MS,
	);
});
