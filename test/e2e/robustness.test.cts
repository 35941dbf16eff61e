// Streams that end the other documented way, connections MaiAgent keeps open, and failed replies,
// through real n8n: `n8n execute` (no streaming consumer) and a Webhook in "Streaming" response
// mode under `n8n start` (what a chat client reads).
import type { TimedLine } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { postStreaming } from '../helpers/webhook.cts';
import type { StreamLine } from '../helpers/webhook.cts';

const TEST_TIMEOUT_MS = 180_000;
/** A long Chinese reply: over 64 KB of 3-byte characters in `n8n execute`'s output. */
const LONG_DELTA = '退貨請於七天內提出申請，並保留發票與包裝。';
const LONG_DELTAS = Array.from({ length: 2_000 }, () => LONG_DELTA);

const ask = (name: string) =>
	f.maiAgent(name, {
		resource: 'message',
		operation: 'send',
		chatbot: f.byId(f.CHATBOT),
		content: '={{ $json.body ? $json.body.message : "退貨要怎麼辦？" }}',
		options: { streaming: true },
	});

const manualWorkflow = f.linearWorkflow('E2E: Manual -> MaiAgent Send (long reply)', [
	f.manualTrigger(),
	ask('Ask MaiAgent'),
]);

const webhookWorkflow = f.linearWorkflow('E2E: Webhook (streaming) -> MaiAgent Send (faults)', [
	f.webhookNode('maiagent-robust'),
	ask('Ask MaiAgent'),
]);

f.describeEachN8n((version) => {
	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			await n8n.publishWorkflow(await n8n.importWorkflow(webhookWorkflow));
		},
	});

	/** Posts a chat message to the streaming webhook and reads every line of the answer. */
	const chat = (message: string) => postStreaming(env.n8n, 'maiagent-robust', { message });
	const types = (lines: Array<TimedLine<StreamLine>>) => lines.map((line) => line.value.type);
	const items = (lines: Array<TimedLine<StreamLine>>) =>
		lines.filter((line) => line.value.type === 'item').map((line) => line.value.content ?? '');

	afterEach(() => env.sandbox.control.reset());

	test(
		'n8n execute: a long Chinese reply ending with [DONE] only is complete and intact',
		async () => {
			env.sandbox.control.setStream({ deltas: LONG_DELTAS, doneMarkerOnly: true });
			const run = await env.n8n.execute(await env.n8n.importWorkflow(manualWorkflow));
			expect(run.data.resultData.error).toBeUndefined();
			const [reply] = launcher.nodeOutput(run, 'Ask MaiAgent').map((item) => item.json);
			expect(reply).toMatchObject({ content: LONG_DELTAS.join(''), deltas: LONG_DELTAS.length });
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'n8n start: a streamed reply ending with [DONE] only reaches the client as a complete answer',
		async () => {
			await env.n8n.start();
			env.sandbox.control.setStream({
				deltas: ['您好，', '退貨請', '於七天內', '提出。'],
				doneMarkerOnly: true,
			});
			const lines = await chat('退貨要怎麼辦？');
			expect(types(lines)).toEqual(['begin', 'item', 'item', 'item', 'item', 'end']);
			expect(items(lines).join('')).toBe('您好，退貨請於七天內提出。');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'n8n start: the connection to MaiAgent is closed once the reply is complete, though MaiAgent holds it open',
		async () => {
			// Shorter than the node's 120 s timeout, after which axios would drop an idle socket.
			env.sandbox.control.setStream({ deltas: ['好的，', '馬上處理。'], holdOpenMs: 60_000 });
			const closed = new Promise<{ by: string }>((resolve) =>
				env.sandbox.events.once('streamClosed', resolve),
			);
			const lines = await chat('請幫我退貨');
			expect(types(lines).at(-1)).toBe('end');
			// Before the fix the sandbox closed it itself ('server') after the whole hold.
			expect(await closed).toMatchObject({ by: 'client' });
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'n8n start: a cut stream tells the client the reply failed and why, before its end',
		async () => {
			env.sandbox.control.setStream({
				deltas: ['從前', '有一隻', '小狗'],
				deltaDelayMs: 50,
				cutBeforeDone: true,
			});
			const lines = await chat('講個故事');
			expect(types(lines)).toEqual(['begin', 'item', 'item', 'item', 'item', 'end', 'error']);
			expect(items(lines).slice(0, 3).join('')).toBe('從前有一隻小狗');
			expect(items(lines)[3]).toMatch(
				/^\n\n⚠️ Send a message to an AI assistant failed: .*before the reply was complete/,
			);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'n8n start: a 500 tells the client the operation, status and detail',
		async () => {
			env.sandbox.control.fail({
				route: /completions/,
				status: 500,
				body: { detail: '模型服務暫時無法使用' },
			});
			const lines = await chat('你好');
			expect(types(lines).slice(0, 3)).toEqual(['begin', 'item', 'end']);
			expect(items(lines)[0]).toBe(
				'⚠️ Send a message to an AI assistant failed: MaiAgent answered 500 - 模型服務暫時無法使用\n\n',
			);
			expect(JSON.stringify(lines)).not.toContain(env.sandbox.apiKey);
		},
		TEST_TIMEOUT_MS,
	);
});
