// Child processes of the tooling (n8n, the queue services, Chromium, `npm start` under the browser layer):
// each in its own process group, since n8n spawns task runners and `npm start` spawns n8n, and a
// group this process leaves behind is killed when it exits.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import type { ChildProcess, StdioOptions } from 'node:child_process';

const LOG_TAIL_LINES = 60;

export function tail(text: string, lines = LOG_TAIL_LINES): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Signals a whole process group; a gone group is fine. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/** Process groups not finished yet, killed if this process exits first. */
const runningGroups = new Set<number>();
process.on('exit', () => runningGroups.forEach((pid) => killGroup(pid, 'SIGKILL')));

/** Whether `promise` settles within `ms` (without leaving a timer behind). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	try {
		return await Promise.race([promise.then(() => true), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

export interface GroupProcess {
	child: ChildProcess;
	/** Settles when the process exits, for whatever reason. */
	exited: Promise<void>;
	/**
	 * Sends `signal` to the group (or to the leader alone with `leaderOnly`, which then stops its
	 * own children), SIGKILL to the group when it is not gone after `graceMs`, and SIGKILL to what
	 * is left of the group either way.
	 */
	stop(signal: NodeJS.Signals, graceMs: number, options?: { leaderOnly?: boolean }): Promise<void>;
}

/** Starts a command as the leader of a new process group. */
export function spawnGroup(
	command: string,
	args: string[],
	options: {
		env?: NodeJS.ProcessEnv;
		cwd?: string;
		stdio: StdioOptions;
		uid?: number;
		gid?: number;
	},
): GroupProcess {
	const child = childProcess.spawn(command, args, { ...options, detached: true });
	const pid = child.pid;
	if (pid !== undefined) runningGroups.add(pid);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async (signal: NodeJS.Signals, graceMs: number, { leaderOnly = false } = {}) => {
		// No pid: the command never started (its 'error' tells why), nothing to stop.
		if (pid === undefined) return;
		if (child.exitCode === null && child.signalCode === null) {
			if (leaderOnly) child.kill(signal);
			else killGroup(pid, signal);
			if (!(await settlesWithin(exited, graceMs))) {
				killGroup(pid, 'SIGKILL');
				await exited;
			}
		}
		killGroup(pid, 'SIGKILL');
		runningGroups.delete(pid);
	};
	return { child, exited, stop };
}

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Appends the output here as well. */
	logFile?: string;
	/** Shows stderr live, e.g. the installer's progress. */
	echoStderr?: boolean;
}

/** Runs a command to completion in its own process group; the group is killed when it overruns the timeout. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const { child } = spawnGroup(command, args, {
			env: options.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		log?.write(`\n$ ${[command, ...args].join(' ')}\n`);
		let stdout = '';
		let stderr = '';
		// Decoded as a whole stream: a character split between two pipe reads stays whole.
		child.stdout!.setEncoding('utf8');
		child.stderr!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			stdout += chunk;
			log?.write(chunk);
		});
		child.stderr!.on('data', (chunk: string) => {
			stderr += chunk;
			log?.write(chunk);
			if (options.echoStderr) process.stderr.write(chunk);
		});
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(
				new Error(
					`timed out after ${options.timeoutMs} ms: ${command} ${args.join(' ')}\n${tail(stdout + stderr)}`,
				),
			);
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			log?.end();
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			if (child.pid !== undefined) runningGroups.delete(child.pid);
			log?.end();
			resolve({ code, stdout, stderr });
		});
	});
}
