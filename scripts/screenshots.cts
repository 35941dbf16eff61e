/**
 * `npx ts-node -P tsconfig.tools.json scripts/screenshots.cts`: the README's screenshots of the n8n
 * editor (docs/screenshots/*.png), taken from a running `npm start` with headless Chromium.
 *
 * Start `npm start` first (in another terminal). This script starts Chromium itself (headless, a
 * throwaway profile, a free DevTools port) and drives it over the Chrome DevTools Protocol with
 * undici's WebSocket: it logs in as the demo owner, opens each example workflow, waits until the
 * canvas has rendered and captures it; then opens the MaiAgent node of the chat example (its
 * parameters) and the node panel's list of MaiAgent actions. Chromium is stopped at the end; on a
 * failure the page is saved to <tmp>/maiagent-screenshots-failure.png.
 *
 * Needs Chromium and a CJK font for the sandbox's assistant 客服小幫手 (Debian:
 * `apt-get install chromium fonts-wqy-microhei`).
 *
 * Environment: N8N_URL (http://127.0.0.1:<N8N_PORT or 5678>), CHROMIUM (`chromium`), CDP_URL (use
 * a Chromium already started with --remote-debugging-port, e.g. http://127.0.0.1:9222, instead of
 * starting one), N8N_EMAIL / N8N_PASSWORD (the `npm start` demo owner), SCREENSHOTS_DIR
 * (docs/screenshots).
 */
import type { AddressInfo } from 'node:net';
import childProcess = require('node:child_process');
import fs = require('node:fs');
import net = require('node:net');
import os = require('node:os');
import path = require('node:path');
import undici = require('undici');

const REPO_ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const OUT_DIR = path.resolve(
	process.env.SCREENSHOTS_DIR || path.join(REPO_ROOT, 'docs/screenshots'),
);
const N8N_URL = (process.env.N8N_URL || `http://127.0.0.1:${process.env.N8N_PORT || 5678}`).replace(
	/\/+$/,
	'',
);
/** The owner `npm start` creates (scripts/start.cts, DEMO_OWNER). */
const EMAIL = process.env.N8N_EMAIL || 'demo@example.com';
const PASSWORD = process.env.N8N_PASSWORD || 'MaiAgent-Demo-1';
/** The browser's viewport: small enough that the canvas is not mostly empty. */
const WIDTH = 1280;
const HEIGHT = 760;
const TIMEOUT_MS = 30_000;

/** The example workflows, by file, and the screenshot of each. */
const WORKFLOW_SHOTS = [
	{ example: 'chat-with-streaming-replies.json', file: 'chat-workflow.png' },
	{ example: 'daily-excel-export-by-email.json', file: 'excel-email-workflow.png' },
	{ example: 'new-message-automation.json', file: 'trigger-workflow.png' },
	{ example: 'ai-agent-with-maiagent-tool.json', file: 'ai-agent-workflow.png' },
];
const CHAT_EXAMPLE = 'chat-with-streaming-replies.json';
/** The MaiAgent node of the chat example, whose parameters are captured. */
const CHAT_NODE = 'Ask MaiAgent';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(text: string): void {
	console.log(`[screenshots] ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Chromium

interface Browser {
	/** The DevTools HTTP endpoint, e.g. http://127.0.0.1:9222. */
	endpoint: string;
	close(): Promise<void>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + TIMEOUT_MS;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}`);
		await sleep(200);
	}
}

