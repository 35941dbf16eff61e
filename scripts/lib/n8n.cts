// Drives real n8n processes (installed by scripts/install-n8n.sh into a cache outside the repo)
// with this package installed: CLI commands (import, execute, publish) and a running server with
// an owner account and a public-API key.
import type { AddressInfo, Server } from 'node:net';
import type { INodeExecutionData, IRun } from 'n8n-workflow';
import childProcess from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run, spawnGroup, tail } from './process.cts';
import type { GroupProcess, RunResult } from './process.cts';

/** `new`: n8n 2.41.1 on Node 24; `old`: n8n 2.8.4 on the system Node 20. */
export type N8nVersion = 'new' | 'old';

export interface N8nInstall {
	version: N8nVersion;
	/** The n8n release, e.g. `2.41.1`. */
	n8nVersion: string;
	/** The Node binary that runs it. */
	node: string;
	/** n8n's bin script. */
	bin: string;
}

/**
 * The n8n process `start()` runs: `start` (main), `worker` (queue mode; `port` is then its
 * QUEUE_HEALTH_CHECK_PORT, which must be set with QUEUE_HEALTH_CHECK_ACTIVE=true) or `webhook`.
 */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface N8nCredential {
	id?: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** What `n8n import:workflow` accepts; `id` is generated when missing. */
export interface N8nWorkflow {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface N8nExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	data?: IRun['data'];
}

export interface PrepareOptions {
	/** Install this package (needs `dist/` from `npm run build`). Default true. */
	withPackage?: boolean;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** The port to serve on; default: a free one. */
	port?: number;
	/**
	 * A user folder to keep between runs (created when missing; `dispose()` still deletes it, so
	 * call `stop()` instead). Default: a fresh throwaway folder under the OS temp dir.
	 */
	userFolder?: string;
}

const REPO_ROOT = path.resolve(__dirname, '../..');
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts/install-n8n.sh');
const PACKAGE_NAME = 'n8n-nodes-maiagent';
const INSTALL_TIMEOUT_MS = 30 * 60_000;
const CLI_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export interface N8nOwner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const OWNER: N8nOwner = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd',
};

// ---------------------------------------------------------------------------------------------
// Processes

function readTail(file: string): string {
	return fs.existsSync(file) ? tail(fs.readFileSync(file, 'utf8')) : '(no log)';
}

/** Ports that were free a moment ago, distinct from each other. */
export async function freePorts(count: number): Promise<number[]> {
	const servers = await Promise.all(
		Array.from(
			{ length: count },
			() =>
				new Promise<Server>((resolve, reject) => {
					const server = net.createServer();
					server.once('error', reject);
					server.listen(0, '127.0.0.1', () => resolve(server));
				}),
		),
	);
	const ports = servers.map((server) => (server.address() as AddressInfo).port);
	await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
	return ports;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(250);
	}
}

// ---------------------------------------------------------------------------------------------
// Installs

function parseInstall(version: N8nVersion, stdout: string): N8nInstall {
	const values = new Map(
		stdout
			.split('\n')
			.map((line) => line.match(/^([\w]+)=(.*)$/))
			.filter((match): match is RegExpMatchArray => match !== null)
			.map((match) => [match[1], match[2]]),
	);
	const value = (key: string) => {
		const found = values.get(`n8n_${version}_${key}`);
		if (!found) throw new Error(`${INSTALL_SCRIPT} printed no n8n_${version}_${key}:\n${stdout}`);
		return found;
	};
	return { version, n8nVersion: value('version'), node: value('node'), bin: value('bin') };
}

/**
 * The installed n8n, or why it is not usable (a message) when it is not in the cache. Synchronous
 * and fast, so that test files can decide at collection time whether to skip.
 */
export function findN8n(version: N8nVersion): N8nInstall | string {
	const result = childProcess.spawnSync(INSTALL_SCRIPT, ['--check', version], { encoding: 'utf8' });
	if (result.error) throw result.error;
	if (result.status === 0) return parseInstall(version, result.stdout);
	return result.stderr.trim().replace(/^\[install-n8n[^\]]*\] ERROR: /, '');
}

