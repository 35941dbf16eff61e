/**
 * The MaiAgent Webhook Trigger through n8n-core's WebhookContext (the `webhook` function) and
 * HookContext (checkExists / create / delete in the modes n8n's CLI uses), against the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { Sandbox } from '../../../../sandbox/index.cts';
import { MaiAgentWebhookTrigger } from '../../../../nodes/MaiAgentWebhookTrigger/MaiAgentWebhookTrigger.node';
import { SEEN_LIMIT } from '../../../../nodes/MaiAgentWebhookTrigger/receive';
import { useSandbox } from '../../../helpers/sandbox.cts';
import {
	HARNESS_WEBHOOK_ID,
	maiAgentCredentials,
	runHook,
	runWebhook,
} from '../../../../scripts/lib/engine.cts';

const nodeType = new MaiAgentWebhookTrigger();
const fixture = useSandbox();
let sandbox: Sandbox;
beforeAll(() => {
	sandbox = fixture.sandbox;
});
afterEach(() => {
	for (const bot of sandbox.store.chatbots) bot.webhookUrl = null;
});

const chatbot = () => sandbox.store.chatbots[0];
const PRODUCTION_URL = `http://127.0.0.1:5678/webhook/${HARNESS_WEBHOOK_ID}/webhook`;
const TEST_URL = `http://127.0.0.1:5678/webhook-test/${HARNESS_WEBHOOK_ID}/webhook`;

/** The trigger's parameters; the token, Replace Existing URL and Register While Testing are Options. */
function params({
	chatbot: picked,
	registerAutomatically = false,
	...options
}: INodeParameters = {}): INodeParameters {
	return {
		chatbot: picked ?? { __rl: true, mode: 'list', value: chatbot().id },
		registerAutomatically,
		options,
	};
}

let workflowCount = 0;
/** A workflow id per test: the trigger also remembers ids in process memory, per workflow and node. */
let workflowId = '';
beforeEach(() => {
	workflowId = `wf-${++workflowCount}`;
});

const common = (parameters: INodeParameters, staticData: IDataObject, test = false) => ({
	workflowId,
	nodeType,
	parameters,
	credentials: maiAgentCredentials(sandbox),
	staticData,
	test,
});

/** Activation as n8n runs it: checkExists, then create when it answered false. */
async function activate(parameters: INodeParameters, staticData: IDataObject, test = false) {
	const exists = await runHook({ ...common(parameters, staticData, test), method: 'checkExists' });
	if (!exists) await runHook({ ...common(parameters, staticData, test), method: 'create' });
	return exists;
}

const deactivate = (parameters: INodeParameters, staticData: IDataObject, test = false) =>
	runHook({ ...common(parameters, staticData, test), method: 'delete' });