/** Starts headless Chromium with a throwaway profile; `close()` stops it and deletes the profile. */
async function launchChromium(): Promise<Browser> {
	const binary = process.env.CHROMIUM || 'chromium';
	const port = await freePort();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'maiagent-screenshots-'));
	const args = [
		'--headless',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		`--user-data-dir=${profile}`,
		`--remote-debugging-port=${port}`,
		`--window-size=${WIDTH},${HEIGHT}`,
		// Chromium refuses to run as root with its sandbox.
		...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
		'about:blank',
	];
	const child = childProcess.spawn(binary, args, { detached: true, stdio: 'ignore' });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let failed: Error | undefined;
	child.once('error', (error) => (failed = error));
	const close = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {
				// Gone already.
			}
			await Promise.race([exited, sleep(5_000)]);
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// Gone.
			}
		}
		fs.rmSync(profile, { recursive: true, force: true });
	};
	const endpoint = `http://127.0.0.1:${port}`;
	try {
		await waitFor(`Chromium (${binary}) on port ${port}`, async () => {
			if (failed) throw failed;
			const response = await undici.fetch(`${endpoint}/json/version`);
			return response.ok ? true : undefined;
		});
	} catch (error) {
		await close();
		throw failed
			? new Error(`cannot start ${binary} (${failed.message}): install it or set CHROMIUM`)
			: error;
	}
	return { endpoint, close };
}

// ---------------------------------------------------------------------------------------------
// Chrome DevTools Protocol

type Params = Record<string, unknown>;

interface Pending {
	method: string;
	resolve(result: any): void;
	reject(error: Error): void;
}

/** One page's DevTools session over a WebSocket. */
class Page {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners = new Set<(method: string, params: Params) => void>();