/** Installs n8n into the cache unless it is there already (minutes when cold), showing progress. */
export async function installN8n(version: N8nVersion): Promise<N8nInstall> {
	const found = findN8n(version);
	if (typeof found !== 'string') return found;
	const result = await run(INSTALL_SCRIPT, [version], {
		env: process.env,
		timeoutMs: INSTALL_TIMEOUT_MS,
		echoStderr: true,
	});
	if (result.code !== 0)
		throw new Error(`${INSTALL_SCRIPT} ${version} failed:\n${tail(result.stderr)}`);
	return parseInstall(version, result.stdout);
}

// ---------------------------------------------------------------------------------------------
// Streamed responses

/** One JSON line of a streamed response, with the moment (`performance.now()`) it was parsed. */
export interface TimedLine<T = Record<string, unknown>> {
	value: T;
	at: number;
}

/**
 * Reads a newline-delimited JSON body (n8n's streaming responses: `begin`, `item`, `end`, ...) as it
 * arrives, stamping each line with the time its last byte was received. Blank lines are skipped.
 */
export async function readJsonLines<T = Record<string, unknown>>(
	response: Response,
	onLine?: (value: T) => void,
): Promise<Array<TimedLine<T>>> {
	if (!response.body) throw new Error('the response has no body');
	const lines: Array<TimedLine<T>> = [];
	const decoder = new TextDecoder();
	let buffer = '';
	const take = (text: string, at: number) => {
		if (!text.trim()) return;
		lines.push({ value: JSON.parse(text) as T, at });
		onLine?.(lines[lines.length - 1].value);
	};
	for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
		const at = performance.now();
		buffer += decoder.decode(chunk, { stream: true });
		let newline: number;
		while ((newline = buffer.indexOf('\n')) !== -1) {
			take(buffer.slice(0, newline), at);
			buffer = buffer.slice(newline + 1);
		}
	}
	take(buffer + decoder.decode(), performance.now());
	return lines;
}

// ---------------------------------------------------------------------------------------------
// Run data

/** The items a node emitted on its first output in its first run (of an `IRun` or an execution). */
export function nodeOutput(run: { data?: IRun['data'] }, nodeName: string): INodeExecutionData[] {
	if (!run.data) throw new Error('no run data (read executions with includeData)');
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (!taskData)
		throw new Error(
			`node "${nodeName}" did not run: ${JSON.stringify(run.data.resultData.error ?? null)}`,
		);
	return taskData.data?.main[0] ?? [];
}

/** `n8n execute --rawOutput` logs a few lines, then the run as pretty JSON (also on failure). */
function parseRunOutput(stdout: string): IRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return undefined;
	const end = lines.indexOf('}', start);
	if (end === -1) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
}

