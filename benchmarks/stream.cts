/**
 * Message > Send, streamed:
 * - throughput: a 20,000-delta reply, sent by the sandbox as fast as the socket takes it, read by
 *   the node (through n8n-core, relaying every delta to a streaming consumer), by n8n's own HTTP
 *   helper (`httpRequestWithAuthentication`, the same request, reading the stream without parsing
 *   it: the floor for any node) and by a raw undici client that parses the same stream, all in the
 *   same run, alternately (medians after a warm-up; ratios node / helper and node / raw);
 * - relay latency: for every delta, the time from the sandbox's 'delta' event (just after it wrote
 *   the delta) to the moment n8n hands the chunk to the consumer, p50 / p99. Measured on a paced
 *   stream (one delta per ms): the sandbox runs in this process, so on a stream written flat out
 *   the figure would be the sandbox's own write backlog, not the node's delay.
 */
import { performance } from 'node:perf_hooks';
import type {
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	StructuredChunk,
} from 'n8n-workflow';
import { request } from 'undici';

import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import { startSandbox } from '../sandbox/index.cts';
import type { Sandbox } from '../sandbox/index.cts';
import { maiAgentCredentials, runNode } from '../scripts/lib/engine.cts';
import { median, percentile, round, timed } from './measure.cts';

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
		credentials: maiAgentCredentials(sandbox),
		onChunk,
	});
	if (error) throw new Error(error.message);
	return String(output[0][0].json.content);
}

/** A node that only sends the node's request through n8n's helper and drains the stream. */
class HelperDrain implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Helper Drain',
		name: 'helperDrain',
		group: ['transform'],
		version: 1,
		description: 'Reads a completions stream through n8n without parsing it',
		defaults: { name: 'Helper Drain' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'maiAgentApi', required: true }],
		properties: [{ displayName: 'Chatbot', name: 'chatbot', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('maiAgentApi');
		const chatbot = this.getNodeParameter('chatbot', 0, '') as string;
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'maiAgentApi', {
			method: 'POST',
			url: `${baseUrl}/chatbots/${chatbot}/completions/`,
			body: { message: { content: QUESTION }, isStreaming: true },
			headers: { Accept: 'text/event-stream, application/json' },
			json: false,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		const type = String(response.headers['content-type']);
		if (response.statusCode !== 200 || !type.startsWith('text/event-stream'))
			throw new Error(`helper got ${response.statusCode} ${type}`);
		let bytes = 0;
		for await (const chunk of response.body as AsyncIterable<Buffer>) bytes += chunk.length;
		return [[{ json: { bytes } }]];
	}
}

async function helperDrain(sandbox: Sandbox): Promise<number> {
	const { output, error } = await runNode({
		nodeType: new HelperDrain(),
		parameters: { chatbot: sandbox.store.chatbots[0].id },
		credentials: maiAgentCredentials(sandbox),
		onChunk: () => {},
	});
	if (error) throw new Error(error.message);
	return Number(output[0][0].json.bytes);
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
	stream_helper_ms: number;
	stream_vs_helper_ratio: number;
	relay_p50_ms: number;
	relay_p99_ms: number;
}

export async function benchStream({ runs = 5 } = {}): Promise<StreamFigures> {
	const sandbox = await startSandbox({ port: 0 });
	try {
		sandbox.control.setStream({ deltas: DELTAS });
		const expected = await rawSend(sandbox);
		const node = async () => {
			let chunks = 0;
			const content = await nodeSend(sandbox, (chunk) => {
				if (chunk.type === 'item') chunks++;
			});
			if (chunks !== DELTAS || content !== expected)
				throw new Error('node and raw client disagree');
		};
		// Three-way alternation: node, n8n's helper draining the stream, raw undici.
		const times = { node: [] as number[], helper: [] as number[], raw: [] as number[] };
		for (let round = 0; round <= runs; round++) {
			const tn = await timed(node);
			const th = await timed(async () => await helperDrain(sandbox));
			const tr = await timed(async () => await rawSend(sandbox));
			if (round === 0) continue;
			times.node.push(tn.ms);
			times.helper.push(th.ms);
			times.raw.push(tr.ms);
		}
		const nodeMs = median(times.node);
		const helperMs = median(times.helper);
		const rawMs = median(times.raw);

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
			stream_node_ms: round(nodeMs, 0),
			stream_raw_ms: round(rawMs, 0),
			stream_ratio: round(nodeMs / rawMs),
			stream_helper_ms: round(helperMs, 0),
			stream_vs_helper_ratio: round(nodeMs / helperMs),
			relay_p50_ms: round(median(p50)),
			relay_p99_ms: round(median(p99)),
		};
	} finally {
		await sandbox.stop();
	}
}