const apiCalls = () =>
	sandbox.requests.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`);

const delivery = (extra: IDataObject = {}) => ({
	id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
	conversation: '11111111-2222-4333-8444-555555555555',
	sender: { id: 7, name: '客服小幫手', avatar: '' },
	type: 'outgoing',
	content: '您好，營業時間是 9:00-18:00。',
	feedback: null,
	created_at: '1728219442000',
	attachments: [],
	citations: [{ id: 'c1', filename: 'faq.jsonl', file_type: 'jsonl', created_at: '1728219000000' }],
	...extra,
});

describe('webhook: receiving a delivery', () => {
	it('emits the message in camelCase with an ISO time and starts one execution', async () => {
		const { result, url } = await runWebhook({
			...common(params(), {}),
			request: { body: delivery() },
		});
		expect(url).toBe(PRODUCTION_URL);
		expect(result.workflowData).toHaveLength(1);
		const [item] = result.workflowData![0];
		expect(item.json).toEqual({
			id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			conversation: '11111111-2222-4333-8444-555555555555',
			sender: { id: 7, name: '客服小幫手', avatar: '' },
			type: 'outgoing',
			content: '您好，營業時間是 9:00-18:00。',
			feedback: null,
			createdAt: '1728219442000',
			createdAtIso: '2024-10-06T12:57:22.000Z',
			attachments: [],
			citations: [
				{ id: 'c1', filename: 'faq.jsonl', fileType: 'jsonl', createdAt: '1728219000000' },
			],
		});
	});

	it('reads createdAt, or both casings (camelCase wins), and conversation_id', async () => {
		const staticData = {};
		const camel = await runWebhook({
			...common(params(), staticData),
			request: {
				body: { ...delivery({ id: 'a' }), created_at: undefined, createdAt: '1728219442000' },
			},
		});
		expect(camel.result.workflowData![0][0].json).toMatchObject({ createdAt: '1728219442000' });
		const both = await runWebhook({
			...common(params(), staticData),
			request: {
				body: {
					...delivery({ id: 'b', conversation: undefined }),
					conversation_id: 'conv-x',
					createdAt: '1728219442000',
					created_at: '1',
				},
			},
		});
		const json = both.result.workflowData![0][0].json;
		expect(json).toMatchObject({ createdAt: '1728219442000', conversation: 'conv-x' });
		expect(json).not.toHaveProperty('created_at');
		expect(json).not.toHaveProperty('conversationId');
	});

	it('refuses a missing token (401) and a wrong one (403) without an execution', async () => {
		const parameters = params({ token: 's3cr3t-token' });
		const staticData: IDataObject = {};
		const missing = await runWebhook({
			...common(parameters, staticData),
			request: { body: delivery() },
		});
		expect(missing.result).toEqual({ noWebhookResponse: true });
		expect(missing.response).toEqual({ status: 401, body: { message: 'Missing token' } });
		const wrong = await runWebhook({
			...common(parameters, staticData),
			request: { body: delivery(), query: { token: 's3cr3t-tokeX' } },
		});
		expect(wrong.result).toEqual({ noWebhookResponse: true });
		expect(wrong.response?.status).toBe(403);
		// A refused delivery is not remembered: the right one still starts the workflow.
		expect(staticData).toEqual({});
		const right = await runWebhook({
			...common(parameters, staticData),
			request: { body: delivery(), query: { token: 's3cr3t-token' } },
		});
		expect(right.result.workflowData?.[0]).toHaveLength(1);
		expect(right.response).toBeUndefined();
	});

	it('answers a redelivered message id 200 without a second execution (process memory)', async () => {
		const first = await runWebhook({ ...common(params(), {}), request: { body: delivery() } });
		expect(first.result.workflowData).toBeDefined();
		// A fresh copy of static data, as when the save of the first request was lost or raced.
		const again = await runWebhook({ ...common(params(), {}), request: { body: delivery() } });
		expect(again.result.workflowData).toBeUndefined();
		expect(again.result.noWebhookResponse).toBeUndefined();
		expect(again.result.webhookResponse).toEqual({ message: 'Already received' });
		const other = await runWebhook({
			...common(params(), {}),
			request: { body: delivery({ id: 'another-id' }) },
		});
		expect(other.result.workflowData?.[0]).toHaveLength(1);
		// The editor's test listening is kept apart from the active workflow.
		const test = await runWebhook({ ...common(params(), {}, true), request: { body: delivery() } });
		expect(test.result.workflowData?.[0]).toHaveLength(1);
	});

	it('also drops an id found in the saved static data (a restart, another n8n process)', async () => {
		const staticData: IDataObject = {};
		await runWebhook({ ...common(params(), staticData), request: { body: delivery() } });
		const saved = JSON.parse(JSON.stringify(staticData));
		workflowId = `${workflowId}-elsewhere`;
		const again = await runWebhook({ ...common(params(), saved), request: { body: delivery() } });
		expect(again.result.workflowData).toBeUndefined();
		const fresh = await runWebhook({ ...common(params(), {}), request: { body: delivery() } });
		expect(fresh.result.workflowData?.[0]).toHaveLength(1);
	});

	it('remembers a bounded number of ids', async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i <= SEEN_LIMIT; i++) {
			await runWebhook({
				...common(params(), staticData),
				request: { body: delivery({ id: `m${i}` }) },
			});
		}
		const seen = (staticData['node:MaiAgent Webhook Trigger'] as IDataObject).seen as string[];
		expect(seen).toHaveLength(SEEN_LIMIT);
		expect(seen[0]).toBe('m1');
		expect(seen.at(-1)).toBe(`m${SEEN_LIMIT}`);
	});

	it('refuses a body that is not a message object (400, no execution)', async () => {
		const { result, response } = await runWebhook({
			...common(params(), {}),
			request: { body: {} },
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response?.status).toBe(400);
	});
});

describe('registration', () => {
	it('manual (default): activation and deactivation never call MaiAgent', async () => {
		const staticData: IDataObject = {};
		expect(await activate(params(), staticData)).toBe(true);
		await deactivate(params(), staticData);
		expect(apiCalls()).toEqual([]);
		expect(chatbot().webhookUrl).toBeNull();
	});

	it('automatic with no URL set: sets the production URL with the token, then clears it again', async () => {
		const parameters = params({ registerAutomatically: true, token: 'tok en/&' });
		const staticData: IDataObject = {};
		expect(await activate(parameters, staticData)).toBe(false);
		const registered = `${PRODUCTION_URL}?token=tok%20en%2F%26`;
		expect(chatbot().webhookUrl).toBe(registered);
		expect(apiCalls()).toEqual([
			`GET /api/v1/chatbots/${chatbot().id}/`,
			`PATCH /api/v1/chatbots/${chatbot().id}/`,
		]);
		const patch = sandbox.requests.find((r) => r.method === 'PATCH')!;
		expect(patch.body).toEqual({ webhookUrl: registered });
		// Activated again (a restart): already in place, nothing written.
		sandbox.control.clearRequests();
		expect(await activate(parameters, JSON.parse(JSON.stringify(staticData)))).toBe(true);
		expect(apiCalls()).toEqual([`GET /api/v1/chatbots/${chatbot().id}/`]);
		await deactivate(parameters, staticData);
		expect(chatbot().webhookUrl).toBeNull();
	});

	it('refuses to replace a different URL unless asked; replaced, it comes back on deactivation', async () => {
		const theirs = 'https://crm.example.test/maiagent/webhook?key=their-secret';
		chatbot().webhookUrl = theirs;
		const refused = activate(params({ registerAutomatically: true }), {});
		await expect(refused).rejects.toMatchObject({
			name: 'NodeOperationError',
			message:
				'The AI assistant already sends its webhook to https://crm.example.test/maiagent/webhook?…',
		});
		expect(chatbot().webhookUrl).toBe(theirs);
		expect(sandbox.requests.some((r) => r.method === 'PATCH')).toBe(false);

		const parameters = params({ registerAutomatically: true, replaceExistingUrl: true });
		const staticData: IDataObject = {};
		await activate(parameters, staticData);
		expect(chatbot().webhookUrl).toBe(PRODUCTION_URL);
		await deactivate(parameters, JSON.parse(JSON.stringify(staticData)));
		expect(chatbot().webhookUrl).toBe(theirs);
	});

	it('leaves a URL that someone changed after activation', async () => {
		const parameters = params({ registerAutomatically: true });
		const staticData: IDataObject = {};
		await activate(parameters, staticData);
		chatbot().webhookUrl = 'https://elsewhere.example.test/hook';
		await deactivate(parameters, staticData);
		expect(chatbot().webhookUrl).toBe('https://elsewhere.example.test/hook');
		expect(sandbox.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
	});

	it('takes over its own leftover URL (another token) and keeps the URL found before it', async () => {
		const theirs = 'https://crm.example.test/hook';
		chatbot().webhookUrl = theirs;
		const first = params({ registerAutomatically: true, replaceExistingUrl: true, token: 'one' });
		const staticData: IDataObject = {};
		await activate(first, staticData);
		// The token changed while the workflow was off (no deactivation ran): no "replace" needed.
		const second = params({ registerAutomatically: true, token: 'two' });
		await activate(second, staticData);
		expect(chatbot().webhookUrl).toBe(`${PRODUCTION_URL}?token=two`);
		await deactivate(second, staticData);
		expect(chatbot().webhookUrl).toBe(theirs);
	});

	it('test listening leaves the URL alone unless Register While Testing is on', async () => {
		const parameters = params({ registerAutomatically: true });
		expect(await activate(parameters, {}, true)).toBe(true);
		await deactivate(parameters, {}, true);
		expect(apiCalls()).toEqual([]);
		expect(chatbot().webhookUrl).toBeNull();
	});

	it('with Register While Testing, points to the Test URL and back to the production one', async () => {
		const parameters = params({ registerAutomatically: true, registerWhileTesting: true });
		const saved: IDataObject = {};
		await activate(parameters, saved);
		expect(chatbot().webhookUrl).toBe(PRODUCTION_URL);
		// The editor's test starts from a copy of the saved static data.
		const testData = JSON.parse(JSON.stringify(saved));
		await activate(parameters, testData, true);
		expect(chatbot().webhookUrl).toBe(TEST_URL);
		await deactivate(parameters, testData, true);
		expect(chatbot().webhookUrl).toBe(PRODUCTION_URL);
		await deactivate(parameters, saved);
		expect(chatbot().webhookUrl).toBeNull();
	});

	it('the end of a test without registration does not undo the production registration', async () => {
		const parameters = params({ registerAutomatically: true });
		const saved: IDataObject = {};
		await activate(parameters, saved);
		await deactivate(parameters, JSON.parse(JSON.stringify(saved)), true);
		expect(chatbot().webhookUrl).toBe(PRODUCTION_URL);
	});

	it('checks the AI assistant ID before any request', async () => {
		const parameters = params({
			registerAutomatically: true,
			chatbot: { __rl: true, mode: 'id', value: 'not-an-id' },
		});
		await expect(activate(parameters, {})).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: 'AI Assistant "not-an-id" is not a valid MaiAgent ID',
		});
		expect(apiCalls()).toEqual([]);
	});

	it("fails activation with MaiAgent's detail when the URL cannot be set", async () => {
		sandbox.control.fail({
			route: 'chatbots/',
			method: 'PATCH',
			status: 403,
			body: { detail: 'You do not have permission to perform this action.' },
		});
		const failure = activate(params({ registerAutomatically: true }), {});
		await expect(failure).rejects.toMatchObject({ name: 'NodeApiError' });
		await expect(failure).rejects.toThrow(/Register the webhook URL in MaiAgent/);
		const error = (await failure.catch((e: unknown) => e)) as Error & { description?: string };
		expect(`${error.message} ${error.description ?? ''}`).toContain('You do not have permission');
		expect(`${error.message} ${error.description ?? ''}`).not.toContain(sandbox.apiKey);
		expect(chatbot().webhookUrl).toBeNull();
	});
});
