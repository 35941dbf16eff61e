// The docs (README.md, the zh-TW quick start, sandbox/ and benchmarks/ READMEs) state a few code
// constants a reader needs: defaults they would change, environment variables, limits. Each is read
// here from both sides, so a change to one side fails until the other follows. Constants a reader
// does not need are not stated (the fields show their defaults in the editor).
import fs from 'node:fs';
import path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_ROUNDS } from '../../../benchmarks/n8n.cts';
import { MaiAgentApi } from '../../../credentials/MaiAgentApi.credentials';
import { KNOWLEDGE_FILE_TYPES } from '../../../nodes/MaiAgent/knowledge/upload';
import { MaiAgent } from '../../../nodes/MaiAgent/MaiAgent.node';
import { MaiAgentTrigger } from '../../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import { FIRST_POLL_BUDGET_MS, POLL_BUDGET_MS } from '../../../nodes/MaiAgentTrigger/budget';
import { MAX_BATCH } from '../../../nodes/MaiAgentTrigger/poll';
import { MaiAgentWebhookTrigger } from '../../../nodes/MaiAgentWebhookTrigger/MaiAgentWebhookTrigger.node';
import { SEEN_LIMIT } from '../../../nodes/MaiAgentWebhookTrigger/receive';
import { CONCURRENCY } from '../../../nodes/shared/transport/pagination';
import { FAULT_DEFAULTS } from '../../../sandbox/controls.cts';
import {
	DEFAULT_API_KEY,
	DEFAULT_BATCH_QA_DELAY_MS,
	DEFAULT_CLI_PORT,
	DEFAULT_REPLY_DELAY_MS,
	DEFAULT_SCALE,
} from '../../../sandbox/index.cts';
import {
	CHUNK_CHARS,
	DEFAULT_INITIAL_MS,
	DEFAULT_PROCESSING_MS,
	KNOWLEDGE_BASE_DEFAULTS,
} from '../../../sandbox/knowledge.cts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../sandbox/pagination.cts';
import { EXPORT_COLUMNS } from '../../../sandbox/routes/records.cts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../../sandbox/webhooks.cts';
import { DEMO_ENV_DEFAULTS as ENV } from '../../../scripts/lib/demo-env.cts';
import { DEFAULT_WORKERS } from '../../../scripts/lib/queue.cts';

const root = path.join(__dirname, '../../..');
const source = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
// One paragraph per string: the docs wrap lines anywhere.
const flat = (file: string) => source(file).replace(/\s*\n\s*/g, ' ');
const README = 'README.md';
const ZH = 'docs/quick-start.zh-TW.md';
const SANDBOX = 'sandbox/README.md';
const BENCH = 'benchmarks/README.md';
const readme = flat(README);

/** The README text from `start` to the end of its sentence. */
function sentence(start: string): string {
	const at = readme.indexOf(start);
	if (at < 0) throw new Error(`README has no "${start}"`);
	return readme.slice(at, readme.indexOf('. ', at) + 1);
}

/** The defaults of the MaiAgent node's parameters called `name` (in collections too), of `operation`. */
function nodeDefault(name: string, operation?: string): unknown {
	const found = new Set<unknown>();
	const visit = (list: INodeProperties[]) => {
		for (const p of list) {
			if (p.name === name) found.add(p.default);
			for (const option of (p.options ?? []) as INodeProperties[])
				if (option && typeof option === 'object' && 'type' in option) visit([option]);
		}
	};
	visit(
		new MaiAgent().description.properties.filter(
			(p) => !operation || (p.displayOptions?.show?.operation ?? []).includes(operation),
		),
	);
	if (found.size !== 1) throw new Error(`${name}: ${found.size} different defaults`);
	return [...found][0];
}

const credentialDefault = (name: string) =>
	new MaiAgentApi().properties.find((p) => p.name === name)?.default;
const seconds = (ms: number) => `${ms / 1000} s`;
const thousands = (n: number) => n.toLocaleString('en-US');

