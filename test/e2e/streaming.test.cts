// Streaming inside `n8n start`: MaiAgent's streamed reply is relayed live to the HTTP client, as
// n8n's `begin` / `item` / `end` JSON lines, through a Webhook in "Streaming" response mode and
// through the public hosted Chat Trigger (the example workflow), whose session key keeps both turns
// of a chat in one MaiAgent conversation.
import type { TimedLine } from '../../scripts/lib/n8n.cts';
import crypto from 'node:crypto';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { firstItemGate, postStreaming, publishAndStart } from '../helpers/webhook.cts';
import type { StreamLine } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 120_000;
const DELTAS = ['您好，', '退貨請', '於七天', '內提出', '申請，', '並保留', '發票與', '包裝。'];
const REPLY = DELTAS.join('');

const webhookWorkflow = f.streamingChatWorkflow(
	'E2E: Webhook (streaming) -> MaiAgent Send',
	'maiagent-stream',
);

const chatWorkflow = f.example('chat-with-streaming-replies.json');
const chatWebhookId = chatWorkflow.nodes.find(
	(node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger',
)!.webhookId as string;

/** Checks a streamed answer: begin, the deltas as items, end, all from the MaiAgent node. */
function expectRelayedReply(lines: Array<TimedLine<StreamLine>>) {
	const types = lines.map((line) => line.value.type);
	expect(types[0]).toBe('begin');
	expect(types[types.length - 1]).toBe('end');
	const items = lines.filter((line) => line.value.type === 'item');
	expect(items.map((line) => line.value.content).join('')).toBe(REPLY);
	expect(new Set(lines.map((line) => line.value.metadata?.nodeName))).toEqual(
		new Set(['Ask MaiAgent']),
	);
	return items;
}

f.describeEachN8n((version) => {
	let webhookWorkflowId: string;

	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			[webhookWorkflowId] = await publishAndStart(n8n, [webhookWorkflow, chatWorkflow]);
		},
	});

	test(
		'a Webhook in Streaming mode relays the deltas to the client while MaiAgent is still streaming',
		async () => {
			// Live relay: MaiAgent writes its last delta only once the client holds the first item.
			const gate = firstItemGate();
			env.sandbox.control.setStream({ deltas: DELTAS, beforeLastDelta: gate.beforeLastDelta });
			const lines = await postStreaming(
				env.n8n,
				'maiagent-stream',
				{ message: '退貨要怎麼辦？' },
				{ onLine: gate.onLine },
			);
			expectRelayedReply(lines);

			const execution = await launcher.waitFor('the webhook execution', async () =>
				(await env.n8n.executions(webhookWorkflowId)).find((candidate) => candidate.finished),
			);
			expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
			expect(launcher.nodeOutput(execution, 'Ask MaiAgent')[0].json).toMatchObject({
				content: REPLY,
				deltas: DELTAS.length,
			});
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'the hosted Chat Trigger (streaming) relays live, and one session id stays in one MaiAgent conversation',
		async () => {
			env.sandbox.control.clearRequests();
			const sessionId = crypto.randomUUID();
			const turn = async (chatInput: string) => {
				const gate = firstItemGate();
				env.sandbox.control.setStream({ deltas: DELTAS, beforeLastDelta: gate.beforeLastDelta });
				const lines = await postStreaming(
					env.n8n,
					`${chatWebhookId}/chat`,
					{ action: 'sendMessage', sessionId, chatInput },
					{ onLine: gate.onLine },
				);
				expectRelayedReply(lines);
			};

			await turn('退貨要怎麼辦？');
			await turn('運費誰付？');

			const completions = f.completionRequests(env.sandbox);
			expect(completions).toHaveLength(2);
			expect(completions[0]).toMatchObject({
				isStreaming: true,
				message: { content: '退貨要怎麼辦？' },
			});
			expect(completions[0].conversation).toBeUndefined();
			const conversationId = completions[1].conversation as string;
			expect(conversationId).toEqual(expect.any(String));
			expect(completions[1]).toMatchObject({ message: { content: '運費誰付？' } });
			expect(
				env.sandbox.store
					.messagesOf(conversationId)
					.map((message) => message.content)
					.reverse(),
			).toEqual(['退貨要怎麼辦？', REPLY, '運費誰付？', REPLY]);
		},
		TEST_TIMEOUT_MS,
	);
});
