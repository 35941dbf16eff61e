/**
 * Headless Chromium (Debian's, installed by scripts/install-chromium.sh) driven over the Chrome
 * DevTools Protocol with undici's WebSocket: no browser download, no automation package. Used by
 * the browser test layer (test/browser) and scripts/screenshots.cts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as undici from 'undici';
import * as launcher from '../n8n.cts';
import { spawnGroup } from '../process.cts';

export const WIDTH = 1280;
export const HEIGHT = 760;
/** Waits are for a busy 2-core machine: generous, and each says what it waits for. */
export const TIMEOUT_MS = 60_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it gives something other than undefined (errors count as "not yet"). */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs = TIMEOUT_MS,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: Error | undefined;
	for (;;) {
		const value = await probe().catch((error: Error) => {
			lastError = error;
			return undefined;
		});
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`,
			);
		await sleep(150);
	}
}

export interface Browser {
	/** The DevTools HTTP endpoint, e.g. http://127.0.0.1:9222. */
	endpoint: string;
	close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile; `close()` stops it and deletes the profile. */
export async function launchChromium(): Promise<Browser> {
	const binary = process.env.CHROMIUM || 'chromium';
	const [port] = await launcher.freePorts(1);
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'maiagent-chromium-'));
	const args = [
		'--headless',
		// As root (CI) Chromium refuses to start with its sandbox; the pages are our own.
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-quic',
		'--no-first-run',
		`--user-data-dir=${profile}`,
		`--remote-debugging-port=${port}`,
		`--window-size=${WIDTH},${HEIGHT}`,
		'about:blank',
	];
	const chromium = spawnGroup(binary, args, { stdio: 'ignore' });
	let failed: Error | undefined;
	chromium.child.once('error', (error) => (failed = error));
	const close = async () => {
		await chromium.stop('SIGTERM', 5_000);
		fs.rmSync(profile, { recursive: true, force: true });
	};
	const endpoint = `http://127.0.0.1:${port}`;
	try {
		await waitFor(`Chromium (${binary}) to serve DevTools on port ${port}`, async () => {
			if (failed) return true;
			const response = await undici.fetch(`${endpoint}/json/version`);
			return response.ok ? true : undefined;
		});
		if (failed) throw failed;
	} catch (error) {
		await close();
		throw failed
			? new Error(
					`cannot start ${binary} (${failed.message}): run scripts/install-chromium.sh or set CHROMIUM`,
				)
			: error;
	}
	return { endpoint, close };
}

type Params = Record<string, unknown>;

interface Pending {
	method: string;
	resolve(result: unknown): void;
	reject(error: Error): void;
}

/** The fields of the DevTools events the page records. */
interface EventParams {
	exceptionDetails?: { exception?: { description?: string } };
	request?: { url: string };
	type?: string;
	args?: Array<{ value?: unknown; description?: string }>;
}

export interface Box {
	x: number;
	y: number;
}