/** [document, text it must contain]: each text is built from the code's constant. */
const stated: Array<[string, string]> = [
	// npm start's environment variables and the addresses they give
	[README, `| \`N8N_PORT\` | \`${ENV.N8N_PORT}\` |`],
	[README, `| \`SANDBOX_PORT\` | \`${ENV.SANDBOX_PORT}\` |`],
	[README, `| \`CHAT_PORT\` | \`${ENV.CHAT_PORT}\` |`],
	[README, `| \`SANDBOX_DELTA_DELAY_MS\` | \`${ENV.SANDBOX_DELTA_DELAY_MS}\` |`],
	[README, `| \`MAIAGENT_BASE_URL\` | \`${ENV.MAIAGENT_BASE_URL}\` |`],
	[README, `sandbox](sandbox/README.md) on \`127.0.0.1:${ENV.SANDBOX_PORT}\``],
	[README, `starts n8n on \`127.0.0.1:${ENV.N8N_PORT}\``],
	[README, `offline chat page on \`127.0.0.1:${ENV.CHAT_PORT}\``],
	[README, `(deltas every ${ENV.SANDBOX_DELTA_DELAY_MS} ms)`],
	// the credential's and the node's defaults a user changes
	[README, `| Base URL | \`${String(credentialDefault('baseUrl'))}\` (default).`],
	[ZH, `| Base URL | 預設 \`${String(credentialDefault('baseUrl'))}\`。`],
	[
		README,
		`(field name option, default \`${String(nodeDefault('binaryPropertyName', 'exportExcel'))}\`)`,
	],
	[ZH, `binary 欄位 \`${String(nodeDefault('binaryPropertyName', 'exportExcel'))}\``],
	[README, `(option *Sync ID*, default \`${String(nodeDefault('syncId'))}\`)`],
	[README, `**Concurrency** (default ${String(nodeDefault('concurrency'))})`],
	[README, `(\`${KNOWLEDGE_FILE_TYPES.join(' ')}\`)`],
	// the queue cluster of the tests and of npm start -- --queue
	[README, `n8n main + ${DEFAULT_WORKERS} workers + 1 webhook processor`],
	[README, `(main + ${DEFAULT_WORKERS} workers + a webhook processor`],
	// the MaiAgent sandbox (its CLI, options and controls)
	[SANDBOX, `# port ${DEFAULT_CLI_PORT} (or SANDBOX_PORT)`],
	[
		SANDBOX,
		`# ${thousands(DEFAULT_SCALE.conversations)} conversations / ${thousands(DEFAULT_SCALE.messages)} messages`,
	],
	[SANDBOX, `default '${DEFAULT_API_KEY}' (DEFAULT_API_KEY)`],
	[SANDBOX, `default ${DEFAULT_REPLY_DELAY_MS} (DEFAULT_REPLY_DELAY_MS)`],
	[SANDBOX, `Default page size ${DEFAULT_PAGE_SIZE}, maximum ${MAX_PAGE_SIZE}.`],
	[
		SANDBOX,
		`\`limit\` ${DEFAULT_PAGE_SIZE}, \`next\` = \`…/contacts/?limit=${DEFAULT_PAGE_SIZE}&offset=`,
	],
	[SANDBOX, `(limit ${DEFAULT_PAGE_SIZE} + offset`],
	[SANDBOX, `the usual cap of ${MAX_PAGE_SIZE})`],
	[SANDBOX, `${EXPORT_COLUMNS.length} zh-TW columns`],
	[SANDBOX, `(default ${DEFAULT_BATCH_QA_DELAY_MS} ms; CLI \`--batch-qa-delay-ms\`)`],
	[
		SANDBOX,
		`\`processing\` (after ${DEFAULT_INITIAL_MS} ms), then \`done\` (after ${DEFAULT_PROCESSING_MS} ms more)`,
	],
	[SANDBOX, `at most ${CHUNK_CHARS} characters`],
	[
		SANDBOX,
		Object.entries(KNOWLEDGE_BASE_DEFAULTS)
			.map(([key, value]) => `\`${key}\`=${String(value)}`)
			.join(', '),
	],
	[SANDBOX, `The next \`times\` (default ${FAULT_DEFAULTS.times})`],
	[SANDBOX, `get \`status\` (default ${FAULT_DEFAULTS.status})`],
	[
		SANDBOX,
		`(default ${DEFAULT_WEBHOOK_SETTINGS.retryDelaysMs.map(seconds).join(', ')}), attempt timeout (${seconds(DEFAULT_WEBHOOK_SETTINGS.timeoutMs)})`,
	],
	// benchmarks
	[BENCH, `\`BENCH_N8N_ROUNDS\` measured rounds (default ${DEFAULT_ROUNDS})`],
	[BENCH, `fetches ${CONCURRENCY} pages at once`],
	[BENCH, `fetches the rest ${CONCURRENCY} at a time`],
];

