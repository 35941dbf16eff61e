/**
 * `npm start -- --queue` as users run it: as root (the demo's Postgres data under root's home, which
 * the postgres user cannot enter: initdb failed there before) and as a normal user with the demo in
 * their home folder. Each start prints its banner, answers a chat through the queue (a worker runs
 * it) and stops everything on Ctrl-C.
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Demo } from '../../scripts/lib/browser/demo.cts';
import { startDemo } from '../../scripts/lib/browser/demo.cts';
import { cacheDir } from '../../scripts/lib/demo-env.cts';

const USER = 'maiagent-queue-test';
const TIMEOUT_MS = 15 * 60_000;
const REPO_ROOT = path.resolve(__dirname, '../..');
const CACHE_DIR = cacheDir();
const asRoot = process.getuid?.() === 0;

/** Whether something accepts connections on the port. */
const listening = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => resolve(socket.end() && true));
		socket.once('error', () => resolve(false));
	});

/** The reply of the chat example's webhook, as its streamed `item` lines give it. */
async function chat(demo: Demo): Promise<string> {
	const url = demo.output().match(/curl -N (http\S+\/chat) /)?.[1];
	if (!url) throw new Error(`the banner has no chat curl line:\n${demo.output()}`);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			action: 'sendMessage',
			sessionId: 'queue',
			chatInput: '退貨要怎麼辦？',
		}),
	});
	const lines = (await response.text()).split('\n').filter(Boolean);
	return lines
		.map((line) => JSON.parse(line) as { type: string; content?: string })
		.filter((line) => line.type === 'item')
		.map((line) => line.content)
		.join('');
}

/** The ports of the banner's queue block: Postgres, Redis, the workers and the webhook processor. */
const queuePorts = (demo: Demo) =>
	[
		...demo.output().matchAll(/^ {2}(?:Postgres|Redis|Worker \d|Webhooks) .*?127\.0\.0\.1:(\d+)/gm),
	].map((match) => Number(match[1]));

/** What the demo's workers logged (`<demo folder>-queue/worker-N/n8n.log`). */
function workerLogs(folder: string): string {
	const queue = `${folder}-queue`;
	return fs
		.readdirSync(queue)
		.filter((name) => name.startsWith('worker-'))
		.map((name) => fs.readFileSync(path.join(queue, name, 'n8n.log'), 'utf8'))
		.join('\n');
}

/** Lets `uid` walk into `folder` (o+x on each ancestor that lacks it); undone by the returned function. */
function traversable(folder: string): () => void {
	const changed: Array<[string, number]> = [];
	for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const mode = fs.statSync(dir).mode & 0o7777;
		if (!(mode & 0o001)) {
			fs.chmodSync(dir, mode | 0o001);
			changed.push([dir, mode]);
		}
	}
	return () => changed.forEach(([dir, mode]) => fs.chmodSync(dir, mode));
}

/** The banner, a chat answered by a worker; the cluster's ports, to check once stopped. */
async function expectQueueDemoWorks(demo: Demo, folder: string): Promise<number[]> {
	const ports = queuePorts(demo);
	expect(ports).toHaveLength(5);
	expect(await chat(demo)).toContain('退貨');
	expect(workerLogs(folder)).toMatch(/Worker started execution/);
	return ports;
}

// useradd, postgres as its own user and chmod on root's folders need root; CI runs as root.
(asRoot ? describe : describe.skip)('npm start -- --queue', () => {
	it(
		'as root, with the demo under a home folder only root can enter, twice (the second on its data)',
		async () => {
			const rootHome = fs.mkdtempSync(path.join(os.tmpdir(), 'root-home-'));
			fs.chmodSync(rootHome, 0o700);
			const folder = path.join(rootHome, 'demo');
			try {
				for (const run of ['first', 'again']) {
					const demo = await startDemo({ queue: true, folder });
					let ports: number[] = [];
					try {
						ports = await expectQueueDemoWorks(demo, folder);
					} finally {
						await demo.stop();
					}
					for (const port of ports)
						expect([run, port, await listening(port)]).toEqual([run, port, false]);
				}
			} finally {
				// As root, Postgres' data lives where the postgres user can enter; the demo links it.
				const data = path.join(`${folder}-queue`, 'services', 'pgdata');
				if (fs.existsSync(data)) fs.rmSync(fs.realpathSync(data), { recursive: true, force: true });
				fs.rmSync(rootHome, { recursive: true, force: true });
			}
		},
		TIMEOUT_MS,
	);

	it(
		'as a normal user, with the demo in their home folder',
		async () => {
			if (childProcess.spawnSync('id', [USER]).status !== 0)
				expect(childProcess.spawnSync('useradd', ['--create-home', USER]).status).toBe(0);
			const uid = Number(childProcess.execFileSync('id', ['-u', USER], { encoding: 'utf8' }));
			const gid = Number(childProcess.execFileSync('id', ['-g', USER], { encoding: 'utf8' }));
			const home = childProcess
				.execFileSync('bash', ['-c', `echo ~${USER}`], { encoding: 'utf8' })
				.trim();
			// The user runs this checkout and the n8n already installed for root, as a user runs
			// their own: both must be reachable through root's folders.
			const undo = [traversable(REPO_ROOT), traversable(CACHE_DIR)];
			const folder = path.join(home, `demo-${process.pid}`);
			try {
				const demo = await startDemo({
					queue: true,
					folder,
					user: { uid, gid, home, env: { N8N_CACHE_DIR: CACHE_DIR } },
				});
				try {
					await expectQueueDemoWorks(demo, folder);
				} finally {
					await demo.stop();
				}
				// Nothing of the user's is left running (a zombie is gone, only not yet reaped).
				const left = childProcess
					.spawnSync('ps', ['-u', USER, '-o', 'stat=,args='], { encoding: 'utf8' })
					.stdout.split('\n')
					.filter((line) => line.trim() && !line.trim().startsWith('Z'));
				expect(left).toEqual([]);
			} finally {
				undo.forEach((restore) => restore());
				fs.rmSync(folder, { recursive: true, force: true });
				fs.rmSync(`${folder}-queue`, { recursive: true, force: true });
			}
		},
		TIMEOUT_MS,
	);
});
