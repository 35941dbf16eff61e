// MaiAgent as a tool of n8n's AI Agent, without an external LLM: a fake OpenAI-compatible
// chat-completions server on 127.0.0.1 is the model. It first answers with a call of the MaiAgent
// tool (filling the tool's $fromAI arguments), then with a final answer quoting the tool's result,
// so the agent's output can only hold MaiAgent data if n8n ran the tool against the sandbox and
// handed its output back. The example's Chat Trigger is swapped for Manual Trigger -> Set
// (chatInput), run by `n8n execute`.
//
// n8n runs a node-as-tool through `nodeType.execute` (n8n-core get-input-connection-data.js): the
// MaiAgent node's router. The tests run Conversation > Get, Message > Get Many and the example as
// shipped (Message > Send) as the agent's tool.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { batchQaOf } from '../../sandbox/index.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import { registerQuestionSet, XLSX_MIME } from '../helpers/batchQa.cts';
import * as f from './fixtures.cts';

const QUESTION = '退貨要怎麼辦？';
/** A seed conversation, for the Get conversation tool. */
let seedConversation = '';
/** A Batch QA run registered in the sandbox, for the Get Results tool. */
let batchQaId = '';
/** Values the fake model puts in the tool call, by argument name ($fromAI key). */
const toolArguments = (): Record<string, string> => ({
	question: QUESTION,
	conversationId: seedConversation,
	chatbotId: f.CHATBOT,
	batchQaId,
	webChatId: f.WEB_CHAT,
});
const ANSWER_PREFIX = 'According to MaiAgent: ';
const TEST_TIMEOUT_MS = 120_000;

interface ChatRequest {
	model: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
	tools?: Array<{
		type: string;
		function: { name: string; description?: string; parameters?: unknown };
	}>;
}

/** The first string `content` found in a tool result (n8n hands the tool's items over as JSON). */
function replyIn(value: unknown): string | undefined {
	if (typeof value === 'string') {
		try {
			return replyIn(JSON.parse(value)) ?? undefined;
		} catch {
			return undefined;
		}
	}
	if (Array.isArray(value)) return value.map(replyIn).find((found) => found !== undefined);
	if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		if (typeof record.content === 'string') return record.content;
		return Object.values(record)
			.map(replyIn)
			.find((found) => found !== undefined);
	}
	return undefined;
}

/**
 * A scripted OpenAI chat-completions endpoint (`POST /v1/chat/completions`, JSON or SSE): with no
 * tool result in the conversation yet it calls the first tool offered; once there
 * is one it answers `ANSWER_PREFIX` + the reply found in the tool result.
 */
