/**
 * The node in a real n8n (2.41.1, installed by scripts/install-n8n.sh, driven by the n8n launcher
 * scripts/lib/n8n.cts) against what a user would build instead with n8n's own nodes, in one run,
 * alternating rounds (`npm run bench:n8n`; `npm run bench` runs it last and writes results.json):
 *
 * - Return All of 50,000 messages of one conversation (500 cursor pages of 100): the MaiAgent node
 *   vs MaiAgent's HTTP Request recipe (Authorization header, following `next`) + Split Out, vs a
 *   raw undici loop over the same pages (in this process). Every workflow starts at a Webhook
 *   that answers when the last node is done, in one `n8n start` (regular executions, as n8n runs
 *   them by default); the figures are the nodes' own `executionTime` from the saved run data, and
 *   the CPU time the n8n process spent meanwhile (/proc, sampled every 20 ms).
 * - Chat Record Return All (5,000 records in page-number pages, 20 ms server latency per page),
 *   the same way.
 * - Peak RSS of the n8n process while the Return All node runs (same samples, windowed to the
 *   node's start time and execution time).
 * - A streamed reply through a Webhook in "Streaming" response mode: the time from the sandbox
 *   writing the first delta to the first chunk at the HTTP client, and the total time, vs the
 *   recipe (Webhook answering with the last node: HTTP Request to the non-streaming completions
 *   endpoint, which answers once the reply is complete).
 *
 * The list sandbox runs in its own process (server.cts); the streaming one runs in this process so
 * that delta times and client times share one clock.
 *
 * Environment: `BENCH_N8N_ROUNDS` (default 3) measured rounds after one warm-up;
 * `BENCH_N8N_BUILDS=label=dir,...` other builds of the package (e.g. a copy of main's dist/), each
 * in its own n8n, alternating with this checkout's dist/ (before/after figures of one run);
 * `BENCH_N8N_PROFILE=<dir>` runs every n8n process with `--cpu-prof` into <dir> (open the
 * .cpuprofile files in Chrome DevTools); `BENCH_N8N_MESSAGES` (default 50,000); `BENCH_N8N_SKIP_STREAM=1`.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { request } from 'undici';
import type { IRun } from 'n8n-workflow';

import { SEED_CHATBOT_ID as CHATBOT, startSandbox } from '../sandbox/index.cts';
import type { Sandbox } from '../sandbox/index.cts';
import { prepareN8n, readJsonLines, waitFor } from '../scripts/lib/n8n.cts';
import type { N8n, N8nExecution, N8nWorkflow, TimedLine } from '../scripts/lib/n8n.cts';
import { median, round } from './measure.cts';
import { startRemoteSandbox } from './server.cts';
import type { RemoteSandbox } from './server.cts';

const MESSAGES = Number(process.env.BENCH_N8N_MESSAGES ?? 50_000);
const RECORDS = 5_000;
const RECORD_LATENCY_MS = 20;
const PAGE_SIZE = 100;
/** Measured rounds when `BENCH_N8N_ROUNDS` is not set. */
export const DEFAULT_ROUNDS = 3;
const ROUNDS = Number(process.env.BENCH_N8N_ROUNDS ?? DEFAULT_ROUNDS);
const STREAM_DELTAS = 100;
const STREAM_DELTA_MS = 20;
const STREAM_ROUNDS = 7;
/** The sandbox in its own process (lists), and the one in this process (streaming). */
const CREDENTIAL = { id: 'benchMaiAgent0001', name: 'MaiAgent (bench)' };
const STREAM_CREDENTIAL = { id: 'benchMaiAgent0002', name: 'MaiAgent (bench, streaming)' };

let position = 0;
function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) {
	position += 220;
	return {
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [position, 0],
		parameters,
		...extra,
	};
}

const maiAgent = (name: string, parameters: Record<string, unknown>, credential = CREDENTIAL) =>
	node(name, 'n8n-nodes-maiagent.maiAgent', 1, parameters, {
		credentials: { maiAgentApi: credential },
	});

