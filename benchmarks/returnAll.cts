/**
 * Return All against a raw undici client doing the same HTTP work in the same run:
 * - cursor: Message > Get Many over 50,000 messages of one conversation (500 cursor pages of 100);
 * - records: Chat Record > Get Many over 5,000 records in page-number pages, with 20 ms of server
 *   latency per page. The node fetches pages a few at a time; the raw client is a sequential
 *   `next` loop, as MaiAgent's own examples do it.
 * Also the peak RSS of the node's Return All and Excel export runs. The sandbox runs in its own
 * process (benchmarks/server.cts), so only client work is compared.
 */
import type { INodeParameters } from 'n8n-workflow';
import { fork } from 'node:child_process';
import path from 'node:path';

import { request } from 'undici';

import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import { maiAgentCredentials, runNode } from '../scripts/lib/engine.cts';
import { compare, peakRss, round } from './measure.cts';
import { startRemoteSandbox } from './server.cts';

const MESSAGES = 50_000;
const RECORDS = 5_000;
const RECORD_LATENCY_MS = 20;

interface Target {
	baseUrl: string;
	apiKey: string;
}

async function rawFollowNext(target: Target, url: string): Promise<number> {
	let next: string | null = url;
	let count = 0;
	while (next) {
		const response = await request(next, {
			headers: { authorization: `Api-Key ${target.apiKey}` },
		});
		const page = (await response.body.json()) as { next: string | null; results: unknown[] };
		count += page.results.length;
		next = page.next;
	}
	return count;
}

async function runOperation(target: Target, parameters: INodeParameters) {
	const { output, error } = await runNode({
		nodeType: new MaiAgent(),
		parameters,
		credentials: maiAgentCredentials(target),
	});
	if (error) throw new Error(error.message);
	return output[0];
}

export interface ReturnAllFigures {
	cursor_return_all_ratio: number;
	cursor_return_all_node_ms: number;
	cursor_return_all_raw_ms: number;
	records_return_all_ratio: number;
	records_return_all_node_ms: number;
	records_return_all_raw_ms: number;
	peak_rss_mb: { baseline: number; return_all: number; export: number };
}

export async function benchReturnAll(): Promise<ReturnAllFigures> {
	const sandbox = await startRemoteSandbox();
	try {
		const { conversation } = await sandbox.command({ fill: 'messages', count: MESSAGES });
		const messages = {
			resource: 'message',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
			conversation: { __rl: true, mode: 'id', value: conversation },
		};
		const cursor = await compare(
			async () => {
				const items = await runOperation(sandbox, messages);
				if (items.length !== MESSAGES) throw new Error(`node got ${items.length} messages`);
			},
			async () => {
				const count = await rawFollowNext(
					sandbox,
					`${sandbox.baseUrl}/messages/?conversation=${conversation}&pageSize=100`,
				);
				if (count !== MESSAGES) throw new Error(`raw got ${count} messages`);
			},
		);

		const { chatbot } = await sandbox.command({ fill: 'records', count: RECORDS });
		await sandbox.command({ latency: { route: 'records/$', ms: RECORD_LATENCY_MS } });
		const records = {
			resource: 'chatRecord',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
			chatbot: { __rl: true, mode: 'id', value: chatbot },
		};
		const paged = await compare(
			async () => {
				const items = await runOperation(sandbox, records);
				if (items.length !== RECORDS) throw new Error(`node got ${items.length} records`);
			},
			async () => {
				const count = await rawFollowNext(
					sandbox,
					`${sandbox.baseUrl}/chatbots/${chatbot}/records/?page=1&pageSize=100`,
				);
				if (count !== RECORDS) throw new Error(`raw got ${count} records`);
			},
			{ runs: 3 },
		);
		await sandbox.command({ reset: true });

		const rssBaseline = await peakRssInFreshProcess(sandbox);
		const rssReturnAll = await peakRssInFreshProcess(sandbox, messages);
		const rssExport = await peakRssInFreshProcess(sandbox, {
			resource: 'chatRecord',
			operation: 'exportExcel',
			binaryPropertyName: 'data',
			chatbot: { __rl: true, mode: 'id', value: chatbot },
		});

		return {
			cursor_return_all_ratio: round(cursor.ratio),
			cursor_return_all_node_ms: round(cursor.aMs, 0),
			cursor_return_all_raw_ms: round(cursor.bMs, 0),
			records_return_all_ratio: round(paged.ratio),
			records_return_all_node_ms: round(paged.aMs, 0),
			records_return_all_raw_ms: round(paged.bMs, 0),
			peak_rss_mb: { baseline: rssBaseline, return_all: rssReturnAll, export: rssExport },
		};
	} finally {
		sandbox.stop();
	}
}

/**
 * Peak RSS (MB) of one node run in a fresh Node process (n8n-core and the harness loaded, nothing
 * else), so one measurement does not inherit the heap of the previous.
 */
async function peakRssInFreshProcess(
	target: Target,
	parameters?: INodeParameters,
): Promise<number> {
	const child = fork(__filename, ['--peak-rss'], {
		execArgv: ['-r', 'ts-node/register'],
		env: { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, '../tsconfig.tools.json') },
		stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
	});
	child.send({ target, parameters });
	const mb = await new Promise<number>((resolve, reject) => {
		child.once('message', (message) => resolve(message as number));
		child.once('exit', (code) => reject(new Error(`peak RSS process exited with ${code}`)));
	});
	child.disconnect();
	return round(mb, 0);
}

if (process.argv.includes('--peak-rss')) {
	process.once(
		'message',
		async ({ target, parameters }: { target: Target; parameters?: INodeParameters }) => {
			// Without parameters: the baseline (a process with n8n-core and the harness loaded, no run).
			const { mb } = await peakRss(
				async () => parameters && (await runOperation(target, parameters)),
			);
			process.send!(mb);
		},
	);
} else if (require.main === module) {
	benchReturnAll().then(
		(figures) => console.table(figures),
		(error) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
