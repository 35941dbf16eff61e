/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. of the n8n server that `npm run bench:n8n`
 * runs with BENCH_N8N_PROFILE=<dir>): where the CPU went on n8n's request path.
 *
 *   npx ts-node -P tsconfig.tools.json --transpile-only benchmarks/profile.cts \
 *     [--window <function>] <file.cpuprofile>...
 *
 * Prints the sampled time inside (inclusive, ms) the functions of the request path named below,
 * counted once per sample however deep they recurse, and the top functions by self time.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Functions of n8n's request path (and of this package) whose inclusive time is reported. */
const WATCHED = [
	// this package
	'fetchAll',
	'maiagentRequest',
	'forEachItem',
	'simplifyMessage',
	// n8n: one request with credentials
	'httpRequestWithAuthentication',
	'getCredentials',
	'getDecrypted',
	'getCredentialsEntity',
	'getData',
	'applyDefaultsAndOverwrites',
	'acquireIsolate',
	'releaseIsolate',
	'resolveCredentialExpressions',
	'authenticate',
	'resolveValue',
	'getSimpleParameterValue',
	'getParameterValue',
	'getNodeParameters',
	'proxyRequestToAxios',
	'requestWithAuthenticationPaginated',
	'httpRequest',
	'request',
	'parseIncomingMessage',
	// n8n around a node
	'runNode',
	'executeNode',
	'getNodeParameter',
	'assignPairedItems',
	'processRunExecutionData',
	'JSON.parse',
	'parse',
	'(garbage collector)',
];

/**
 * `window`: only the samples taken while runs of that function were going on: from the first to
 * the last sample with it on the stack, per cluster of such samples (clusters are apart by more
 * than a second of not seeing it). E.g. `fetchAll` keeps the MaiAgent node's Return All runs
 * with everything n8n did meanwhile (HTTP callbacks, JSON parsing, GC), not only what ran under it.
 */
export function summarise(file: string, window?: string, top = 25) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const onStack = (id: number, fn: string) => {
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
			if (byId.get(at)!.callFrame.functionName === fn) return true;
		return false;
	};
	const times: number[] = [];
	let clock = 0;
	for (const delta of profile.timeDeltas) times.push((clock += delta / 1000));
	const windows: Array<[number, number]> = [];
	if (window) {
		profile.samples.forEach((id, i) => {
			if (!onStack(id, window)) return;
			const last = windows[windows.length - 1];
			if (last && times[i] - last[1] < 1000) last[1] = times[i];
			else windows.push([times[i], times[i]]);
		});
	}
	const inWindow = (i: number) =>
		!window || windows.some(([from, to]) => times[i] >= from && times[i] <= to);
	const self = new Map<number, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	let idle = 0;
	profile.samples.forEach((id, i) => {
		if (!inWindow(i)) return;
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		total += ms;
		const name = byId.get(id)!.callFrame.functionName;
		if (name === '(idle)' || name === '(program)') idle += ms;
		self.set(id, (self.get(id) ?? 0) + ms);
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const fn = byId.get(at)!.callFrame.functionName;
			if (WATCHED.includes(fn) && !seen.has(fn)) {
				seen.add(fn);
				inclusive.set(fn, (inclusive.get(fn) ?? 0) + ms);
			}
		}
	});
	const selfByFunction = new Map<string, number>();
	for (const [id, ms] of self) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		const where = url ? `${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : '';
		const key = `${functionName || '(anonymous)'} ${where}`;
		selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
	}
	const windowMs = windows.reduce((sum, [from, to]) => sum + to - from, 0);
	return {
		file: path.basename(file),
		...(window ? { window, runs: windows.length, windowMs: Math.round(windowMs) } : {}),
		totalMs: Math.round(total),
		idleMs: Math.round(idle),
		inclusiveMs: Object.fromEntries(
			WATCHED.filter((fn) => inclusive.has(fn)).map((fn) => [fn, Math.round(inclusive.get(fn)!)]),
		),
		topSelfMs: [...selfByFunction]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([key, ms]) => `${Math.round(ms)} ${key}`),
	};
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--window');
	const window = at === -1 ? undefined : args.splice(at, 2)[1];
	for (const file of args) console.log(JSON.stringify(summarise(file, window), null, 2));
}
