/**
 * Message > Send, streamed:
 * - throughput: a 20,000-delta reply, sent by the sandbox as fast as the socket takes it, read by
 *   the node (through n8n-core, relaying every delta to a streaming consumer) and by a raw undici
 *   client that parses the same stream in the same run (medians after a warm-up; ratio node / raw);
 * - relay latency: for every delta, the time from the sandbox's 'delta' event (just after it wrote
 *   the delta) to the moment n8n hands the chunk to the consumer, p50 / p99. Measured on a paced
 *   stream (one delta per ms): the sandbox runs in this process, so on a stream written flat out
 *   the figure would be the sandbox's own write backlog, not the node's delay.
 */
import { performance } from 'node:perf_hooks';
import type { StructuredChunk } from 'n8n-workflow';
import { request } from 'undici';

import { MaiAgentApi } from '../credentials/MaiAgentApi.credentials';
import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import { startSandbox } from '../sandbox/index.cts';
import type { Sandbox } from '../sandbox/index.cts';
import { runNode } from '../test/helpers/engine.cts';
import { compare, median, percentile, round } from './measure.cts';

const DELTAS = 20_000;
const PACED_DELTAS = 2_000;
const QUESTION = '請介紹你們的服務';

async function nodeSend(
	sandbox: Sandbox,
	onChunk: (chunk: StructuredChunk) => void,
): Promise<string> {
	const { output, error } = await runNode({
		nodeType: new MaiAgent(),
		parameters: {
			resource: 'message',
			operation: 'send',
			chatbot: { __rl: true, mode: 'id', value: sandbox.store.chatbots[0].id },
			content: QUESTION,
			options: { timeout: 600 },
		},
		credentials: { maiAgentApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl } },
		credentialTypes: [new MaiAgentApi()],
		onChunk,
	});
	if (error) throw new Error(error.message);
	return String(output[0][0].json.content);
}

/** What a hand-written client does: read lines, parse each `data:` JSON, add up the deltas. */
async function rawSend(sandbox: Sandbox): Promise<string> {
	const response = await request(
		`${sandbox.baseUrl}/chatbots/${sandbox.store.chatbots[0].id}/completions/`,
		{
			method: 'POST',
			headers: { authorization: `Api-Key ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ message: { content: QUESTION }, isStreaming: true }),
		},
	);
	const decoder = new TextDecoder();
	let pending = '';
	let content = '';
	for await (const bytes of response.body) {
		const lines = (pending + decoder.decode(bytes as Buffer, { stream: true })).split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			if (!line.startsWith('data:')) continue;
			const event = JSON.parse(line.slice(5)) as { content: string; done: boolean };
			content += event.content;
			if (event.done) return content;
		}
	}
	throw new Error('raw client: the stream ended without done');
}

/** Delays (ms) from each delta written by the sandbox to its chunk reaching the consumer. */
async function relayLatencies(sandbox: Sandbox): Promise<number[]> {
	const written: number[] = [];
	const relayed: number[] = [];
	const onDelta = (delta: { at: number }) => written.push(delta.at);
	sandbox.events.on('delta', onDelta);
	try {
		await nodeSend(sandbox, (chunk) => {
			if (chunk.type === 'item') relayed.push(performance.now());
		});
	} finally {
		sandbox.events.off('delta', onDelta);
	}
	if (relayed.length !== written.length)
		throw new Error(`${written.length} deltas written, ${relayed.length} relayed`);
	return relayed.map((at, i) => at - written[i]);
}

export interface StreamFigures {
	stream_deltas: number;
	stream_node_ms: number;
	stream_raw_ms: number;
	stream_ratio: number;
	relay_p50_ms: number;
	relay_p99_ms: number;
}

export async function benchStream({ runs = 5 } = {}): Promise<StreamFigures> {
	const sandbox = await startSandbox({ port: 0 });
	try {
		sandbox.control.setStream({ deltas: DELTAS });
		const expected = await rawSend(sandbox);
		const throughput = await compare(
			async () => {
				let chunks = 0;
				const content = await nodeSend(sandbox, (chunk) => {
					if (chunk.type === 'item') chunks++;
				});
				if (chunks !== DELTAS || content !== expected)
					throw new Error('node and raw client disagree');
			},
			async () => await rawSend(sandbox),
			{ runs },
		);

		sandbox.control.setStream({ deltas: PACED_DELTAS, deltaDelayMs: 1 });
		await relayLatencies(sandbox);
		const p50: number[] = [];
		const p99: number[] = [];
		for (let run = 0; run < Math.max(3, Math.ceil(runs / 2)); run++) {
			const latencies = await relayLatencies(sandbox);
			p50.push(percentile(latencies, 50));
			p99.push(percentile(latencies, 99));
		}
		return {
			stream_deltas: DELTAS,
			stream_node_ms: round(throughput.aMs, 0),
			stream_raw_ms: round(throughput.bMs, 0),
			stream_ratio: round(throughput.ratio),
			relay_p50_ms: round(median(p50)),
			relay_p99_ms: round(median(p99)),
		};
	} finally {
		await sandbox.stop();
	}
}
