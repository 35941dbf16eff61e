/**
 * The demo's offline chat page: n8n's chat widget (the npm package `@n8n/chat`, a devDependency)
 * served from this machine and pointed at a Chat Trigger's webhook. n8n's own hosted chat page
 * loads the same widget from a CDN, so it stays blank without internet; this one does not.
 */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export interface ChatPageOptions {
	/** The Chat Trigger's webhook, e.g. http://127.0.0.1:5678/webhook/<id>/chat. */
	webhookUrl: string;
	title: string;
	port: number;
	host?: string;
}

export interface ChatPage {
	url: string;
	stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.ico': 'image/x-icon',
};

/** The widget's files (`dist/` of @n8n/chat), or why they are missing. */
function widgetDir(): string {
	try {
		return path.join(path.dirname(require.resolve('@n8n/chat/package.json')), 'dist');
	} catch {
		throw new Error('the devDependency @n8n/chat is not installed: run `npm ci`');
	}
}

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(options: ChatPageOptions): string {
	// The options n8n's hosted chat page gives the widget, for a Chat Trigger that streams.
	const config = {
		mode: 'fullscreen',
		webhookUrl: options.webhookUrl,
		showWelcomeScreen: false,
		loadPreviousSession: false,
		enableStreaming: true,
		// The widget's own default greets as "Nathan".
		initialMessages: [
			'Ask the MaiAgent assistant a question: its reply streams in as it is written.',
		],
		i18n: {
			en: {
				title: options.title,
				subtitle: 'Offline chat page of npm start (the widget is served from @n8n/chat)',
				inputPlaceholder: 'Type your question..',
			},
		},
	};
	return `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8">
		<meta name="viewport" content="width=device-width, initial-scale=1">
		<title>${options.title.replace(/[<&]/g, '')}</title>
		<link href="./widget/style.css" rel="stylesheet" />
		<style>html, body, #n8n-chat { width: 100%; height: 100%; margin: 0; }</style>
	</head>
	<body>
		<script type="module">
			import { createChat } from './widget/chat.bundle.es.js';
			createChat(${json(config)});
		</script>
	</body>
</html>
`;
}

export async function startChatPage(options: ChatPageOptions): Promise<ChatPage> {
	const dir = widgetDir();
	const html = page(options);
	const server = http.createServer((request, response) => {
		const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405, { allow: 'GET, HEAD' }).end();
			return;
		}
		if (pathname === '/') {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
			return;
		}
		// Only plain file names of the widget's folder: no traversal.
		const match = pathname.match(/^\/widget\/([\w.-]+)$/);
		const file = match && path.join(dir, match[1]);
		if (!file || !TYPES[path.extname(file)] || !fs.existsSync(file)) {
			response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		response.writeHead(200, {
			'content-type': TYPES[path.extname(file)],
			'cache-control': 'no-cache',
		});
		fs.createReadStream(file).pipe(response);
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}/`,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