async function startFakeOpenAi() {
	const requests: ChatRequest[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			if (req.method === 'GET' && req.url?.endsWith('/models')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'e2e' }],
					}),
				);
				return;
			}
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404).end();
				return;
			}
			const request = JSON.parse(body) as ChatRequest;
			requests.push(request);
			const toolResult = request.messages.find((message) => message.role === 'tool');
			const tool = request.tools?.[0];
			const parameters = tool?.function.parameters as
				| { properties?: Record<string, unknown> }
				| undefined;
			const args = Object.fromEntries(
				Object.keys(parameters?.properties ?? {}).map((name) => [
					name,
					toolArguments()[name] ?? '',
				]),
			);
			const message = toolResult
				? {
						role: 'assistant',
						content: `${ANSWER_PREFIX}${replyIn(toolResult.content) ?? '(no reply found)'}`,
					}
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: 'call_maiagent_1',
								type: 'function',
								function: {
									name: tool?.function.name ?? 'missing_tool',
									arguments: JSON.stringify(args),
								},
							},
						],
					};
			const finishReason = toolResult ? 'stop' : 'tool_calls';
			const base = {
				id: `chatcmpl-${requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: request.model,
			};
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!request.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						...base,
						object: 'chat.completion',
						choices: [{ index: 0, message, finish_reason: finishReason }],
						usage,
					}),
				);
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const chunk = (delta: unknown, finish: string | null, extra = {}) =>
				res.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
				);
			const delta = message.tool_calls
				? {
						role: 'assistant',
						tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
					}
				: { role: 'assistant', content: message.content };
			chunk(delta, null);
			chunk({}, finishReason, { usage });
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

/**
 * The example with the Chat Trigger swapped for Manual Trigger -> Set chatInput, an OpenAI
 * credential, and optionally the tool's operation replaced.
 */
function agentWorkflow(
	tool?: {
		name: string;
		description: string;
		parameters: Record<string, unknown>;
	},
	/** Nodes run between the start and the agent's input, e.g. one making a file for the tool. */
	before: Array<Record<string, unknown>> = [],
) {
	const workflow = f.example('ai-agent-with-maiagent-tool.json');
	const chatTrigger = workflow.nodes.find(
		(node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger',
	)!;
	const triggerName = chatTrigger.name as string;
	const start = f.manualTrigger('Start');
	const input = f.node({
		name: triggerName,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: [{ id: 'chatInput', name: 'chatInput', type: 'string', value: QUESTION }],
			},
			options: {},
		},
	});
	workflow.nodes = [
		start,
		...before,
		input,
		...workflow.nodes.filter((node) => node !== chatTrigger),
	];
	workflow.connections = { ...workflow.connections, ...f.chain([start, ...before, input]) };
	const model = workflow.nodes.find(
		(node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi',
	)!;
	model.credentials = { openAiApi: { id: 'openAiFakeLocal1', name: 'OpenAI (fake, local)' } };
	if (tool) {
		const node = workflow.nodes.find(
			(candidate) => candidate.type === 'n8n-nodes-maiagent.maiAgentTool',
		)!;
		const oldName = node.name as string;
		Object.assign(node, {
			name: tool.name,
			parameters: {
				descriptionType: 'manual',
				toolDescription: tool.description,
				...tool.parameters,
			},
		});
		workflow.connections[tool.name] = workflow.connections[oldName];
		delete workflow.connections[oldName];
	}
	workflow.name += tool ? ` (${tool.name})` : '';
	return workflow;
}

f.describeEachN8n((version) => {
	let openAi: Awaited<ReturnType<typeof startFakeOpenAi>>;

	const env = f.useN8n(version, {
		setup: async ({ n8n, sandbox }) => {
			seedConversation = sandbox.store.conversationsByActivity()[0].id;
			openAi = await startFakeOpenAi();
			await n8n.importCredentials([
				{
					id: 'openAiFakeLocal1',
					name: 'OpenAI (fake, local)',
					type: 'openAiApi',
					data: { apiKey: 'sk-e2e-fake', url: openAi.url },
				},
			]);
		},
	});

	beforeEach(() => {
		openAi.requests.length = 0;
		env.sandbox.control.clearRequests();
	});

	afterAll(async () => await openAi?.close());

	test(
		'the agent calls a MaiAgent tool (Conversation > Get), which reads the sandbox, and answers with its result',
		async () => {
			const run = await env.n8n.execute(
				await env.n8n.importWorkflow(
					agentWorkflow({
						name: 'get_conversation',
						description:
							'get_conversation: read a MaiAgent conversation and its last message by conversation ID.',
						parameters: {
							resource: 'conversation',
							operation: 'get',
							conversation: f.byId(
								"={{ $fromAI('conversationId', 'The MaiAgent conversation ID', 'string') }}",
							),
						},
					}),
				),
			);
			expect(run.data.resultData.error).toBeUndefined();

			// The model was offered the tool, with its $fromAI argument, and got its result back.
			expect(openAi.requests).toHaveLength(2);
			const [tool] = openAi.requests[0].tools ?? [];
			expect(tool.function).toMatchObject({
				name: 'get_conversation',
				description: expect.stringContaining('MaiAgent conversation'),
				parameters: { properties: { conversationId: expect.anything() } },
			});
			expect(openAi.requests[1].messages.filter((message) => message.role === 'tool')).toHaveLength(
				1,
			);

			// The tool asked the sandbox for the conversation the model named.
			expect(env.sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				`GET /api/v1/conversations/${seedConversation}/`,
			]);
			const lastMessage = env.sandbox.store.message(
				env.sandbox.store.conversation(seedConversation)!.lastMessageId!,
			)!;
			const [output] = launcher.nodeOutput(run, 'AI Agent');
			expect(output.json.output).toBe(`${ANSWER_PREFIX}${lastMessage.content}`);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'the agent calls Message > Get Many as a tool and answers with a message it listed',
		async () => {
			const run = await env.n8n.execute(
				await env.n8n.importWorkflow(
					agentWorkflow({
						name: 'list_messages',
						description: 'list_messages: the latest messages of a MaiAgent conversation.',
						parameters: {
							resource: 'message',
							operation: 'getAll',
							conversation: f.byId(
								"={{ $fromAI('conversationId', 'The MaiAgent conversation ID', 'string') }}",
							),
							limit: 1,
						},
					}),
				),
			);
			expect(run.data.resultData.error).toBeUndefined();
			expect(env.sandbox.requests[0]).toMatchObject({
				method: 'GET',
				path: '/api/v1/messages/',
				query: expect.objectContaining({ conversation: seedConversation }),
			});
			const contents = env.sandbox.store.messages
				.filter((message) => message.conversationId === seedConversation)
				.map((message) => `${ANSWER_PREFIX}${message.content}`);
			const [output] = launcher.nodeOutput(run, 'AI Agent');
			expect(contents).toContain(output.json.output);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'the example (Message > Send as the ask_maiagent tool) answers with the MaiAgent reply',
		async () => {
			const run = await env.n8n.execute(await env.n8n.importWorkflow(agentWorkflow()));
			const completions = f.completionRequests(env.sandbox);
			expect(completions).toEqual([
				expect.objectContaining({ isStreaming: false, message: { content: QUESTION } }),
			]);
			const reply = env.sandbox.store.messages
				.filter((message) => message.type === 'outgoing')
				.pop()!;
			const [output] = launcher.nodeOutput(run, 'AI Agent');
			expect(output.json.output).toBe(`${ANSWER_PREFIX}${reply.content}`);
		},
		TEST_TIMEOUT_MS,
	);
	/** The tool's result as the model got it back (n8n hands the tool's JSON over as text). */
	const toolResult = (): unknown => {
		const message = openAi.requests[1]?.messages.find((entry) => entry.role === 'tool');
		return JSON.parse(String(message?.content ?? 'null'));
	};

	test(
		'the agent calls Batch QA > Start as a tool: the file comes by expression from a node before the agent',
		async () => {
			const questions = f.node({
				name: 'Questions',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{ id: 'q', name: '問題', value: '退貨要怎麼辦？', type: 'string' },
							{ id: 't', name: '型態', value: 'New', type: 'string' },
						],
					},
					options: {},
				},
			});
			const file = f.node({
				name: 'Question file',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				parameters: { operation: 'xlsx', binaryPropertyName: 'data', options: {} },
			});
			const run = await env.n8n.execute(
				await env.n8n.importWorkflow(
					agentWorkflow(
						{
							name: 'start_batch_qa',
							description: 'start_batch_qa: run the question set through a MaiAgent assistant.',
							parameters: {
								resource: 'batchQa',
								operation: 'start',
								chatbot: f.byId("={{ $fromAI('chatbotId', 'The AI assistant ID', 'string') }}"),
								binaryPropertyName: "={{ $('Question file').first().binary.data }}",
							},
						},
						[questions, file],
					),
				),
			);
			expect(run.data.resultData.error).toBeUndefined();
			const [register] = env.sandbox.requests.filter((r) => r.path.endsWith('/batch-qas/'));
			expect(register.path).toBe(`/api/v1/web-chats/${f.WEB_CHAT}/batch-qas/`);
			const result = toolResult() as Array<Record<string, unknown>>;
			expect(result).toEqual([
				expect.objectContaining({
					webChatId: f.WEB_CHAT,
					chatbotId: f.CHATBOT,
					fileName: 'File.xlsx',
				}),
			]);
			const qa = batchQaOf(env.sandbox.store).get(String(result[0].id))!;
			expect(qa.rows.map((row) => [row.question, row.turn])).toEqual([['退貨要怎麼辦？', 'New']]);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'the agent calls Batch QA > Get Results as a tool and gets what it can read of the file',
		async () => {
			batchQaId = await registerQuestionSet(env.sandbox, f.WEB_CHAT);
			env.sandbox.control.clearRequests();
			const run = await env.n8n.execute(
				await env.n8n.importWorkflow(
					agentWorkflow({
						name: 'batch_qa_results',
						description: 'batch_qa_results: the answers of a MaiAgent batch QA run.',
						parameters: {
							resource: 'batchQa',
							operation: 'getResults',
							batchQaId: "={{ $fromAI('batchQaId', 'The batch QA run ID', 'string') }}",
							webChat: f.byId("={{ $fromAI('webChatId', 'The web chat ID', 'string') }}"),
						},
					}),
				),
			);
			expect(run.data.resultData.error).toBeUndefined();
			expect(env.sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /api/v1/web-chats/${f.WEB_CHAT}/batch-qas/${batchQaId}/export-excel/`,
			]);
			// n8n hands agents no binary data: the tool's result is the file's description.
			expect(toolResult()).toEqual([
				{
					id: batchQaId,
					webChatId: f.WEB_CHAT,
					fileName: `batch_qa_${batchQaId}.xlsx`,
					mimeType: XLSX_MIME,
					fileSize: expect.any(Number),
				},
			]);
		},
		TEST_TIMEOUT_MS,
	);
});
