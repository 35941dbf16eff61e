// The MaiAgent Trigger's New Contact and Knowledge Base File Status Changed events in active
// workflows under `n8n start`. As in trigger.test.cts, n8n polls once when it activates a workflow,
// so reactivating it through the public API makes it poll: the activation poll sets the cursor; a
// contact added (a file failing) afterwards starts one execution; a further poll starts none.
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { publishAndStart } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 150_000;
/** Long enough for an execution that was started to be stored and listed. */
const SETTLE_MS = 3_000;
const TRIGGER = 'MaiAgent event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const triggerWorkflow = (name: string, parameters: Record<string, unknown>) =>
	f.linearWorkflow(name, [
		f.node({
			name: TRIGGER,
			type: 'n8n-nodes-maiagent.maiAgentTrigger',
			typeVersion: 1,
			parameters: { pollTimes: { item: [{ mode: 'everyHour' }] }, ...parameters },
		}),
		f.node({ name: 'Got it', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }),
	]);

f.describeEachN8n((version) => {
	const ids: Record<'contact' | 'file', string> = { contact: '', file: '' };
	let knowledgeBase = '';

	const env = f.useN8n(version, {
		setup: async ({ n8n, sandbox }) => {
			knowledgeBase = sandbox.knowledge.basesInOrder()[0].id;
			[ids.contact, ids.file] = await publishAndStart(n8n, [
				triggerWorkflow('New contact', { event: 'newContact' }),
				triggerWorkflow('Knowledge file failed', {
					event: 'knowledgeFileStatus',
					knowledgeBases: [knowledgeBase],
					fileStatus: 'failed',
				}),
			]);
		},
	});

	const pollsOf = (route: RegExp) =>
		env.sandbox.requests.filter((request) => route.test(request.path)).length;
	const emitted = (execution: N8nExecution) =>
		launcher.nodeOutput(execution, TRIGGER).map((item) => item.json);

	/** Reactivates the workflow and waits for its poll (a `route` request) and what it started. */
	async function poll(workflow: string, route: RegExp): Promise<N8nExecution[]> {
		const before = pollsOf(route);
		await env.n8n.reactivateWorkflow(workflow);
		await launcher.waitFor('the poll of the reactivation', async () =>
			pollsOf(route) > before ? true : undefined,
		);
		await sleep(SETTLE_MS);
		return await env.n8n.executions(workflow);
	}

	test(
		'New Contact: a contact added after activation starts one execution, once',
		async () => {
			const route = /\/contacts\/$/;
			await launcher.waitFor('the activation poll', async () =>
				pollsOf(route) > 0 ? true : undefined,
			);
			await sleep(SETTLE_MS);
			expect(await env.n8n.executions(ids.contact)).toEqual([]);

			const contact = env.sandbox.store.addContact({
				name: '新客戶 王小姐',
				sourceId: 'crm-e2e-1',
				inboxIds: [env.sandbox.store.inboxes[0].id],
			});
			const [execution] = await launcher.waitFor('the execution of the new contact', async () => {
				const found = await poll(ids.contact, route);
				return found.some((candidate) => candidate.finished) ? found : undefined;
			});
			expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
			expect(emitted(execution)).toEqual([
				expect.objectContaining({ id: contact.id, name: '新客戶 王小姐' }),
			]);

			const after = await poll(ids.contact, route);
			expect(after.map((candidate) => candidate.id)).toEqual([execution.id]);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'Knowledge Base File Status Changed: a file that fails starts one execution with its reason, once',
		async () => {
			const route = new RegExp(`/knowledge-bases/${knowledgeBase}/files/$`);
			await launcher.waitFor('the activation poll', async () =>
				pollsOf(route) > 0 ? true : undefined,
			);
			await sleep(SETTLE_MS);
			expect(await env.n8n.executions(ids.file)).toEqual([]);

			// The form that carries MaiAgent's reason: `status: {code, message}`.
			env.sandbox.control.knowledge.setAnswerForms({ fileStatus: 'object' });
			const [file] = env.sandbox.knowledge.filesOf(knowledgeBase);
			Object.assign(file, {
				status: 'failed',
				failureReason: '無法解析檔案內容',
				updatedAt: env.sandbox.store.now(),
			});
			const [execution] = await launcher.waitFor('the execution of the failed file', async () => {
				const found = await poll(ids.file, route);
				return found.some((candidate) => candidate.finished) ? found : undefined;
			});
			expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
			expect(emitted(execution)).toEqual([
				expect.objectContaining({ id: file.id, filename: file.filename, status: 'failed' }),
			]);
			expect(emitted(execution)[0]).toMatchObject({ statusMessage: '無法解析檔案內容' });

			const after = await poll(ids.file, route);
			expect(after.map((candidate) => candidate.id)).toEqual([execution.id]);
		},
		TEST_TIMEOUT_MS,
	);
});
