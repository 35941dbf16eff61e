// An n8n queue-mode cluster on this machine: Postgres and Redis from scripts/queue-services.sh in a
// throwaway folder, a main process (`n8n start`: editor, triggers, webhooks), `n8n worker`
// processes and optionally an `n8n webhook` processor, each with its own user folder and this
// package, as on separate machines (see docs of queue mode in README "Scaling out").
import type { N8n, N8nVersion } from './n8n.cts';
import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as launcher from './n8n.cts';
import { run } from './process.cts';

const SERVICES_SCRIPT = path.resolve(__dirname, '../queue-services.sh');
/** Installing Postgres/Redis from apt on a clean machine takes a while. */
const SERVICES_TIMEOUT_MS = 15 * 60_000;

export interface QueueServices {
	dir: string;
	pgPort: number;
	redisPort: number;
	stop(): void;
}

/** Starts Postgres and Redis (installing them first when missing) in a fresh folder. */
export async function startServices(dir?: string): Promise<QueueServices> {
	const folder = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-services-'));
	const [pgPort, redisPort] = await launcher.freePorts(2);
	const result = await run(SERVICES_SCRIPT, ['start', folder, String(pgPort), String(redisPort)], {
		timeoutMs: SERVICES_TIMEOUT_MS,
	});
	if (result.code !== 0)
		throw new Error(`${SERVICES_SCRIPT} start failed (exit ${result.code}):\n${result.stderr}`);
	const stop = () => {
		childProcess.spawnSync(SERVICES_SCRIPT, ['stop', folder], { stdio: 'ignore' });
		if (!dir) fs.rmSync(folder, { recursive: true, force: true });
	};
	return { dir: folder, pgPort, redisPort, stop };
}

/** The environment every process of the cluster shares (same database, Redis, encryption key). */
export function queueEnv(services: QueueServices, version: N8nVersion): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(services.pgPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: 'n8n',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(services.redisPort),
		// Lets a Set node record which process ran it ($env.N8N_PROCESS_NAME).
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		// n8n pings Postgres every 2 s and, after a ping slower than 5 s (a busy machine), answers
		// every request with 503 "Database is not ready!" until the next one succeeds.
		...(version === 'old' ? { N8N_DB_PING_TIMEOUT: '60000' } : { DB_PING_TIMEOUT_MS: '60000' }),
	};
}

/** Workers of a cluster when `workers` is not given (the queue layer's and `npm start -- --queue`'s). */
export const DEFAULT_WORKERS = 2;

export interface ClusterOptions {
	workers?: number;
	webhookProcessor?: boolean;
	env?: Record<string, string>;
	/**
	 * A folder to keep between runs (`services/`, `main/`, `worker-N/`, `webhook/`; call `stop()`,
	 * not `dispose()`). Default: throwaway folders under the OS temp dir.
	 */
	folder?: string;
	/** Main's port (default: a free one). */
	mainPort?: number;
	/** The webhook processor's port (default: a free one). */
	webhookPort?: number;
}

export type ProcessName = 'main' | 'webhook' | `worker-${number}`;

/**
 * A queue-mode cluster. `prepare()` gives the processes (nothing running) so that credentials
 * and workflows can be imported before `start()`; main starts first (it migrates the database).
 */
export class QueueCluster {
	private constructor(
		readonly version: N8nVersion,
		readonly services: QueueServices,
		readonly main: N8n,
		readonly workers: N8n[],
		readonly webhook: N8n | undefined,
	) {}

	static async prepare(version: N8nVersion, options: ClusterOptions = {}): Promise<QueueCluster> {
		const kept = (name: string) =>
			options.folder === undefined ? undefined : path.join(options.folder, name);
		const services = await startServices(kept('services'));
		try {
			const common = { ...queueEnv(services, version), ...options.env };
			const main = await launcher.prepareN8n(version, {
				env: { ...common, N8N_PROCESS_NAME: 'main' },
				port: options.mainPort,
				userFolder: kept('main'),
			});
			const workers: N8n[] = [];
			for (let i = 1; i <= (options.workers ?? DEFAULT_WORKERS); i++) {
				const [port] = await launcher.freePorts(1);
				workers.push(
					await launcher.prepareN8n(version, {
						port,
						userFolder: kept(`worker-${i}`),
						env: {
							...common,
							N8N_PROCESS_NAME: `worker-${i}`,
							QUEUE_HEALTH_CHECK_ACTIVE: 'true',
							QUEUE_HEALTH_CHECK_PORT: String(port),
							N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						},
					}),
				);
			}
			const webhook = options.webhookProcessor
				? await launcher.prepareN8n(version, {
						env: { ...common, N8N_PROCESS_NAME: 'webhook' },
						port: options.webhookPort,
						userFolder: kept('webhook'),
					})
				: undefined;
			return new QueueCluster(version, services, main, workers, webhook);
		} catch (error) {
			services.stop();
			throw error;
		}
	}

	/** Main (then owner account and API key), then the workers and the webhook processor. */
	async start(): Promise<void> {
		await this.main.start('start');
		await this.main.setupOwner();
		await this.main.createApiKey();
		await this.startProcessors();
	}

	/** The workers and the webhook processor at once (after main: it migrates the database). */
	async startProcessors(): Promise<void> {
		await Promise.all([
			...this.workers.map((worker) => worker.start('worker')),
			this.webhook?.start('webhook'),
		]);
	}

	/** Stops every process and the services, keeping the folders. */
	async stop(): Promise<void> {
		await Promise.all([...this.workers.map((worker) => worker.stop()), this.webhook?.stop()]);
		await this.main.stop();
		this.services.stop();
	}

	async restartMain(): Promise<void> {
		await this.main.stop();
		await this.main.start('start');
		await this.main.login();
	}

	/** Index of a worker (0-based). */
	async stopWorker(index: number): Promise<void> {
		await this.workers[index].stop();
	}

	async startWorker(index: number): Promise<void> {
		await this.workers[index].start('worker');
	}

	/** Which process ran each execution id, from the workers' `Worker started execution N` lines. */
	ranBy(): Map<string, ProcessName> {
		const map = new Map<string, ProcessName>();
		this.workers.forEach((worker, i) => {
			const log = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
			for (const match of log.matchAll(/Worker started execution (\d+)/g))
				map.set(match[1], `worker-${i + 1}`);
		});
		return map;
	}

	/** Execution ids the process enqueued (`Enqueued execution N`): main or the webhook processor. */
	enqueuedBy(process: N8n): string[] {
		const log = fs.existsSync(process.logFile) ? fs.readFileSync(process.logFile, 'utf8') : '';
		return [...log.matchAll(/Enqueued execution (\d+)/g)].map((match) => match[1]);
	}

	/** The last lines of every process's log, for failure messages. */
	logTails(lines = 25): string {
		const named: Array<[string, N8n | undefined]> = [
			['main', this.main],
			...this.workers.map((worker, i): [string, N8n] => [`worker-${i + 1}`, worker]),
			['webhook', this.webhook],
		];
		return named
			.filter((entry): entry is [string, N8n] => entry[1] !== undefined)
			.map(([name, process]) => {
				const log = fs.existsSync(process.logFile) ? fs.readFileSync(process.logFile, 'utf8') : '';
				return `--- ${name} (${process.logFile}) ---\n${log.trimEnd().split('\n').slice(-lines).join('\n')}`;
			})
			.join('\n');
	}

	async dispose(): Promise<void> {
		await Promise.all([...this.workers.map((worker) => worker.dispose()), this.webhook?.dispose()]);
		await this.main.dispose();
		this.services.stop();
	}
}
