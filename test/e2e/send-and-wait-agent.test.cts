// n8n's human review for AI Agent tools with MaiAgent (issue 34): n8n generates a
// `maiAgentHitlTool` node type from Message > Send and Wait for Response (its loader does so for
// every node type with webhooks and an operation `sendAndWait`, community nodes included). Placed
// between an AI Agent and a tool, it asks the customer in their MaiAgent conversation before the
// agent may run the tool. The model is a scripted OpenAI-compatible server on 127.0.0.1: it calls
// the gated tool, then answers with the tool's result. Approved: the tool runs (a reply as the
// agent in the conversation); declined: it does not, and the model is told so.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { N8nExecution } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { answerLinks, openLink, questionIn, submitForm } from '../helpers/customer.cts';

const TEST_TIMEOUT_MS = 180_000;
const REFUND_TEXT = '您的退款 NT$1,200 已退回原信用卡';
const ANSWER_PREFIX = 'Done: ';

interface ChatRequest {
	model: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown }>;
	tools?: Array<{ function: { name: string; parameters?: { properties?: object } } }>;
}

/** Arguments of the gated tool: n8n wraps its own under `toolParameters` (+ `hitlParameters`). */
function toolCallArguments(tool: NonNullable<ChatRequest['tools']>[number]): string {
	const own = { text: REFUND_TEXT };
	const wrapped = 'toolParameters' in (tool.function.parameters?.properties ?? {});
	return JSON.stringify(wrapped ? { toolParameters: own, hitlParameters: {} } : own);
}

