/**
 * Failures, the same for every operation: error classes, retries, and the API key never showing up
 * anywhere. (Continue on fail is in the tests of each operation.)
 */
import { MaiAgentApi } from '../../../../../credentials/MaiAgentApi.credentials';
import { maiAgentCredentials, testCredential } from '../../../../../scripts/lib/engine.cts';
import { rl, useSandbox } from '../../MaiAgent/fixture.cts';

const sb = useSandbox();

const getConversation = (id: string) => ({
	resource: 'conversation',
	operation: 'get',
	conversation: rl(id),
});
const firstConversation = () => sb.sandbox.store.conversations[0].id;

describe('error classes', () => {
	it.each([
		[400, { content: ['This field is required.'] }, 'content: This field is required.'],
		[
			403,
			{ detail: 'You do not have permission to perform this action.' },
			'You do not have permission to perform this action.',
		],
		[404, { detail: 'Not found.' }, 'Not found.'],
	])('HTTP %d names the operation, status and detail', async (status, body, detail) => {
		sb.sandbox.control.fail({ route: 'conversations/', status, body });
		const { error } = await sb.run(getConversation(firstConversation()));
		expect(error?.message).toBe(
			`Get a conversation failed: MaiAgent answered ${status} - ${detail}`,
		);
		expect(sb.sandbox.requests).toHaveLength(1);
	});

	it('a Base URL that is a bare host gets /api/v1 added', async () => {
		const bareHost = new URL(sb.sandbox.baseUrl).origin;
		const [conversation] = await sb.json(getConversation(firstConversation()), {
			credentials: { maiAgentApi: { apiKey: sb.sandbox.apiKey, baseUrl: `${bareHost}/` } },
		});
		expect(conversation.id).toBe(firstConversation());
		expect(sb.sandbox.requests[0].path).toBe(`/api/v1/conversations/${firstConversation()}/`);
	});

	it("a 404 that is not MaiAgent's JSON says the Base URL looks wrong and shows its form", async () => {
		const wrongPath = `${new URL(sb.sandbox.baseUrl).origin}/v1`;
		const { error } = await sb.run(getConversation(firstConversation()), {
			credentials: { maiAgentApi: { apiKey: sb.sandbox.apiKey, baseUrl: wrongPath } },
		});
		expect(error?.message).toBe(
			'Get a conversation failed: MaiAgent answered 404 Not Found - the Base URL looks wrong',
		);
		expect(error?.description).toContain(`at ${wrongPath}/conversations/`);
		expect(error?.description).toContain('https://api.maiagent.ai/api/v1');
		expect(error?.description).not.toMatch(/check the ID/);
	});

	it('401 from a wrong key says the key was rejected, and shows no key', async () => {
		const wrong = 'wrong-key-1234567890';
		const { error } = await sb.run(getConversation(firstConversation()), {
			credentials: maiAgentCredentials(sb.sandbox, wrong),
		});
		expect(error?.message).toMatch(/^Get a conversation failed: MaiAgent answered 401 - /);
		expect(error?.description).toMatch(/API key was rejected/);
		expect(JSON.stringify(error)).not.toContain(wrong);
	});
});

describe('retries', () => {
	// How long it waits is retry.test's (unit): tests do not read the clock.
	it('retries 429, then succeeds', async () => {
		sb.sandbox.control.fail({ route: 'conversations/', status: 429, retryAfter: 0, times: 1 });
		const [conversation] = await sb.json(getConversation(firstConversation()));
		expect(conversation.id).toBe(firstConversation());
		expect(sb.sandbox.requests).toHaveLength(2);
	});

	it('retries 5xx and dropped connections on reads', async () => {
		sb.sandbox.control.fail({ route: 'conversations/', status: 500, times: 1 });
		sb.sandbox.control.fail({ route: 'conversations/', reset: true, times: 1 });
		const got = await sb.json({ resource: 'conversation', operation: 'getAll', limit: 2 });
		expect(got).toHaveLength(2);
		expect(sb.requestsTo('conversations/')).toHaveLength(3);
	});

	it('does not repeat a POST after a 500 (no duplicate messages)', async () => {
		sb.sandbox.control.fail({ route: 'messages/', method: 'POST', status: 500, times: 1 });
		const { error } = await sb.run({
			resource: 'message',
			operation: 'create',
			conversation: rl(firstConversation()),
			content: 'once',
		});
		expect(error?.message).toMatch(
			/^Create a message in a conversation failed: MaiAgent answered 500/,
		);
		expect(sb.requestsTo('messages/')).toHaveLength(1);
	});

	it('gives up after Max Retries', async () => {
		sb.sandbox.control.fail({ route: 'conversations/', status: 503, retryAfter: 0, times: 10 });
		const { error } = await sb.run({
			...getConversation(firstConversation()),
			options: { maxRetries: 2 },
		});
		expect(error?.message).toMatch(/answered 503/);
		expect(sb.sandbox.requests).toHaveLength(3);
	});
});

describe('the API key', () => {
	it('appears in no output item or error', async () => {
		const key = sb.sandbox.apiKey;
		const runs = [
			await sb.run(getConversation(firstConversation())),
			await sb.run({ resource: 'conversation', operation: 'getAll', returnAll: true }),
			await sb.run(getConversation('00000000-0000-4000-8000-000000000000')),
			await sb.run(getConversation(firstConversation()), {
				credentials: maiAgentCredentials({ apiKey: key, baseUrl: 'http://127.0.0.1:9/api/v1' }),
			}),
		];
		expect(runs[2].error).toBeDefined();
		expect(runs[3].error?.message).toBe('Get a conversation failed: could not reach MaiAgent');
		for (const run of runs) expect(JSON.stringify(run)).not.toContain(key);
	});
});

describe('credential test', () => {
	const credentialType = new MaiAgentApi();

	it('passes with the right key (trailing slash in the base URL is fine)', async () => {
		const result = await testCredential({
			credentialType,
			data: { apiKey: sb.sandbox.apiKey, baseUrl: `${sb.sandbox.baseUrl}/` },
		});
		expect(result.status).toBe('OK');
		expect(sb.requestsTo('chatbots/')[0].query).toMatchObject({ page: '1', pageSize: '1' });
	});

	it('passes with a bare host as Base URL', async () => {
		const result = await testCredential({
			credentialType,
			data: { apiKey: sb.sandbox.apiKey, baseUrl: new URL(sb.sandbox.baseUrl).origin },
		});
		expect(result.status).toBe('OK');
		expect(sb.sandbox.requests[0].path).toBe('/api/v1/chatbots/');
	});

	it('fails with a clear message with a wrong key', async () => {
		const result = await testCredential({
			credentialType,
			data: { apiKey: 'nope-123456', baseUrl: sb.sandbox.baseUrl },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/MaiAgent rejected the API key/);
		expect(result.message).not.toContain('nope-123456');
	});
});
