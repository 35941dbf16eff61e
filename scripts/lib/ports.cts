/**
 * The fixed ports of `npm start` (n8n, the sandbox, the offline chat page) and the variable that
 * moves each. A port is checked before anything starts, and again where its listener starts: another
 * program may take it in between (while n8n starts, for a minute or more). Either way the failure
 * names the variable, never a bare `listen EADDRINUSE`. The other listeners (the SMTP sink, n8n's
 * task broker, queue mode's Postgres, Redis and workers) take free ports, so they cannot collide.
 */
import net from 'node:net';

/** A listener of `npm start` on a fixed port. */
export interface FixedPort {
	port: number;
	/** What listens there, e.g. "the offline chat page". */
	what: string;
	/** The environment variable that moves it, e.g. CHAT_PORT. */
	variable: string;
}

/** A port in use: its message says what to do, so `npm start` prints it without a stack. */
export class PortInUseError extends Error {
	constructor({ port, what, variable }: FixedPort) {
		super(`port ${port} (${what}) is in use: stop what uses it or set ${variable}=<another port>`);
	}
}

/**
 * Whether `error` says that `port` was taken: a listen's EADDRINUSE on it, or n8n's log line
 * ("n8n's port 5678 is already in use") in the message of an n8n that exited while starting.
 */
export function isPortTaken(error: unknown, port: number): boolean {
	const {
		code,
		port: failed,
		message,
	} = (error ?? {}) as NodeJS.ErrnoException & { port?: number };
	if (code === 'EADDRINUSE') return failed === undefined || failed === port;
	return new RegExp(`\\bport ${port} is already in use\\b`).test(String(message ?? ''));
}

/** Fails with a PortInUseError when the port is taken now. */
export async function assertPortFree(listener: FixedPort): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error) =>
			reject(isPortTaken(error, listener.port) ? new PortInUseError(listener) : error),
		);
		server.listen(listener.port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/** Starts a listener on its fixed port: the port taken meanwhile fails with a PortInUseError. */
export async function listenOn<T>(listener: FixedPort, start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		if (isPortTaken(error, listener.port)) throw new PortInUseError(listener);
		throw error;
	}
}