describe('docs state the code constants they need', () => {
	it.each(stated)('%s: %s', (file, text) => {
		expect(flat(file)).toContain(text);
	});

	it("README states the trigger's poll budgets and batch size", () => {
		expect(sentence('So every poll stops')).toContain(
			`${POLL_BUDGET_MS / 1000} s (${FIRST_POLL_BUDGET_MS / 1000} s for the first poll`,
		);
		expect(sentence('A poll also stops')).toBe(`A poll also stops after ${MAX_BATCH} messages.`);
	});

	it('README states how many message IDs the webhook trigger remembers', () => {
		expect(sentence('The trigger remembers')).toContain(`the last ${SEEN_LIMIT} message IDs`);
	});

	it('README states the function limits of test/unit/nodes/structure.test.cts', () => {
		const limit = (name: string) =>
			new RegExp(`const ${name} = (\\d+);`).exec(source('test/unit/nodes/structure.test.cts'))?.[1];
		expect(readme).toContain(
			`within ${limit('MAX_LINES')} lines and ${limit('MAX_PARAMETERS')} parameters`,
		);
	});

	it('README names the installed version of the community-nodes lint plugin', () => {
		const lock = JSON.parse(source('package-lock.json')) as {
			packages: Record<string, { version: string }>;
		};
		const version = lock.packages['node_modules/@n8n/eslint-plugin-community-nodes'].version;
		expect(readme).toContain(`\`@n8n/eslint-plugin-community-nodes\` (${version},`);
	});

	it('names only the n8n versions scripts/install-n8n.sh installs', () => {
		const script = source('scripts/install-n8n.sh');
		const pinned = ['NEW', 'OLD'].map(
			(which) => new RegExp(`${which}_N8N_VERSION=([\\d.]+)`).exec(script)?.[1],
		);
		for (const version of pinned) expect(readme).toContain(`n8n ${version}`);
		for (const file of [README, ZH, SANDBOX, BENCH])
			for (const [, version] of flat(file).matchAll(/\bn8n (\d+\.\d+\.\d+)/g))
				expect([file, pinned]).toEqual([file, expect.arrayContaining([version])]);
	});

	it("README states each example's schedule as its trigger has it", () => {
		const phrase = (rule: { mode?: string; field?: string; triggerAtHour?: number }) =>
			rule.mode === 'everyMinute'
				? 'every minute'
				: rule.field === 'hours'
					? 'every hour'
					: `every day at ${String(rule.triggerAtHour).padStart(2, '0')}:00`;
		const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'));
		let checked = 0;
		for (const file of files) {
			const workflow = JSON.parse(source(`examples/${file}`)) as {
				nodes: Array<{
					parameters: { pollTimes?: { item: object[] }; rule?: { interval: object[] } };
				}>;
			};
			const row = source(README)
				.split('\n')
				.find((line) => line.startsWith(`| [\`${file}\`]`));
			for (const { parameters } of workflow.nodes) {
				const rules = parameters.pollTimes?.item ?? parameters.rule?.interval ?? [];
				for (const rule of rules) {
					expect([file, row]).toEqual([file, expect.stringContaining(phrase(rule))]);
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(0);
	});

	it('lists every example workflow of examples/, and no other', () => {
		const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'));
		const listed = [...readme.matchAll(/\| \[`([\w-]+\.json)`\]\(examples\//g)].map((m) => m[1]);
		expect(listed.sort()).toEqual(files.sort());
	});

	it('names every node in the install check', () => {
		const check = sentence('(Checked with n8n');
		for (const node of [new MaiAgent(), new MaiAgentTrigger(), new MaiAgentWebhookTrigger()])
			expect(check).toContain(`${node.description.displayName},`);
	});
});
