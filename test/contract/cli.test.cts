/**
 * `npm run sandbox`: two lines on stdout, the base URL with the trailing slash of MaiAgent's
 * `.env.example`, so the examples' `f'{BASE_URL}contacts/'` reaches the API.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as undici from 'undici';

let child: ChildProcess | undefined;

afterEach(async () => {
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolve) => child!.once('exit', resolve));
	// npm does not pass SIGTERM on to the sandbox: end the whole process group.
	process.kill(-child.pid!, 'SIGTERM');
	await exited;
});

/** The first two stdout lines of `npm run --silent sandbox -- --port 0`. */
function start(): Promise<string[]> {
	child = spawn('npm', ['run', '--silent', 'sandbox', '--', '--port', '0'], {
		cwd: `${__dirname}/../..`,
		detached: true,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let out = '';
		child!.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			const lines = out.split('\n');
			if (lines.length > 2) resolve(lines.slice(0, 2));
		});
		child!.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
	});
}

// Starting ts-node takes seconds on a busy machine: a hang guard, not a speed check.
const HANG_GUARD_MS = 60_000;

describe('npm run sandbox', () => {
	it(
		'prints MAIAGENT_BASE_URL with a trailing slash and MAIAGENT_API_KEY',
		async () => {
			const [base, key] = await start();
			expect(base).toMatch(/^MAIAGENT_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/api\/v1\/$/);
			expect(key).toBe('MAIAGENT_API_KEY=maiagent-sandbox-key');
			const baseUrl = base.slice('MAIAGENT_BASE_URL='.length);
			const reply = await undici.request(`${baseUrl}contacts/`, {
				headers: { authorization: `Api-Key ${key.slice('MAIAGENT_API_KEY='.length)}` },
			});
			expect(reply.statusCode).toBe(200);
			expect(((await reply.body.json()) as { count: number }).count).toBeGreaterThan(0);
		},
		HANG_GUARD_MS,
	);
});