/** A scripted model: calls the first tool offered, then answers with the tool's result. */
async function startFakeModel() {
	const requests: ChatRequest[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404).end();
				return;
			}
			const request = JSON.parse(body) as ChatRequest;
			requests.push(request);
			const toolResult = request.messages.find((message) => message.role === 'tool');
			const tool = request.tools![0];
			const message = toolResult
				? { role: 'assistant', content: `${ANSWER_PREFIX}${String(toolResult.content)}` }
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: `call_${requests.length}`,
								type: 'function',
								function: { name: tool.function.name, arguments: toolCallArguments(tool) },
							},
						],
					};
			const base = {
				id: `chatcmpl-${requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: request.model,
			};
			const finish = toolResult ? 'stop' : 'tool_calls';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!request.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						...base,
						object: 'chat.completion',
						choices: [{ index: 0, message, finish_reason: finish }],
						usage,
					}),
				);
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta = message.tool_calls
				? {
						role: 'assistant',
						tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
					}
				: message;
			for (const [chunk, reason] of [
				[delta, null],
				[{}, finish],
			] as const)
				res.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: chunk, finish_reason: reason }], usage })}\n\n`,
				);
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Webhook -> AI Agent; the agent's tool `refund_reply` (Send as Agent) goes through the MaiAgent human review. */
function agentWorkflow(conversation: string) {
	const trigger = f.webhookNode('agent-refund', 'onReceived');
	const agent = f.node({
		name: 'AI Agent',
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		parameters: { promptType: 'define', text: '={{ $json.body.question }}', options: {} },
	});
	const model = f.node({
		name: 'Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.2,
		parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
		credentials: { openAiApi: { id: 'openAiFakeLocal2', name: 'OpenAI (fake, local)' } },
	});
	const review = f.node({
		name: 'Customer approval',
		type: 'n8n-nodes-maiagent.maiAgentHitlTool',
		typeVersion: 1,
		credentials: { maiAgentApi: { id: f.CREDENTIAL_ID, name: 'MaiAgent (sandbox)' } },
		parameters: {
			conversation: f.byId(conversation),
			message: '=May we do this for you? {{ $tool.name }}',
			approvalType: 'double',
			approveLabel: '好',
			disapproveLabel: '不要',
		},
	});
	const tool = f.node({
		name: 'refund_reply',
		type: 'n8n-nodes-maiagent.maiAgentTool',
		typeVersion: 1,
		credentials: { maiAgentApi: { id: f.CREDENTIAL_ID, name: 'MaiAgent (sandbox)' } },
		parameters: {
			descriptionType: 'manual',
			toolDescription: 'refund_reply: tell the customer their refund was made.',
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: f.byId(conversation),
			content: "={{ $fromAI('text', 'The message to the customer', 'string') }}",
		},
	});
	return {
		name: 'E2E: AI Agent tool behind MaiAgent human review',
		nodes: [trigger, agent, model, review, tool],
		connections: {
			[trigger.name as string]: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			Model: { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Customer approval': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			refund_reply: { ai_tool: [[{ node: 'Customer approval', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

f.describeEachN8n((version) => {
	let model: Awaited<ReturnType<typeof startFakeModel>>;
	let conversation = '';

	const env = f.useN8n(version, {
		setup: async ({ n8n, sandbox }) => {
			model = await startFakeModel();
			conversation = sandbox.store.startConversation(
				sandbox.store.inboxOfWebChat(sandbox.store.chatbots[0].apiWebChatId)!.id,
			).id;
			await n8n.importCredentials([
				{
					id: 'openAiFakeLocal2',
					name: 'OpenAI (fake, local)',
					type: 'openAiApi',
					data: { apiKey: 'sk-e2e-fake', url: model.url },
				},
			]);
			await n8n.publishWorkflow(await n8n.importWorkflow(agentWorkflow(conversation)));
			await n8n.start();
			await n8n.setupOwner();
			await n8n.createApiKey();
		},
	});
	afterAll(async () => await model?.close());

	const texts = () =>
		env.sandbox.store
			.messagesOf(conversation)
			.reverse()
			.map((message) => String(message.content));
	const execution = async (id: string) =>
		await env.n8n.api<N8nExecution>(`/executions/${id}?includeData=true`);

	/** Starts the agent; resolves with the links of the question it asked the customer. */
	async function askAgent() {
		const before = texts().length;
		model.requests.length = 0;
		const response = await env.n8n.webhook('agent-refund', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ question: 'Please refund my order 1234' }),
		});
		expect(response.status).toBe(200);
		await response.body?.cancel();
		const content = await launcher.waitFor('the question to the customer', async () => {
			const asked = questionIn(env.sandbox, conversation);
			return texts().length > before && asked ? asked : undefined;
		});
		const links = answerLinks(content);
		const executionId = new URL(links[0].url).pathname.split('/').at(-2)!;
		return { content, links, executionId };
	}

	const finished = async (id: string) =>
		await launcher.waitFor(`execution ${id} to finish`, async () => {
			const found = await execution(id);
			return found.status === 'success' || found.status === 'error' ? found : undefined;
		});

	test(
		'n8n generates the MaiAgent human review tool (maiAgentHitlTool) from Send and Wait',
		async () => {
			const types = await env.n8n.typeDescriptions('nodes');
			const hitl = types.find((type) => type.name === 'n8n-nodes-maiagent.maiAgentHitlTool');
			expect(hitl).toBeDefined();
			const properties = hitl!.properties as Array<Record<string, unknown>>;
			expect(properties.find((p) => p.name === 'operation')).toMatchObject({
				type: 'hidden',
				default: 'sendAndWait',
			});
			expect(properties.find((p) => p.name === 'resource')).toMatchObject({
				type: 'hidden',
				default: 'message',
			});
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'approved: the agent asks the customer in their chat first, then runs the tool and answers with its result',
		async () => {
			const asked = await askAgent();
			expect(asked.content.split('\n\n')[0]).toBe('May we do this for you? refund_reply');
			expect(asked.links.map((link) => link.label)).toEqual(['好', '不要']);
			expect((await execution(asked.executionId)).status).toBe('waiting');
			// The tool has not run: only the question is in the conversation.
			expect(texts()).not.toContain(REFUND_TEXT);

			await openLink(asked.links[0].url);
			expect((await submitForm(asked.links[0].url)).status).toBe(200);
			const done = await finished(asked.executionId);
			expect(done.status).toBe('success');
			expect(texts().at(-1)).toBe(REFUND_TEXT);
			const [output] = launcher.nodeOutput(done, 'AI Agent');
			expect(String(output.json.output)).toContain(ANSWER_PREFIX);
			expect(String(output.json.output)).toContain(REFUND_TEXT);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'declined: the tool does not run and the model is told the customer refused',
		async () => {
			const before = texts().filter((text) => text === REFUND_TEXT).length;
			const asked = await askAgent();
			expect((await submitForm(asked.links[1].url)).status).toBe(200);
			const done = await finished(asked.executionId);
			expect(done.status).toBe('success');
			expect(texts().filter((text) => text === REFUND_TEXT)).toHaveLength(before);
			const [output] = launcher.nodeOutput(done, 'AI Agent');
			expect(String(output.json.output)).toMatch(
				/^Done: .*User rejected the tool call to refund_reply/,
			);
		},
		TEST_TIMEOUT_MS,
	);
});