/** One tab's DevTools session over a WebSocket. */
export class Page {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners = new Set<(method: string, params: Params) => void>();
	/** Uncaught errors and console errors of the page, for failure messages. */
	readonly consoleErrors: string[] = [];
	/** The URL of every request the page made, in order. */
	readonly requests: string[] = [];

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
		this.listeners.add((method, raw) => {
			const params = raw as EventParams;
			// A workflow not saved yet asks "Leave site?" (beforeunload) when a step navigates away;
			// unanswered, the dialog blocks the page and every later step. A user would leave.
			if (method === 'Page.javascriptDialogOpening')
				void this.send('Page.handleJavaScriptDialog', { accept: true }).catch(() => undefined);
			if (method === 'Runtime.exceptionThrown')
				this.consoleErrors.push(params.exceptionDetails?.exception?.description ?? 'exception');
			if (method === 'Network.requestWillBeSent' && params.request)
				this.requests.push(params.request.url);
			if (method === 'Runtime.consoleAPICalled' && params.type === 'error')
				this.consoleErrors.push(
					(params.args ?? []).map((arg) => arg.value ?? arg.description).join(' '),
				);
		});
	}

	/** Opens a new tab and connects to it. */
	static async open(browser: Browser): Promise<Page> {
		const response = await undici.fetch(`${browser.endpoint}/json/new?about:blank`, {
			method: 'PUT',
		});
		if (!response.ok) throw new Error(`${browser.endpoint}/json/new answered ${response.status}`);
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
		await page.send('Network.enable');
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
			this.pending.set(id, { method, resolve: (result) => resolve(result as T), reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	/** Settles on the next event `method` (call it before what triggers the event). */
	nextEvent(method: string, timeoutMs = TIMEOUT_MS): Promise<Params> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.listeners.delete(listener);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}`));
			}, timeoutMs);
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

	/** Waits until `expression` evaluates to something truthy; returns that value. */
	async waitUntil<T>(what: string, expression: string, timeoutMs = TIMEOUT_MS): Promise<T> {
		return waitFor(what, async () => (await this.evaluate<T>(expression)) || undefined, timeoutMs);
	}

	/** The page's visible text of the first element matching `selector` ('' when there is none). */
	text(selector: string): Promise<string> {
		return this.evaluate<string>(
			`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`,
		);
	}

	/**
	 * The center of the first visible element matching `selector` whose text contains `text` (when
	 * given), waiting for one.
	 */
	async center(selector: string, text?: string): Promise<Box> {
		// Panels slide in: an element counts once it is at the same place in two polls in a row.
		let last: Box | undefined;
		return waitFor(
			`${selector}${text === undefined ? '' : ` with the text "${text}"`} to be visible and still`,
			async () => {
				const box = await this.evaluate<Box | null>(this.boxExpression(selector, text));
				const still = box && last && box.x === last.x && box.y === last.y;
				last = box ?? undefined;
				return still ? box! : undefined;
			},
		);
	}

	private boxExpression(selector: string, text?: string): string {
		return `(() => {
				for (const element of document.querySelectorAll(${JSON.stringify(selector)})) {
					if (${JSON.stringify(text ?? null)} !== null && !element.innerText?.includes(${JSON.stringify(text ?? '')})) continue;
					let box = element.getBoundingClientRect();
					if (box.width > 0 && (box.top < 0 || box.bottom > innerHeight)) {
						element.scrollIntoView({ block: 'center' });
						box = element.getBoundingClientRect();
					}
					if (box.width > 0 && box.height > 0) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
				}
				return null;
			})()`;
	}

	async clickAt({ x, y }: Box, clickCount = 1): Promise<void> {
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
		for (let count = 1; count <= clickCount; count++) {
			const event = { x, y, button: 'left', clickCount: count };
			await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...event });
			await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...event });
		}
	}

	/** Clicks (or double-clicks) an element as a user would: a real mouse event at its center. */
	async click(
		selector: string,
		options: { text?: string; clickCount?: number } = {},
	): Promise<void> {
		await this.clickAt(await this.center(selector, options.text), options.clickCount);
	}

	/** Moves the mouse over an element (hover controls, tooltips). */
	async hover(selector: string, text?: string): Promise<void> {
		const { x, y } = await this.center(selector, text);
		await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
	}

	/** Types into the focused element, as an IME would commit the text. */
	async type(text: string): Promise<void> {
		await this.send('Input.insertText', { text });
	}

	async press(key: 'Enter' | 'Escape' | 'Tab'): Promise<void> {
		const keyCode = { Enter: 13, Escape: 27, Tab: 9 }[key];
		const event = { key, code: key, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
		await this.send('Input.dispatchKeyEvent', {
			type: 'keyDown',
			...event,
			...(key === 'Enter' ? { text: '\r' } : {}),
		});
		await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event });
	}

	/** Saves a PNG of the viewport to `file` (folders created); returns its size in bytes. */
	async screenshot(file: string): Promise<number> {
		const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
			format: 'png',
		});
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const bytes = Buffer.from(data, 'base64');
		fs.writeFileSync(file, bytes);
		return bytes.length;
	}

	close(): void {
		this.socket.close();
	}
}
