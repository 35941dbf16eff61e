/**
 * Runs `npm start` (scripts/start.cts) as a user does, on free ports with a throwaway n8n user
 * folder, and reads what it prints: the editor, the offline chat page, the sandbox and the example
 * workflows. The browser layer and scripts/screenshots.cts then work only through those URLs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as launcher from '../n8n.cts';
import { spawnGroup } from '../process.cts';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Building is `npm test`'s first step; the first start on a busy machine may take minutes. */
const READY_TIMEOUT_MS = 6 * 60_000;

export interface Demo {
	editorUrl: string;
	chatPageUrl: string;
	sandboxUrl: string;
	sandboxKey: string;
	/** The owner account the banner's Login line names. */
	owner: { email: string; password: string };
	/** Workflow id by name, from the banner's list. */
	workflows: Map<string, string>;
	/** Everything `npm start` printed so far. */
	output(): string;
	stop(): Promise<void>;
}

function field(banner: string, label: string): string {
	const match = banner.match(new RegExp(`^  ${label} +(\\S+)`, 'm'));
	if (!match) throw new Error(`npm start printed no "${label}" line:\n${banner}`);
	return match[1];
}

export interface DemoOptions {
	/** The sandbox's pause between streamed deltas (default: npm start's). */
	deltaDelayMs?: number;
	/** `npm start -- --queue`: the demo on a queue-mode cluster. */
	queue?: boolean;
	/** N8N_DEMO_FOLDER; default: a throwaway folder, deleted on stop. */
	folder?: string;
	/** Run as this user (the caller being root), with their home folder and extra environment. */
	user?: { uid: number; gid: number; home: string; env?: Record<string, string> };
}

/** Starts `npm start` on free ports and waits for its whole banner. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	const { deltaDelayMs, queue = false, user } = options;
	const folder = options.folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'maiagent-browser-demo-'));
	const [n8nPort, sandboxPort, chatPort] = await launcher.freePorts(3);
	const env = {
		...process.env,
		...(user && { HOME: user.home, USER: undefined, LOGNAME: undefined, ...user.env }),
		N8N_PORT: String(n8nPort),
		SANDBOX_PORT: String(sandboxPort),
		CHAT_PORT: String(chatPort),
		...(deltaDelayMs !== undefined && { SANDBOX_DELTA_DELAY_MS: String(deltaDelayMs) }),
		N8N_DEMO_FOLDER: folder,
		NO_COLOR: '1',
	};
	const demo = spawnGroup(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin.js'),
			'-P',
			'tsconfig.tools.json',
			'--transpile-only',
			'scripts/start.cts',
			'--skip-build',
			...(queue ? ['--queue'] : []),
		],
		{ cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], uid: user?.uid, gid: user?.gid },
	);
	const { child, exited } = demo;
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

	const stop = async () => {
		// Ctrl-C: start.cts stops n8n, the sandbox, the SMTP sink and the chat page.
		await demo.stop('SIGINT', 60_000, { leaderOnly: true });
		if (!options.folder) fs.rmSync(folder, { recursive: true, force: true });
	};

	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`npm start was not ready after ${READY_TIMEOUT_MS} ms`)),
				READY_TIMEOUT_MS,
			);
			const check = () => {
				// In queue mode the cluster's lines follow the banner.
				const end = queue ? /Each execution runs on a worker/ : /Ctrl-C stops everything/;
				if (end.test(output)) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout!.on('data', check);
			void exited.then(() => {
				clearTimeout(timer);
				reject(new Error(`npm start exited (${child.exitCode ?? child.signalCode})`));
			});
		});
	} catch (error) {
		await stop();
		throw new Error(`${(error as Error).message}; it printed:\n${output}`);
	}

	const [email, password] = output.match(/^ {2}Login +(\S+) \/ (\S+)/m)?.slice(1) ?? [];
	const [key] = output.match(/^ {2}Sandbox +\S+ +key (\S+)/m)?.slice(1) ?? [];
	const workflows = new Map(
		[...output.matchAll(/^ {4}\S.*? (MaiAgent: .+?) +(http\S+\/workflow\/(\w+))$/gm)].map(
			(match) => [match[1], match[3]],
		),
	);
	return {
		editorUrl: field(output, 'Editor'),
		chatPageUrl: field(output, 'Chat'),
		sandboxUrl: field(output, 'Sandbox'),
		sandboxKey: key,
		owner: { email, password },
		workflows,
		output: () => output,
		stop,
	};
}
