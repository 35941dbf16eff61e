/**
 * npm start's fixed ports (scripts/lib/ports.cts): a port another program takes after the start-up
 * check (while n8n starts) fails where its listener starts, naming the variable that moves it.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import * as chatPage from '../../../../scripts/chat-page.cts';
import { assertPortFree, listenOn, PortInUseError } from '../../../../scripts/lib/ports.cts';
import { startSandbox } from '../../../../sandbox/index.cts';

let other: net.Server;
let port: number;

/** Another program holding a port on 127.0.0.1. */
beforeEach(async () => {
	other = net.createServer();
	await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
	port = (other.address() as AddressInfo).port;
});
afterEach(() => new Promise<void>((resolve) => other.close(() => resolve())));

const chat = () => ({ port, what: 'the offline chat page', variable: 'CHAT_PORT' });

it('the start-up check names the variable of a taken port', async () => {
	await expect(assertPortFree(chat())).rejects.toThrow(
		`port ${port} (the offline chat page) is in use: stop what uses it or set CHAT_PORT=<another port>`,
	);
});

it('the chat page on a port taken after the check: the error names CHAT_PORT, not EADDRINUSE', async () => {
	const failure = listenOn(chat(), () =>
		chatPage.startChatPage({ port, webhookUrl: 'http://127.0.0.1:1/webhook/x/chat', title: 't' }),
	);
	await expect(failure).rejects.toBeInstanceOf(PortInUseError);
	await expect(failure).rejects.toThrow(/set CHAT_PORT=<another port>$/);
});

it('the sandbox on a taken port: the error names SANDBOX_PORT', async () => {
	await expect(
		listenOn({ port, what: 'the MaiAgent sandbox', variable: 'SANDBOX_PORT' }, () =>
			startSandbox({ port }),
		),
	).rejects.toThrow(
		`port ${port} (the MaiAgent sandbox) is in use: stop what uses it or set SANDBOX_PORT=<another port>`,
	);
});

describe('n8n exiting while it starts (the launcher quotes its log)', () => {
	const n8n = { port: 5678, what: 'n8n', variable: 'N8N_PORT' };
	const exited = (log: string) => async () => {
		throw new Error(
			`n8n 2.41.1: n8n start exited before it was ready\n--- n8n.log (tail) ---\n${log}`,
		);
	};

	it('its own port taken: the error names N8N_PORT', async () => {
		await expect(
			listenOn(
				n8n,
				exited(
					"n8n's port 5678 is already in use. Do you have another instance of n8n running already?",
				),
			),
		).rejects.toThrow(
			'port 5678 (n8n) is in use: stop what uses it or set N8N_PORT=<another port>',
		);
	});

	it('any other failure (another port, another reason) as it was', async () => {
		for (const log of ['Port 56790 is already in use (task broker)', 'Database is not ready!'])
			await expect(listenOn(n8n, exited(log))).rejects.toThrow(
				/n8n start exited before it was ready/,
			);
	});
});