	private constructor(private readonly socket: undici.WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				method?: string;
				params?: Params;
				result?: unknown;
				error?: { message: string };
			};
			if (message.id !== undefined) {
				const call = this.pending.get(message.id);
				if (!call) return;
				this.pending.delete(message.id);
				if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
				else call.resolve(message.result);
			} else if (message.method) {
				this.listeners.forEach((listener) => listener(message.method!, message.params ?? {}));
			}
		});
		socket.addEventListener('close', () => {
			this.pending.forEach((call) => call.reject(new Error(`${call.method}: connection closed`)));
			this.pending.clear();
		});
	}

	/** Opens a new tab of the browser and connects to it. */
	static async open(endpoint: string): Promise<Page> {
		const response = await undici.fetch(`${endpoint}/json/new?about:blank`, { method: 'PUT' });
		if (!response.ok) throw new Error(`${endpoint}/json/new answered ${response.status}`);
		const target = (await response.json()) as { webSocketDebuggerUrl: string };
		const socket = new undici.WebSocket(target.webSocketDebuggerUrl);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error('DevTools connection failed')), {
				once: true,
			});
		});
		const page = new Page(socket);
		await page.send('Page.enable');
		await page.send('Runtime.enable');
		await page.resize(WIDTH, HEIGHT);
		return page;
	}

	async resize(width: number, height: number): Promise<void> {
		await this.send('Emulation.setDeviceMetricsOverride', {
			width,
			height,
			deviceScaleFactor: 1,
			mobile: false,
		});
	}

	send<T = Params>(method: string, params: Params = {}): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { method, resolve, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	/** Settles on the next event `method` (call before what triggers it). */
	nextEvent(method: string): Promise<Params> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.listeners.delete(listener);
				reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${method}`));
			}, TIMEOUT_MS);
			const listener = (name: string, params: Params) => {
				if (name !== method) return;
				clearTimeout(timer);
				this.listeners.delete(listener);
				resolve(params);
			};
			this.listeners.add(listener);
		});
	}

	async navigate(url: string): Promise<void> {
		const loaded = this.nextEvent('Page.loadEventFired');
		const result = await this.send<{ errorText?: string }>('Page.navigate', { url });
		if (result.errorText) throw new Error(`cannot open ${url}: ${result.errorText}`);
		await loaded;
	}

	/** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
	async evaluate<T = unknown>(expression: string): Promise<T> {
		const result = await this.send<{
			result: { value?: T };
			exceptionDetails?: { text: string; exception?: { description?: string } };
		}>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
		if (result.exceptionDetails) {
			const details = result.exceptionDetails;
			throw new Error(`in the page: ${details.exception?.description ?? details.text}`);
		}
		return result.result.value as T;
	}

	/** Waits until `expression` evaluates to something truthy (not null/undefined/false/0/''). */
	async waitUntil<T>(what: string, expression: string): Promise<T> {
		return waitFor(what, async () => (await this.evaluate<T>(expression)) || undefined);
	}

	/** The center of the first element matching `selector`, waiting for it to be visible. */
	center(selector: string): Promise<{ x: number; y: number }> {
		return this.waitUntil(
			`${selector} to be visible`,
			`(() => {
				const element = document.querySelector(${JSON.stringify(selector)});
				const box = element?.getBoundingClientRect();
				return box && box.width > 0 && box.height > 0
					? { x: box.x + box.width / 2, y: box.y + box.height / 2 }
					: null;
			})()`,
		);
	}

	/** Clicks (or double-clicks) the first element matching `selector` as a user would. */
	async click(selector: string, clickCount = 1): Promise<void> {
		const { x, y } = await this.center(selector);
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
		for (let count = 1; count <= clickCount; count++) {
			const event = { x, y, button: 'left', clickCount: count };
			await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...event });
			await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...event });
		}
	}

	async type(text: string): Promise<void> {
		await this.send('Input.insertText', { text });
	}

	async press(key: string, code = key, keyCode = 0): Promise<void> {
		const event = { key, code, windowsVirtualKeyCode: keyCode };
		await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event });
		await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event });
	}

	async screenshot(file: string): Promise<void> {
		const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
			format: 'png',
		});
		const target = path.resolve(OUT_DIR, file);
		fs.writeFileSync(target, Buffer.from(data, 'base64'));
		log(`${path.relative(REPO_ROOT, target)} (${Math.round(fs.statSync(target).size / 1024)} KB)`);
	}

	close(): void {
		this.socket.close();
	}
}

// ---------------------------------------------------------------------------------------------
// n8n

/**
 * Logs in from the page itself, so that the browser keeps the `n8n-auth` cookie: n8n binds the
 * session to the `browser-id` header, which the editor sends from localStorage (`n8n-browserId`).
 */
async function login(page: Page): Promise<void> {
	await page.navigate(`${N8N_URL}/signin`);
	const status = await page.evaluate<number>(`(async () => {
		let browserId = localStorage.getItem('n8n-browserId');
		if (!browserId) {
			browserId = crypto.randomUUID();
			localStorage.setItem('n8n-browserId', browserId);
		}
		const response = await fetch('/rest/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify(${JSON.stringify({ emailOrLdapLoginId: EMAIL, password: PASSWORD })}),
		});
		return response.status;
	})()`);
	if (status !== 200)
		throw new Error(
			`logging in to ${N8N_URL} as ${EMAIL} answered ${status} (is npm start running?)`,
		);
}

/** The workflows of the instance by name (as the owner, from the page). */
async function workflowIds(page: Page): Promise<Map<string, string>> {
	const workflows = await page.evaluate<Array<{ id: string; name: string }>>(`(async () => {
		const response = await fetch('/rest/workflows', {
			headers: { 'browser-id': localStorage.getItem('n8n-browserId') },
		});
		if (!response.ok) throw new Error('GET /rest/workflows answered ' + response.status);
		return (await response.json()).data.map(({ id, name }) => ({ id, name }));
	})()`);
	return new Map(workflows.map(({ id, name }) => [name, id]));
}

function readExample(file: string): { name: string; nodes: Array<{ name: string }> } {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** Opens a workflow and waits until every node is on the canvas and the view has settled. */
async function openWorkflow(page: Page, id: string, nodeCount: number): Promise<void> {
	await page.navigate(`${N8N_URL}/workflow/${id}`);
	await page.waitUntil(
		`the ${nodeCount} nodes of workflow ${id}`,
		`document.querySelectorAll('.vue-flow__node').length >= ${nodeCount} &&
			[...document.querySelectorAll('.vue-flow__node')].every((node) => node.getBoundingClientRect().width > 0)`,
	);
	// The canvas fits the view with an animation; icons load lazily.
	await sleep(1_500);
	// A published workflow opens its "Production Checklist" popover the first time it is shown.
	await page.press('Escape', 'Escape', 27);
	await sleep(300);
}

/** The MaiAgent node's parameters: double-click it on the canvas of the chat example. */
async function captureParameters(page: Page, workflowId: string, nodeCount: number): Promise<void> {
	// A bit taller than the canvas shots, so that the parameters fit without a scroll bar.
	await page.resize(WIDTH, HEIGHT + 60);
	await openWorkflow(page, workflowId, nodeCount);
	await page.click(`.vue-flow__node [data-node-name=${JSON.stringify(CHAT_NODE)}]`, 2);
	await page.waitUntil('the node details', `document.querySelector('[data-test-id="ndv"]')`);
	// Off the panel, so that no field shows its hover controls.
	await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: WIDTH / 2, y: 5 });
	await sleep(1_000);
	await page.screenshot('send-message-parameters.png');
	await page.resize(WIDTH, HEIGHT);
}

/** The node panel's list of MaiAgent actions: + > search "MaiAgent" > the MaiAgent node. */
async function captureActions(page: Page, workflowId: string, nodeCount: number): Promise<void> {
	await openWorkflow(page, workflowId, nodeCount);
	await page.click('[data-test-id="node-creator-plus-button"]');
	await page.waitUntil('the node panel', `document.querySelector('[data-test-id="node-creator"]')`);
	await sleep(500);
	// The search field has the focus.
	await page.type('MaiAgent');
	// The results: MaiAgent (the node with its trigger), then MaiAgent Tool.
	await page.click('[data-keyboard-nav-id^="n8n-nodes-maiagent.maiAgent-"]');
	await page.waitUntil(
		'the MaiAgent actions',
		`document.querySelector('[data-test-id="node-creator"]')?.innerText.includes('Actions (')`,
	);
	await sleep(800);
	// Tall enough to show the whole list without scrolling.
	const hidden = await page.evaluate<number>(`Math.max(0,
		...[...document.querySelectorAll('[data-test-id="node-creator"] *')]
			.filter((element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowY))
			.map((element) => element.scrollHeight - element.clientHeight))`);
	await page.resize(WIDTH, HEIGHT + hidden + 16);
	await sleep(500);
	await page.screenshot('maiagent-actions.png');
	await page.resize(WIDTH, HEIGHT);
}

async function main(): Promise<void> {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const browser: Browser = process.env.CDP_URL
		? { endpoint: process.env.CDP_URL.replace(/\/+$/, ''), close: async () => {} }
		: await launchChromium();
	let page: Page | undefined;
	try {
		page = await Page.open(browser.endpoint);
		await login(page);
		const ids = await workflowIds(page);

		for (const shot of WORKFLOW_SHOTS) {
			const example = readExample(shot.example);
			const id = ids.get(example.name);
			if (!id) throw new Error(`no workflow "${example.name}" in n8n (started by npm start?)`);
			await openWorkflow(page, id, example.nodes.length);
			await page.screenshot(shot.file);
		}

		const chat = readExample(CHAT_EXAMPLE);
		const chatId = ids.get(chat.name)!;
		await captureParameters(page, chatId, chat.nodes.length);
		await captureActions(page, chatId, chat.nodes.length);
	} catch (error) {
		// What the page showed when it failed.
		const failure = path.join(os.tmpdir(), 'maiagent-screenshots-failure.png');
		await page?.screenshot(failure).catch(() => undefined);
		throw error;
	} finally {
		page?.close();
		await browser.close();
	}
}

main().catch((error: Error) => {
	console.error(`[screenshots] failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