function generateId(): string {
	return crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// An n8n instance: one throwaway user folder, CLI commands and at most one server

export class N8n {
	readonly url: string;
	readonly logFile: string;
	private server: GroupProcess | undefined;
	private serverExit: Promise<void> | undefined;
	private cookie: string | undefined;
	private apiKey: string | undefined;
	private readonly browserId = generateId();
	private fileCount = 0;
	private command: N8nCommand = 'start';

	constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		readonly port: number,
		private readonly extraEnv: Record<string, string>,
	) {
		this.url = `http://127.0.0.1:${port}`;
		this.logFile = path.join(userFolder, 'n8n.log');
	}

	/** The environment of every n8n process; the task broker port must differ per process. */
	private async env(): Promise<NodeJS.ProcessEnv> {
		const [brokerPort] = await freePorts(1);
		return {
			...process.env,
			PATH: `${path.dirname(this.install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
			// Jest sets NODE_ENV=test, under which n8n refuses to load nodes.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// Only gates installing from the registry today; its default turns false later.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...this.extraEnv,
		};
	}

	private failure(message: string): Error {
		return new Error(
			`n8n ${this.install.n8nVersion}: ${message}\n--- ${this.logFile} (tail) ---\n${readTail(this.logFile)}`,
		);
	}

	/** Runs `n8n <args>` to completion; fails on a non-zero exit unless `allowFailure`. */
	async cli(
		args: string[],
		{ allowFailure = false, timeoutMs = CLI_TIMEOUT_MS } = {},
	): Promise<RunResult> {
		const result = await run(this.install.node, [this.install.bin, ...args], {
			env: await this.env(),
			timeoutMs,
			logFile: this.logFile,
		});
		if (result.code !== 0 && !allowFailure)
			throw this.failure(`n8n ${args.join(' ')} exited with ${result.code}`);
		return result;
	}

	private writeInput(kind: string, content: unknown): string {
		const file = path.join(this.userFolder, `${kind}-${++this.fileCount}.json`);
		fs.writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** Imports credentials (plain `data`, encrypted by n8n) and returns them with their ids. */
	async importCredentials(credentials: N8nCredential[]): Promise<Array<Required<N8nCredential>>> {
		const withIds = credentials.map((credential) => ({
			...credential,
			id: credential.id ?? generateId(),
		}));
		// The input holds the secrets in plain text: not left in the user folder.
		const input = this.writeInput('credentials', withIds);
		try {
			await this.cli(['import:credentials', `--input=${input}`]);
		} finally {
			fs.rmSync(input, { force: true });
		}
		return withIds;
	}

	/** Imports a workflow (inactive) and returns its id. */
	async importWorkflow(workflow: N8nWorkflow): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/**
	 * Imports workflows (inactive) with one CLI command and returns their ids. An id that exists
	 * already is overwritten (and deactivated).
	 */
	async importWorkflows(workflows: N8nWorkflow[]): Promise<string[]> {
		const input = workflows.map((workflow) => ({
			active: false,
			settings: {},
			...workflow,
			id: workflow.id ?? generateId(),
		}));
		await this.cli(['import:workflow', `--input=${this.writeInput('workflow', input)}`]);
		return input.map((workflow) => workflow.id);
	}

	/** Runs a workflow that starts at a Manual Trigger with `n8n execute`; returns its run data. */
	async execute(workflowId: string): Promise<IRun> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
		});
		const parsed = parseRunOutput(result.stdout);
		if (!parsed)
			throw this.failure(
				`n8n execute --id=${workflowId} printed no run data (exit ${result.code})`,
			);
		return parsed;
	}

	/** Makes a workflow active for the next `start()` (both versions have `publish:workflow`). */
	async publishWorkflow(workflowId: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${workflowId}`]);
	}

	/**
	 * Starts `n8n start` and waits until it serves: `/healthz/readiness` answers 200 a moment before
	 * the REST routes exist, so `/rest/settings` must answer too.
	 */
	async start(command: N8nCommand = 'start'): Promise<string> {
		if (this.server) throw new Error('n8n is already running');
		this.command = command;
		const log = fs.openSync(this.logFile, 'a');
		this.server = spawnGroup(this.install.node, [this.install.bin, command], {
			env: await this.env(),
			stdio: ['ignore', log, log],
		});
		fs.closeSync(log);
		this.serverExit = this.server.exited;
		await this.waitUntilReady();
		return this.url;
	}

	/** Settles when the server started last exits, for whatever reason (undefined before `start()`). */
	get exited(): Promise<void> | undefined {
		return this.serverExit;
	}

	private async waitUntilReady(): Promise<void> {
		const deadline = Date.now() + START_TIMEOUT_MS;
		let exited = false;
		void this.serverExit?.then(() => (exited = true));
		while (Date.now() < deadline) {
			if (exited) throw this.failure('n8n start exited before it was ready');
			if (await this.isReady()) return;
			await sleep(250);
		}
		throw this.failure(`n8n start was not ready after ${START_TIMEOUT_MS} ms`);
	}

	private async isReady(): Promise<boolean> {
		// A worker serves only its health check (on `port`, see `N8nCommand`), a webhook processor no REST API.
		const routes =
			this.command === 'start' ? ['/healthz/readiness', '/rest/settings'] : ['/healthz/readiness'];
		for (const route of routes) {
			const response = await fetch(`${this.url}${route}`).catch(() => undefined);
			if (response?.status !== 200) return false;
		}
		return true;
	}

	/**
	 * Calls a production webhook of an active workflow (`/webhook/<path>`). Right after start the
	 * route may 404 for a moment, so 404s are retried for a while. The body is left unread.
	 */
	async webhook(webhookPath: string, init: RequestInit = {}): Promise<Response> {
		return waitFor(`webhook ${webhookPath}`, async () => {
			const response = await fetch(`${this.url}/webhook/${webhookPath}`, init);
			if (response.status !== 404) return response;
			await response.body?.cancel();
			return undefined;
		});
	}

	/** Stops the server (SIGTERM to its process group, SIGKILL after a grace period). */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		this.cookie = undefined;
		// Task runners are left in the group after n8n exits: stop() kills them too.
		await server.stop('SIGTERM', STOP_TIMEOUT_MS);
	}

	/** Stops the server and deletes the user folder. */
	async dispose(): Promise<void> {
		await this.stop();
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Requests a path of the running server with the owner's session (after `setupOwner()`). */
	private async fetchAsOwner(method: string, route: string, body?: unknown): Promise<string> {
		const response = await fetch(`${this.url}${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw this.failure(`${method} ${route} answered ${response.status}: ${text}`);
		const authCookie = response.headers
			.getSetCookie()
			.find((cookie) => cookie.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie.split(';')[0];
		return text;
	}

	/** Calls n8n's internal REST API (`/rest/...`) as the owner; returns the `data` it wraps. */
	async rest<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const text = await this.fetchAsOwner(method, `/rest${route}`, body);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** Creates the owner account (default `OWNER`) on a fresh instance and logs in as it. */
	async setupOwner(owner: N8nOwner = OWNER): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
	}

	/** Logs in as the owner again, e.g. after a restart. */
	async login(owner: N8nOwner = OWNER): Promise<void> {
		await this.rest('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	}

	/** Creates a public-API key with every scope the owner may grant; returns it. */
	async createApiKey(): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: `e2e-${generateId()}`,
			scopes,
			expiresAt: null,
		});
		this.apiKey = created.rawApiKey;
		return created.rawApiKey;
	}

	/** Calls the public API (`/api/v1/...`) with the key from `createApiKey()`; GET unless `method`. */
	async api<T = unknown>(route: string, method = 'GET', body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('call createApiKey() first');
		const response = await fetch(`${this.url}/api/v1${route}`, {
			method,
			headers: {
				'x-n8n-api-key': this.apiKey,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw this.failure(`${method} /api/v1${route} answered ${response.status}: ${text}`);
		return JSON.parse(text) as T;
	}

	/** Deactivates then activates an active workflow (public API): its triggers start over, e.g. a poll. */
	async reactivateWorkflow(workflowId: string): Promise<void> {
		await this.api(`/workflows/${workflowId}/deactivate`, 'POST');
		await this.api(`/workflows/${workflowId}/activate`, 'POST');
	}

	/** Executions with their run data, newest first. */
	async executions(workflowId?: string): Promise<N8nExecution[]> {
		const query = new URLSearchParams({ includeData: 'true', limit: '250' });
		if (workflowId) query.set('workflowId', workflowId);
		const page = await this.api<{ data: N8nExecution[] }>(`/executions?${query}`);
		return page.data;
	}

	/** Names of the node or credential types the server loaded, as the editor gets them (as owner). */
	async loadedTypes(kind: 'nodes' | 'credentials'): Promise<string[]> {
		return (await this.typeDescriptions(kind)).map((type) => type.name);
	}

	/** The type descriptions n8n serves the editor, as its loader left them. */
	async typeDescriptions(
		kind: 'nodes' | 'credentials',
	): Promise<Array<{ name: string } & Record<string, unknown>>> {
		return JSON.parse(await this.fetchAsOwner('GET', `/types/${kind}.json`)) as Array<
			{ name: string } & Record<string, unknown>
		>;
	}
}

/**
 * Installs the built package into a user folder the way n8n installs a community package: a copy of
 * `package.json` and `dist/` in `.n8n/nodes/node_modules/n8n-nodes-maiagent`, without its peer
 * dependencies, so that `n8n-workflow` resolves to the host's own copy (through the NODE_PATH n8n
 * sets). A symlink to the repo would load the repo's n8n-workflow instead.
 */
function installPackage(userFolder: string): void {
	const dist = path.join(REPO_ROOT, 'dist');
	if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` first`);
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(dist, path.join(target, 'dist'), { recursive: true });
}

/**
 * Installs n8n if needed and prepares an instance: a user folder (by default a throwaway one under
 * the OS temp dir) with this package installed, and a port (by default a free one). Call
 * `dispose()` when done, or `stop()` to keep a given `userFolder`.
 */
export async function prepareN8n(version: N8nVersion, options: PrepareOptions = {}): Promise<N8n> {
	const install = await installN8n(version);
	const kept = options.userFolder !== undefined;
	const userFolder = kept
		? path.resolve(options.userFolder!)
		: fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
	try {
		if (kept) fs.mkdirSync(userFolder, { recursive: true });
		if (options.withPackage ?? true) installPackage(userFolder);
	} catch (error) {
		if (!kept) fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	const port = options.port ?? (await freePorts(1))[0];
	return new N8n(install, userFolder, port, options.env ?? {});
}
