/**
 * `npm start -- --queue` keeps Postgres in `<demo folder>-queue/`, under the user's home folder.
 * As root, Postgres runs as the `postgres` user, which cannot enter root's home (mode 700): initdb
 * failed with "Permission denied". Postgres must start, answer, stop and start again with its data
 * there as root, and in a normal user's home as that user (created with useradd).
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as harness from '../../scripts/lib/n8n.cts';
import * as queue from '../../scripts/lib/queue.cts';

const SCRIPT = path.resolve(__dirname, '../../scripts/queue-services.sh');
const USER = 'maiagent-queue-test';
const TIMEOUT_MS = 15 * 60_000;
const asRoot = process.getuid?.() === 0;

function psqlPath(): string {
	const root = '/usr/lib/postgresql';
	const [version] = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
	return path.join(root, version, 'bin', 'psql');
}

/** Whether Postgres on the port lets the demo's user into its database. */
function answers(pgPort: number): boolean {
	const result = childProcess.spawnSync(
		psqlPath(),
		['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'n8n', '-d', 'n8n', '-qAt', '-c', 'SELECT 1'],
		{ encoding: 'utf8', env: { ...process.env, PGPASSWORD: 'n8n' } },
	);
	return result.stdout.trim() === '1';
}

function asUser(args: string[]): childProcess.SpawnSyncReturns<string> {
	return childProcess.spawnSync('runuser', ['-u', USER, '--', 'bash', SCRIPT, ...args], {
		encoding: 'utf8',
		timeout: TIMEOUT_MS,
	});
}

// useradd and the postgres user need root; CI and the development machine run the layer as root.
(asRoot ? describe : describe.skip)('queue services (npm start -- --queue)', () => {
	beforeAll(() => {
		const install = childProcess.spawnSync('bash', [SCRIPT, 'install'], { stdio: 'inherit' });
		expect(install.status).toBe(0);
	}, TIMEOUT_MS);

	it(
		'as root, in a folder under a home folder only root can enter',
		async () => {
			const home = fs.mkdtempSync(path.join(os.tmpdir(), 'root-home-'));
			fs.chmodSync(home, 0o700);
			const dir = path.join(home, 'demo-queue');
			try {
				for (const run of ['first', 'again with its data']) {
					const services = await queue.startServices(dir);
					try {
						expect([run, answers(services.pgPort)]).toEqual([run, true]);
					} finally {
						services.stop();
					}
					expect(answers(services.pgPort)).toBe(false);
				}
			} finally {
				const data = path.join(dir, 'pgdata');
				if (fs.existsSync(data)) fs.rmSync(fs.realpathSync(data), { recursive: true, force: true });
				fs.rmSync(home, { recursive: true, force: true });
			}
		},
		TIMEOUT_MS,
	);

	it(
		'as a normal user, in their home folder',
		async () => {
			if (childProcess.spawnSync('id', [USER]).status !== 0) {
				expect(childProcess.spawnSync('useradd', ['--create-home', USER]).status).toBe(0);
			}
			const home = childProcess
				.execFileSync('getent', ['passwd', USER], { encoding: 'utf8' })
				.split(':')[5];
			const dir = path.join(home, `demo-queue-${process.pid}`);
			const [pgPort, redisPort] = await harness.freePorts(2);
			try {
				const started = asUser(['start', dir, String(pgPort), String(redisPort)]);
				expect([started.status, started.stderr]).toEqual([
					0,
					expect.stringContaining('postgres on'),
				]);
				expect(answers(pgPort)).toBe(true);
				expect(fs.statSync(path.join(dir, 'pgdata', 'PG_VERSION')).uid).not.toBe(0);
			} finally {
				asUser(['stop', dir]);
				fs.rmSync(dir, { recursive: true, force: true });
			}
			expect(answers(pgPort)).toBe(false);
		},
		TIMEOUT_MS,
	);
});