/** MaiAgent's recipe: an HTTP Request with the key in an Authorization header. */
function httpRequest(name: string, apiKey: string, parameters: Record<string, unknown>) {
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Api-Key ${apiKey}` }] },
		...parameters,
	});
}

/** Follow `next` until it is null, as MaiAgent's examples do. */
const followNext = {
	pagination: {
		pagination: {
			paginationMode: 'responseContainsNextURL',
			nextURL: '={{ $response.body.next }}',
			paginationCompleteWhen: 'other',
			completeExpression: '={{ !$response.body.next }}',
		},
	},
};

const webhookPath = (wf: N8nWorkflow) => `bench-${wf.id}`;

/**
 * A workflow started by a POST to its webhook `bench-<id>`; by default the webhook answers (with no
 * data) once the last node is done.
 */
function workflow(
	name: string,
	nodes: Array<Record<string, unknown>>,
	webhook: Record<string, unknown> = { responseMode: 'lastNode', responseData: 'noData' },
): N8nWorkflow {
	const id = crypto.randomBytes(8).toString('hex');
	const trigger = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path: `bench-${id}`, options: {}, ...webhook },
		{ webhookId: crypto.randomUUID() },
	);
	const all = [trigger, ...nodes];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < all.length; i++)
		connections[all[i].name as string] = {
			main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]],
		};
	return { id, name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

// ---------------------------------------------------------------------------------------------
// One n8n server per build of the package, workflows started by their webhooks

/** An `n8n start` with one build of the package (label `node` for this checkout's dist/). */
interface Instance {
	label: string;
	n8n: N8n;
	pid?: number;
}

/** The pid of the `n8n start` serving `userFolder` (our own child), found by its environment. */
function serverPid(userFolder: string): number | undefined {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (!cmdline.some((arg) => arg.endsWith('n8n/bin/n8n')) || !cmdline.includes('start'))
				continue;
			const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (environ.includes(`N8N_USER_FOLDER=${userFolder}`)) return Number(entry);
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return undefined;
}

interface Sample {
	at: number;
	rssMb: number;
	cpuMs: number;
}

/** Samples the RSS and CPU time of process `pid` every 20 ms until stopped. */
function sampleRss(pid: number) {
	const samples: Sample[] = [];
	const timer = setInterval(() => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
			// utime + stime (fields 14, 15), in clock ticks of 10 ms.
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
			if (kb) samples.push({ at: Date.now(), rssMb: kb / 1024, cpuMs });
		} catch {
			// exited
		}
	}, 20);
	return { samples, stop: () => clearInterval(timer) };
}

interface NodeTiming {
	startTime: number;
	executionTime: number;
	items: number;
}

function timing(run: { data?: IRun['data'] }, name: string): NodeTiming {
	const task = run.data?.resultData.runData[name]?.[0];
	if (!task)
		throw new Error(
			`node ${name} did not run: ${JSON.stringify(run.data?.resultData.error ?? null)}`,
		);
	if (task.error) throw new Error(`node ${name} failed: ${task.error.message}`);
	return {
		startTime: task.startTime,
		executionTime: task.executionTime,
		items: task.data?.main[0]?.length ?? 0,
	};
}

interface Execution {
	/** Sum of the timed nodes' executionTime. */
	ms: number;
	items: number;
	perNode: Record<string, number>;
	/** Peak RSS (MB) of the n8n process while the timed nodes ran, and just before. */
	peakRssMb: number;
	startRssMb: number;
	cpuMs: number;
}

async function latestExecutionId(n8n: N8n, workflowId: string): Promise<string | undefined> {
	const page = await n8n.api<{
		data: Array<{ id: string; finished: boolean; stoppedAt?: string }>;
	}>(`/executions?workflowId=${workflowId}&limit=1&includeData=false`);
	const latest = page.data[0];
	return latest && latest.stoppedAt ? latest.id : latest ? `running:${latest.id}` : undefined;
}

/** Calls the workflow's webhook (answering when its last node is done), then reads its run data. */
async function execute(instance: Instance, wf: N8nWorkflow, timed: string[]): Promise<Execution> {
	const { n8n } = instance;
	const previous = await latestExecutionId(n8n, wf.id!);
	instance.pid ??= serverPid(n8n.userFolder);
	if (instance.pid === undefined) throw new Error(`no n8n server process for ${n8n.userFolder}`);
	const rss = sampleRss(instance.pid);
	try {
		const response = await n8n.webhook(webhookPath(wf), { method: 'POST' });
		await response.text();
		if (response.status !== 200)
			throw new Error(`webhook of ${wf.name} answered ${response.status}`);
	} finally {
		rss.stop();
	}
	const id = await waitFor(`the execution of ${wf.name}`, async () => {
		const latest = await latestExecutionId(n8n, wf.id!);
		return latest && latest !== previous && !latest.startsWith('running:') ? latest : undefined;
	});
	const run = await n8n.api<N8nExecution>(`/executions/${id}?includeData=true`);
	const timings = timed.map((name) => timing(run, name));
	const from = timings[0].startTime;
	const to = Math.max(...timings.map((t) => t.startTime + t.executionTime));
	const window = rss.samples.filter((s) => s.at >= from && s.at <= to + 20);
	const before = rss.samples.filter((s) => s.at < from).pop();
	return {
		ms: timings.reduce((sum, t) => sum + t.executionTime, 0),
		items: timings[timings.length - 1].items,
		perNode: Object.fromEntries(timed.map((name, i) => [name, timings[i].executionTime])),
		peakRssMb: Math.max(0, ...window.map((s) => s.rssMb)),
		startRssMb: before?.rssMb ?? 0,
		// CPU the n8n process spent while the timed nodes ran: unlike wall time, barely moved by
		// other processes competing for the cores.
		cpuMs: (rss.samples.find((s) => s.at > to)?.cpuMs ?? NaN) - (before?.cpuMs ?? NaN),
	};
}

async function rawFollowNext(apiKey: string, url: string): Promise<number> {
	let next: string | null = url;
	let count = 0;
	while (next) {
		const response = await request(next, { headers: { authorization: `Api-Key ${apiKey}` } });
		const page = (await response.body.json()) as { next: string | null; results: unknown[] };
		count += page.results.length;
		next = page.next;
	}
	return count;
}

// ---------------------------------------------------------------------------------------------
// Return All

interface Variant {
	name: string;
	run: () => Promise<{ ms: number; items: number } & Partial<Execution>>;
}

/** Runs the variants alternately (one warm-up round, then ROUNDS), answering every round's figures. */
async function alternate(variants: Variant[], expected: number) {
	const rounds: Record<string, Array<{ ms: number } & Partial<Execution>>> = {};
	for (let r = 0; r <= ROUNDS; r++) {
		for (const variant of variants) {
			const result = await variant.run();
			if (result.items !== expected)
				throw new Error(`${variant.name} gave ${result.items} items, expected ${expected}`);
			console.log(
				`  round ${r}${r === 0 ? ' (warm-up)' : ''} ${variant.name}: ${round(result.ms, 0)} ms` +
					`, CPU ${round(result.cpuMs ?? NaN, 0)} ms` +
					(result.peakRssMb
						? `, RSS ${round(result.startRssMb ?? 0, 0)} -> peak ${round(result.peakRssMb, 0)} MB`
						: ''),
			);
			if (r > 0) (rounds[variant.name] ??= []).push(result);
		}
	}
	return rounds;
}

const medianOf = (values: number[]) => round(median(values), 0);

interface ListWorkflows {
	messagesNode: N8nWorkflow;
	messagesRecipe: N8nWorkflow;
	recordsNode: N8nWorkflow;
	recordsRecipe: N8nWorkflow;
	messagesUrl: string;
	recordsUrl: string;
}

async function listWorkflows(sandbox: RemoteSandbox): Promise<ListWorkflows> {
	const { conversation } = await sandbox.command({ fill: 'messages', count: MESSAGES });
	const { chatbot } = await sandbox.command({ fill: 'records', count: RECORDS });
	await sandbox.command({ latency: { route: 'records/$', ms: RECORD_LATENCY_MS } });
	const messagesUrl = `${sandbox.baseUrl}/messages/?conversation=${conversation}&pageSize=${PAGE_SIZE}`;
	const recordsUrl = `${sandbox.baseUrl}/chatbots/${chatbot}/records/?page=1&pageSize=${PAGE_SIZE}`;
	const getMany = (resource: string, locator: string, id: string) =>
		maiAgent('MaiAgent', {
			resource,
			operation: 'getAll',
			[locator]: { __rl: true, mode: 'id', value: id },
			returnAll: true,
			simplify: false,
		});
	const recipe = (url: string) => [
		httpRequest('HTTP Request', sandbox.apiKey, { url, options: followNext }),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'results', options: {} }),
	];
	return {
		messagesNode: workflow('bench: MaiAgent messages', [
			getMany('message', 'conversation', conversation),
		]),
		messagesRecipe: workflow('bench: recipe messages', recipe(messagesUrl)),
		recordsNode: workflow('bench: MaiAgent records', [getMany('chatRecord', 'chatbot', chatbot)]),
		recordsRecipe: workflow('bench: recipe records', recipe(recordsUrl)),
		messagesUrl,
		recordsUrl,
	};
}

async function benchLists(instances: Instance[], sandbox: RemoteSandbox, wfs: ListWorkflows) {
	const [main, ...others] = instances;
	const nodeTimed = ['MaiAgent'];
	const recipeTimed = ['HTTP Request', 'Split Out'];
	const listVariants = (nodeWf: N8nWorkflow, recipeWf: N8nWorkflow, url: string): Variant[] => [
		...others.map((other) => ({
			name: `node_${other.label}`,
			run: async () => await execute(other, nodeWf, nodeTimed),
		})),
		{ name: 'node', run: async () => await execute(main, nodeWf, nodeTimed) },
		{ name: 'recipe', run: async () => await execute(main, recipeWf, recipeTimed) },
		{
			name: 'raw',
			run: async () => {
				const started = performance.now();
				const cpu = process.cpuUsage();
				const items = await rawFollowNext(sandbox.apiKey, url);
				const { user, system } = process.cpuUsage(cpu);
				return { ms: performance.now() - started, items, cpuMs: (user + system) / 1000 };
			},
		},
	];

	console.log(`Return All, ${MESSAGES} messages`);
	const messages = await alternate(
		listVariants(wfs.messagesNode, wfs.messagesRecipe, wfs.messagesUrl),
		MESSAGES,
	);
	console.log(`Return All, ${RECORDS} records`);
	const records = await alternate(
		listVariants(wfs.recordsNode, wfs.recordsRecipe, wfs.recordsUrl),
		RECORDS,
	);

	const figures = (rounds: typeof messages) => {
		const nodeMs = medianOf(rounds.node.map((r) => r.ms));
		const recipeMs = medianOf(rounds.recipe.map((r) => r.ms));
		const rawMs = medianOf(rounds.raw.map((r) => r.ms));
		return {
			node_ms: nodeMs,
			recipe_ms: recipeMs,
			recipe_http_ms: medianOf(rounds.recipe.map((r) => r.perNode!['HTTP Request'])),
			recipe_split_ms: medianOf(rounds.recipe.map((r) => r.perNode!['Split Out'])),
			raw_ms: rawMs,
			// CPU of the n8n process while the nodes ran (raw: of this process during its loop).
			node_cpu_ms: medianOf(rounds.node.map((r) => r.cpuMs!)),
			recipe_cpu_ms: medianOf(rounds.recipe.map((r) => r.cpuMs!)),
			raw_cpu_ms: medianOf(rounds.raw.map((r) => r.cpuMs!)),
			node_vs_recipe_cpu: round(
				median(rounds.node.map((r) => r.cpuMs!)) / median(rounds.recipe.map((r) => r.cpuMs!)),
			),
			// Ratios of the medians, and per round (the same machine state).
			node_vs_recipe: round(nodeMs / recipeMs),
			node_vs_recipe_rounds: rounds.node.map((r, i) => round(r.ms / rounds.recipe[i].ms)),
			node_vs_raw: round(nodeMs / rawMs),
			recipe_vs_raw: round(recipeMs / rawMs),
			...Object.fromEntries(
				others.flatMap(({ label }) => {
					const other = rounds[`node_${label}`];
					const otherMs = medianOf(other.map((r) => r.ms));
					return [
						[`node_${label}_ms`, otherMs],
						[`node_${label}_cpu_ms`, medianOf(other.map((r) => r.cpuMs!))],
						[`node_${label}_vs_recipe`, round(otherMs / recipeMs)],
						[`node_vs_node_${label}_rounds`, rounds.node.map((r, i) => round(r.ms / other[i].ms))],
					];
				}),
			),
		};
	};
	// Peak during the run, and its growth over the RSS just before (the server's earlier runs
	// leave garbage behind, so the growth is the fairer comparison).
	const rss = (variant: string) => ({
		peak: medianOf(messages[variant].map((r) => r.peakRssMb!)),
		growth: medianOf(messages[variant].map((r) => r.peakRssMb! - r.startRssMb!)),
	});
	return {
		messages: { items: MESSAGES, pages: Math.ceil(MESSAGES / PAGE_SIZE), ...figures(messages) },
		records: {
			items: RECORDS,
			pages: Math.ceil(RECORDS / PAGE_SIZE),
			server_latency_ms: RECORD_LATENCY_MS,
			...figures(records),
		},
		peak_rss_mb: {
			node: rss('node'),
			recipe: rss('recipe'),
			...Object.fromEntries(others.map(({ label }) => [`node_${label}`, rss(`node_${label}`)])),
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Streaming through a Webhook

interface StreamRound {
	/** First chunk at the client after the sandbox wrote the first delta (node only). */
	firstAfterDeltaMs?: number;
	/** First chunk (node) or the complete answer (recipe) after the request was sent. */
	firstMs: number;
	totalMs: number;
}

function streamWorkflows(sandbox: Sandbox) {
	const nodeWf = workflow(
		'bench: stream MaiAgent',
		[
			maiAgent(
				'MaiAgent',
				{
					resource: 'message',
					operation: 'send',
					chatbot: { __rl: true, mode: 'id', value: CHATBOT },
					content: '={{ $json.body.message }}',
					options: { streaming: true },
				},
				STREAM_CREDENTIAL,
			),
		],
		{ responseMode: 'streaming' },
	);
	const recipeWf = workflow(
		'bench: stream recipe',
		[
			httpRequest('HTTP Request', sandbox.apiKey, {
				method: 'POST',
				url: `${sandbox.baseUrl}/chatbots/${CHATBOT}/completions/`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					'={{ JSON.stringify({ conversation: "", message: { content: $json.body.message, attachments: [] }, isStreaming: false }) }}',
				options: {},
			}),
		],
		{ responseMode: 'lastNode', responseData: 'firstEntryJson' },
	);
	return { nodeWf, recipeWf };
}

async function benchStreaming(n8n: N8n, sandbox: Sandbox, wfs: ReturnType<typeof streamWorkflows>) {
	const deltas: number[] = [];
	sandbox.events.on('delta', (event: { at: number }) => deltas.push(event.at));
	sandbox.control.setStream({ deltas: STREAM_DELTAS, deltaDelayMs: STREAM_DELTA_MS });
	const generationMs = (STREAM_DELTAS - 1) * STREAM_DELTA_MS;
	const body = JSON.stringify({ message: '請介紹你們的服務' });

	type Line = TimedLine<{ type?: string; content?: string }>;
	const ask = async (wf: N8nWorkflow): Promise<{ lines: Line[]; sent: number; end: number }> => {
		const sent = performance.now();
		const response = await n8n.webhook(webhookPath(wf), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
		});
		if (response.status !== 200)
			throw new Error(`${wf.name} answered ${response.status}: ${await response.text()}`);
		const lines = await readJsonLines<{ type?: string; content?: string }>(response);
		return { lines, sent, end: performance.now() };
	};
	const variants: Array<{ name: string; run: () => Promise<StreamRound> }> = [
		{
			name: 'node',
			run: async () => {
				sandbox.control.setLatency(/completions/, 0);
				deltas.length = 0;
				const { lines, sent, end } = await ask(wfs.nodeWf);
				const items = lines.filter((line) => line.value.type === 'item');
				if (items.length !== STREAM_DELTAS)
					throw new Error(`node relayed ${items.length} of ${STREAM_DELTAS} deltas`);
				return {
					firstAfterDeltaMs: items[0].at - deltas[0],
					firstMs: items[0].at - sent,
					totalMs: end - sent,
				};
			},
		},
		{
			name: 'recipe',
			run: async () => {
				// The non-streaming endpoint answers once the whole reply is generated.
				sandbox.control.setLatency(/completions/, generationMs);
				const { lines, sent, end } = await ask(wfs.recipeWf);
				if (!String(lines[0]?.value.content ?? '').length)
					throw new Error('the recipe answered no content');
				return { firstMs: lines[0].at - sent, totalMs: end - sent };
			},
		},
	];
	const rounds: Record<string, StreamRound[]> = {};
	console.log(`Streaming, ${STREAM_DELTAS} deltas ${STREAM_DELTA_MS} ms apart`);
	for (let r = 0; r <= STREAM_ROUNDS; r++) {
		for (const variant of variants) {
			const result = await variant.run();
			console.log(
				`  round ${r}${r === 0 ? ' (warm-up)' : ''} ${variant.name}: ` +
					JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' ? round(v, 1) : v)),
			);
			if (r > 0) (rounds[variant.name] ??= []).push(result);
		}
	}
	sandbox.control.setLatency(/completions/, 0);
	const m = (values: number[]) => round(median(values), 1);
	return {
		deltas: STREAM_DELTAS,
		delta_interval_ms: STREAM_DELTA_MS,
		rounds: STREAM_ROUNDS,
		node_first_chunk_after_first_delta_ms: m(rounds.node.map((r) => r.firstAfterDeltaMs!)),
		node_first_chunk_after_first_delta_ms_rounds: rounds.node.map((r) =>
			round(r.firstAfterDeltaMs!, 1),
		),
		node_first_chunk_ms: m(rounds.node.map((r) => r.firstMs)),
		recipe_first_chunk_ms: m(rounds.recipe.map((r) => r.firstMs)),
		node_total_ms: m(rounds.node.map((r) => r.totalMs)),
		recipe_total_ms: m(rounds.recipe.map((r) => r.totalMs)),
	};
}

// ---------------------------------------------------------------------------------------------

export async function benchN8n(): Promise<{ n8n: Record<string, unknown> }> {
	const profileDir = process.env.BENCH_N8N_PROFILE
		? path.resolve(process.env.BENCH_N8N_PROFILE)
		: undefined;
	if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
	const env = profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : undefined;
	// Ctrl-C: exit through 'exit', where the launcher kills the n8n processes it started.
	const interrupted = () => process.exit(130);
	process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
	const remote = await startRemoteSandbox();
	const local = await startSandbox({ port: 0 });
	const instances: Instance[] = [];
	const started = Date.now();
	try {
		// This checkout's dist/ first, then other builds of the package (`BENCH_N8N_BUILDS=
		// label=dir,...`, e.g. a copy of main's dist/), each in its own n8n, run alternately with
		// it: before/after figures of one run.
		const builds = [
			['node', ''],
			...(process.env.BENCH_N8N_BUILDS ?? '')
				.split(',')
				.filter(Boolean)
				.map((spec) => spec.split('=')),
		];
		const lists = await listWorkflows(remote);
		const stream = streamWorkflows(local);
		for (const [label, dir] of builds) {
			const n8n = await prepareN8n('new', { env });
			instances.push({ label, n8n });
			if (dir) {
				const target = path.join(n8n.userFolder, '.n8n/nodes/node_modules/n8n-nodes-maiagent/dist');
				fs.rmSync(target, { recursive: true, force: true });
				fs.cpSync(path.resolve(dir), target, { recursive: true });
			}
			await n8n.importCredentials([
				{
					...CREDENTIAL,
					type: 'maiAgentApi',
					data: { apiKey: remote.apiKey, baseUrl: remote.baseUrl },
				},
				{
					...STREAM_CREDENTIAL,
					type: 'maiAgentApi',
					data: { apiKey: local.apiKey, baseUrl: local.baseUrl },
				},
			]);
			const wfs =
				label === 'node'
					? [
							lists.messagesNode,
							lists.messagesRecipe,
							lists.recordsNode,
							lists.recordsRecipe,
							stream.nodeWf,
							stream.recipeWf,
						]
					: [lists.messagesNode, lists.recordsNode];
			await n8n.importWorkflows(wfs);
			for (const wf of wfs) await n8n.publishWorkflow(wf.id!);
			console.log(`Starting n8n for ${label} (30-100 s on a busy machine)`);
			await n8n.start();
			await n8n.setupOwner();
			await n8n.createApiKey();
		}
		const listFigures = await benchLists(instances, remote, lists);
		const streaming = process.env.BENCH_N8N_SKIP_STREAM
			? undefined
			: await benchStreaming(instances[0].n8n, local, stream);
		return {
			n8n: {
				version: instances[0].n8n.install.n8nVersion,
				mode: 'n8n start, regular executions, started by webhook',
				rounds: ROUNDS,
				durationS: Math.round((Date.now() - started) / 1000),
				return_all_messages: listFigures.messages,
				return_all_records: listFigures.records,
				peak_rss_mb_return_all_messages: listFigures.peak_rss_mb,
				...(streaming ? { streaming_webhook: streaming } : {}),
			},
		};
	} finally {
		for (const instance of instances) await instance.n8n.dispose();
		await local.stop();
		remote.stop();
		process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
	}
}

if (require.main === module) {
	benchN8n().then(
		(figures) => {
			console.log(JSON.stringify(figures, null, 2));
			const file = process.env.BENCH_N8N_OUT;
			if (file) fs.writeFileSync(file, `${JSON.stringify(figures, null, '\t')}\n`);
		},
		(error) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
