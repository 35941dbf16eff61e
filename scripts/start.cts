/**
 * `npm start [-- --fresh] [--queue]`: the whole package running in real n8n, for a newcomer
 * (`--queue`: on a local queue-mode cluster, see start-queue.cts).
 *
 * Builds the package, starts the MaiAgent sandbox (or uses real MaiAgent when MAIAGENT_API_KEY is
 * set), an SMTP sink, and n8n 2.41.1 (installed into the cache on first use) with the package,
 * its credentials and the example workflows; creates the owner account and prints how to use it.
 * Ctrl-C (SIGINT/SIGTERM) stops what it started: n8n (or the queue-mode cluster), the sandbox, the
 * sink and the chat page; the banner names them. See "Quick start" in README.md.
 *
 * Environment (defaults in lib/demo-env.cts): N8N_PORT, SANDBOX_PORT, CHAT_PORT,
 * SANDBOX_DELTA_DELAY_MS, MAIAGENT_API_KEY, MAIAGENT_BASE_URL, MAIAGENT_CHATBOT_ID,
 * N8N_DEMO_FOLDER (<cache>/demo), N8N_CACHE_DIR / XDG_CACHE_HOME (the cache of scripts/install-n8n.sh).
 */
import type { N8n, N8nCredential, N8nOwner, N8nWorkflow } from './lib/n8n.cts';
import type { Sandbox } from '../sandbox/index.cts';
import type { ReceivedMail, SmtpSink } from './smtp-sink.cts';
import type { FixedPort } from './lib/ports.cts';
import childProcess from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { cacheDir, DEMO_ENV_DEFAULTS } from './lib/demo-env.cts';
import * as launcher from './lib/n8n.cts';
import { uploadKnowledgeFile } from './lib/knowledge-upload.cts';
import { DEFAULT_WORKERS } from './lib/queue.cts';
import * as sandboxModule from '../sandbox/index.cts';
import * as smtpSink from './smtp-sink.cts';
import { assertPortFree, listenOn, PortInUseError } from './lib/ports.cts';
import * as chatPage from './chat-page.cts';
import * as startQueue from './start-queue.cts';

const REPO_ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const DEFAULT_BASE_URL = DEMO_ENV_DEFAULTS.MAIAGENT_BASE_URL;
const MAIAGENT_CREDENTIAL = { id: 'maiagentSandbox01', name: 'MaiAgent (sandbox)' };
const SMTP_CREDENTIAL = { id: 'smtpSandbox00001', name: 'SMTP (local sink)' };
const CHAT_EXAMPLE = 'chat-with-streaming-replies.json';
const TRIGGER_EXAMPLE = 'new-message-automation.json';
const EXCEL_EXAMPLE = 'daily-excel-export-by-email.json';
const SYNC_EXAMPLE = 'sync-folder-into-knowledge-base.json';
const FAQ_EXAMPLE = 'faq-from-spreadsheet.json';
const ALERT_EXAMPLE = 'alert-on-failed-knowledge-files.json';
const ANSWER_CHECK_EXAMPLE = 'nightly-answer-check.json';
/** The answer check's sheet, in the knowledge folder (copied on its own into older demo folders). */
const ANSWER_CHECK_SHEET = 'answer-check.csv';
const REFUND_EXAMPLE = 'confirm-before-refunding.json';
/** The file the demo adds to the alert's knowledge base, which the sandbox fails on purpose. */
const FAILING_FILE = {
	name: 'scanned-price-list.pdf',
	reason: 'no text found: the PDF is a scanned image',
};
/** Where the knowledge examples read files in n8n's Docker image (its default allowed folder). */
const EXAMPLE_KNOWLEDGE_FOLDER = '/home/node/.n8n-files/knowledge';

export const DEMO_OWNER: N8nOwner = {
	email: 'demo@example.com',
	firstName: 'MaiAgent',
	lastName: 'Demo',
	password: 'MaiAgent-Demo-1',
};

const HELP = `Usage: npm start [-- --fresh] [--skip-build] [--queue]

Builds the package and runs it in real n8n 2.41.1 with the MaiAgent sandbox and the example workflows.
  --fresh        start from an empty n8n user folder (forget executions, added credentials, edits)
  --skip-build   use dist/ as it is
  --queue        queue mode: Postgres + Redis, n8n main + ${DEFAULT_WORKERS} workers + a webhook processor

Environment:
  N8N_PORT                 n8n's port (default ${DEMO_ENV_DEFAULTS.N8N_PORT})
  SANDBOX_PORT             the sandbox's port (default ${DEMO_ENV_DEFAULTS.SANDBOX_PORT})
  CHAT_PORT                the offline chat page's port (default ${DEMO_ENV_DEFAULTS.CHAT_PORT})
  SANDBOX_DELTA_DELAY_MS   pause between streamed deltas of the sandbox (default ${DEMO_ENV_DEFAULTS.SANDBOX_DELTA_DELAY_MS})
  MAIAGENT_API_KEY         use real MaiAgent instead of the sandbox
  MAIAGENT_BASE_URL        with MAIAGENT_API_KEY (default ${DEFAULT_BASE_URL})
  MAIAGENT_CHATBOT_ID      with MAIAGENT_API_KEY: the chatbot of the examples (default: the first one)
  N8N_DEMO_FOLDER          n8n's user folder, kept between runs (default <cache>/demo)
`;

interface Config {
	n8nPort: number;
	sandboxPort: number;
	chatPort: number;
	deltaDelayMs: number;
	fresh: boolean;
	skipBuild: boolean;
	queue: boolean;
	demoFolder: string;
	/** Set: real MaiAgent, no sandbox. */
	real?: { apiKey: string; baseUrl: string; chatbotId?: string };
}

// ---------------------------------------------------------------------------------------------
// Output

const started = Date.now();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const cyan = paint('36');
const green = paint('32');
const red = paint('31');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
/** A path as `~/...` when it is under the home folder (the banner gets copied into docs). */
const home = (file: string) =>
	file.startsWith(os.homedir() + path.sep) ? `~${file.slice(os.homedir().length)}` : file;

function step(text: string): void {
	console.log(`${dim(`[start +${seconds(Date.now() - started).padStart(6)}]`)} ${text}`);
}

async function timed<T>(text: string, work: () => Promise<T>): Promise<T> {
	const at = Date.now();
	step(`${text} ...`);
	const result = await work();
	step(`${text}: done in ${seconds(Date.now() - at)}`);
	return result;
}

class UserError extends Error {}

// ---------------------------------------------------------------------------------------------
// Configuration

function portFrom(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new UserError(`${name} must be a port number, got "${value}"`);
	return port;
}

function readConfig(): Config | undefined {
	const { values } = util.parseArgs({
		options: {
			fresh: { type: 'boolean' },
			'skip-build': { type: 'boolean' },
			queue: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return undefined;
	}
	const env = process.env;
	const deltaDelayMs = Number(
		env.SANDBOX_DELTA_DELAY_MS || DEMO_ENV_DEFAULTS.SANDBOX_DELTA_DELAY_MS,
	);
	if (!Number.isFinite(deltaDelayMs) || deltaDelayMs < 0)
		throw new UserError(
			`SANDBOX_DELTA_DELAY_MS must be a number of ms, got "${env.SANDBOX_DELTA_DELAY_MS}"`,
		);
	return {
		n8nPort: portFrom('N8N_PORT', DEMO_ENV_DEFAULTS.N8N_PORT),
		sandboxPort: portFrom('SANDBOX_PORT', DEMO_ENV_DEFAULTS.SANDBOX_PORT),
		chatPort: portFrom('CHAT_PORT', DEMO_ENV_DEFAULTS.CHAT_PORT),
		deltaDelayMs,
		fresh: values.fresh ?? false,
		skipBuild: values['skip-build'] ?? false,
		queue: values.queue ?? false,
		demoFolder: path.resolve(env.N8N_DEMO_FOLDER || path.join(cacheDir(), 'demo')),
		real: env.MAIAGENT_API_KEY
			? {
					apiKey: env.MAIAGENT_API_KEY,
					baseUrl: (env.MAIAGENT_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, ''),
					chatbotId: env.MAIAGENT_CHATBOT_ID || undefined,
				}
			: undefined,
	};
}

/** The fixed ports of the demo, each with the variable that moves it. */
function fixedPorts(config: Config): Record<'n8n' | 'sandbox' | 'chat', FixedPort> {
	return {
		n8n: { port: config.n8nPort, what: 'n8n', variable: 'N8N_PORT' },
		sandbox: { port: config.sandboxPort, what: 'the MaiAgent sandbox', variable: 'SANDBOX_PORT' },
		chat: { port: config.chatPort, what: 'the offline chat page', variable: 'CHAT_PORT' },
	};
}

// ---------------------------------------------------------------------------------------------
// Steps

function build(): Promise<void> {
	return new Promise((resolve, reject) => {
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const child = childProcess.spawn(npm, ['run', '--silent', 'build'], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve()
				: reject(new UserError(`npm run build failed (exit ${code}):\n${output.trimEnd()}`)),
		);
	});
}

interface MaiAgentTarget {
	baseUrl: string;
	apiKey: string;
	chatbot: { id: string; name: string };
	sandbox?: Sandbox;
}

async function startSandbox(config: Config): Promise<MaiAgentTarget> {
	const listener = fixedPorts(config).sandbox;
	await assertPortFree(listener);
	// File statuses as `{code, message}`: the form that carries MaiAgent's reason for a failure.
	const sandbox = await listenOn(listener, () =>
		sandboxModule.startSandbox({ port: config.sandboxPort, knowledge: { fileStatus: 'object' } }),
	);
	sandbox.control.setStream({ deltaDelayMs: config.deltaDelayMs });
	const chatbot = sandbox.store.chatbot(sandboxModule.SEED_CHATBOT_ID)!;
	return {
		baseUrl: sandbox.baseUrl,
		apiKey: sandbox.apiKey,
		chatbot: { id: chatbot.id, name: chatbot.name },
		sandbox,
	};
}

/** Checks the key against real MaiAgent and picks the chatbot the examples will use. */
async function connectRealMaiAgent(real: NonNullable<Config['real']>): Promise<MaiAgentTarget> {
	const get = async (route: string) => {
		const response = await fetch(`${real.baseUrl}/${route}`, {
			headers: { Authorization: `Api-Key ${real.apiKey}` },
		}).catch((error: Error) => {
			throw new UserError(`cannot reach MaiAgent at ${real.baseUrl}: ${error.message}`);
		});
		const text = await response.text();
		if (response.status === 401)
			throw new UserError(`MaiAgent rejected MAIAGENT_API_KEY (401 from ${real.baseUrl}): ${text}`);
		if (!response.ok)
			throw new UserError(
				`GET ${real.baseUrl}/${route} answered ${response.status}: ${text.slice(0, 300)}`,
			);
		return JSON.parse(text) as { id: string; name: string } & {
			results?: Array<{ id: string; name: string }>;
		};
	};
	if (real.chatbotId) {
		const chatbot = await get(`chatbots/${real.chatbotId}/`);
		return {
			baseUrl: real.baseUrl,
			apiKey: real.apiKey,
			chatbot: { id: chatbot.id, name: chatbot.name },
		};
	}
	const [first] = (await get('chatbots/?page=1&pageSize=1')).results ?? [];
	if (!first)
		throw new UserError(
			`the MaiAgent tenant at ${real.baseUrl} has no chatbot: create one, or set MAIAGENT_CHATBOT_ID`,
		);
	return {
		baseUrl: real.baseUrl,
		apiKey: real.apiKey,
		chatbot: { id: first.id, name: first.name },
	};
}

/** The folder n8n may read files from in the demo. */
const knowledgeFiles = (demoFolder: string) => path.join(demoFolder, 'n8n-files');

/**
 * The knowledge examples' folder: examples/knowledge copied once into the demo, so edits made to try
 * a sync again (change, add or delete a file) stay between starts.
 */
function demoKnowledgeFolder(demoFolder: string): string {
	const folder = path.join(knowledgeFiles(demoFolder), 'knowledge');
	if (!fs.existsSync(folder))
		fs.cpSync(path.join(EXAMPLES_DIR, 'knowledge'), folder, { recursive: true });
	const sheet = path.join(folder, ANSWER_CHECK_SHEET);
	if (!fs.existsSync(sheet))
		fs.copyFileSync(path.join(EXAMPLES_DIR, 'knowledge', ANSWER_CHECK_SHEET), sheet);
	return folder;
}

interface Example {
	file: string;
	workflow: N8nWorkflow;
}

/** A stable workflow id per example file, so that every start overwrites the same workflows. */
function exampleId(file: string): string {
	return `mx${crypto.createHash('sha256').update(file).digest('hex').slice(0, 14)}`;
}

/**
 * The examples with stable ids, their chatbot switched to `chatbot` (real MaiAgent) and their
 * knowledge folder to the demo's.
 */
function loadExamples(chatbot: { id: string; name: string }, knowledgeFolder: string): Example[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(
				fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'),
			) as N8nWorkflow;
			for (const node of workflow.nodes as Array<{
				parameters?: { chatbot?: { value?: string; cachedResultName?: string } };
			}>) {
				const locator = node.parameters?.chatbot;
				if (locator?.value === sandboxModule.SEED_CHATBOT_ID)
					Object.assign(locator, { value: chatbot.id, cachedResultName: chatbot.name });
				const read = node.parameters as { fileSelector?: string } | undefined;
				if (read?.fileSelector?.startsWith(EXAMPLE_KNOWLEDGE_FOLDER))
					read.fileSelector = read.fileSelector.replace(EXAMPLE_KNOWLEDGE_FOLDER, knowledgeFolder);
			}
			return { file, workflow: { ...workflow, id: exampleId(file) } };
		});
}

function credentials(target: MaiAgentTarget, smtp: SmtpSink): N8nCredential[] {
	return [
		{
			...MAIAGENT_CREDENTIAL,
			name: target.sandbox ? MAIAGENT_CREDENTIAL.name : 'MaiAgent',
			type: 'maiAgentApi',
			data: { apiKey: target.apiKey, baseUrl: target.baseUrl },
		},
		{
			...SMTP_CREDENTIAL,
			type: 'smtp',
			data: {
				user: '',
				password: '',
				host: smtp.host,
				port: smtp.port,
				secure: false,
				disableStartTls: true,
			},
		},
	];
}

async function ensureOwner(n8n: N8n): Promise<'created' | 'existing'> {
	const settings = (await (await fetch(`${n8n.url}/rest/settings`)).json()) as {
		data: { userManagement: { showSetupOnFirstLoad?: boolean } };
	};
	if (settings.data.userManagement.showSetupOnFirstLoad) {
		await n8n.setupOwner(DEMO_OWNER);
		return 'created';
	}
	try {
		await n8n.login(DEMO_OWNER);
	} catch {
		throw new UserError(
			`the n8n user folder ${n8n.userFolder} has another owner than ${DEMO_OWNER.email}: run \`npm start -- --fresh\``,
		);
	}
	return 'existing';
}

/**
 * Publishes workflows through the running server, as the editor's Publish button does. (The
 * `publish:workflow` command only sets `activeVersionId`: when a workflow is imported again over a
 * published one, n8n 2.41 keeps serving the previously published version.) Returns the files of the
 * examples that are active; a failure is reported, not fatal.
 */
async function activateAll(n8n: N8n, examples: Example[]): Promise<Set<string>> {
	const active = new Set<string>();
	for (const { file, workflow } of examples) {
		try {
			const { versionId } = await n8n.rest<{ versionId: string }>(
				'GET',
				`/workflows/${workflow.id}`,
			);
			await n8n.rest('POST', `/workflows/${workflow.id}/activate`, { versionId });
			active.add(file);
		} catch (error) {
			console.error(
				red(`could not activate "${workflow.name}": ${(error as Error).message.split('\n')[0]}`),
			);
		}
	}
	return active;
}

/**
 * For the alert example: once its trigger polled the knowledge base (a first poll only records
 * what is there), adds a file that the sandbox fails, so that its next poll (within a minute)
 * sends the email. Requests before `since` were made before the example was published.
 */
async function addFailingFile(sandbox: Sandbox, alert: N8nWorkflow, since: number): Promise<void> {
	const trigger = (
		alert.nodes as Array<{ type: string; parameters?: { knowledgeBases?: string[] } }>
	).find((node) => node.type.endsWith('.maiAgentTrigger'));
	const kb = trigger?.parameters?.knowledgeBases?.[0];
	if (!kb) return;
	const files = `/knowledge-bases/${kb}/files/`;
	await launcher
		.waitFor(
			'the first poll of the alert example',
			async () =>
				sandbox.requests.slice(since).some((r) => r.method === 'GET' && r.path.endsWith(files))
					? true
					: undefined,
			60_000,
		)
		.catch(() => console.error(red('the alert example did not poll: adding the file anyway')));
	sandbox.control.knowledge.setFileProcessing(FAILING_FILE.name, { fail: FAILING_FILE.reason });
	await uploadKnowledgeFile(
		sandbox,
		kb,
		FAILING_FILE.name,
		Buffer.from('%PDF-1.4 (a scanned page: an image, no text)'),
	);
}

/** Lines of a mail's text the terminal shows at most (the announcement's table: one per contact). */
const MAIL_LINES = 40;

/**
 * The text of a mail without attachments, as lines: its plain text on one line (the failed-file
 * alert; mail clients wrap it anyway), else its HTML rendered as text, a line per paragraph and
 * table row (the announcement's results).
 */
function mailText(mail: ReceivedMail): string[] {
	if (mail.attachments.length) return [];
	const plain = smtpSink.partText(mail.raw, 'text/plain');
	if (plain !== undefined) {
		const line = plain.replace(/\s+/g, ' ').trim();
		return line ? [line] : [];
	}
	const lines = (smtpSink.mailText(mail.raw) ?? '').split('\n').filter((line) => line.trim());
	if (lines.length > MAIL_LINES)
		lines.splice(MAIL_LINES - 1, Infinity, `… ${lines.length - MAIL_LINES + 1} more lines`);
	return lines;
}

function reportMail(mail: ReceivedMail): void {
	const files = mail.attachments.map(
		(file) =>
			`${file.filename} (${file.bytes} bytes${file.savedTo ? `, saved to ${file.savedTo}` : ''})`,
	);
	const lines = mailText(mail);
	const oneLine = lines.length === 1 ? lines[0] : undefined;
	const text = oneLine && oneLine.length > 300 ? `${oneLine.slice(0, 299)}…` : oneLine;
	console.log(
		`${green('[smtp-sink]')} mail from ${mail.from} to ${mail.to.join(', ')}: "${mail.subject}"${files.length ? `; attached: ${files.join(', ')}` : ''}${text ? `; text: ${text}` : ''}${lines.length > 1 ? ':' : ''}`,
	);
	if (lines.length > 1) console.log(lines.map((line) => `    ${line}`).join('\n'));
}

/**
 * For the refund example: prints every question a Send and Wait writes into the sandbox, with its
 * links, so that whoever runs the demo can answer as the customer (in their browser).
 */
function printQuestions(sandbox: Sandbox): void {
	let seen = sandbox.requests.length;
	const timer = setInterval(() => {
		const { requests } = sandbox;
		for (const request of requests.slice(Math.min(seen, requests.length))) {
			const body = request.body as { conversation?: string; content?: string } | undefined;
			if (
				request.method === 'POST' &&
				request.path.endsWith('/messages/outgoing/') &&
				body?.content?.includes('/webhook-waiting/')
			)
				console.log(
					`${green('[customer chat]')} n8n asks in conversation ${body.conversation}; open a link in your browser to answer as the customer:\n${body.content.replace(/^/gm, '    ')}`,
				);
		}
		seen = requests.length;
	}, 500);
	timer.unref();
}

function banner(
	config: Config,
	n8n: N8n,
	target: MaiAgentTarget,
	examples: Example[],
	active: Set<string>,
	smtp: SmtpSink,
	owner: string,
	chatPageUrl: string | undefined,
): string {
	const byFile = new Map(examples.map((example) => [example.file, example.workflow]));
	const chat = byFile.get(CHAT_EXAMPLE);
	const chatWebhookId = (
		chat?.nodes as Array<{ type: string; webhookId?: string }> | undefined
	)?.find((node) => node.type.endsWith('.chatTrigger'))?.webhookId;
	const line = (label: string, value: string) => `  ${label.padEnd(14)} ${value}`;
	const nameWidth = Math.max(...examples.map((example) => example.workflow.name.length));
	const sandbox = target.sandbox;
	const conversation = sandbox?.store.conversations[0];
	const refundConversation = sandbox?.store.conversations[1];
	const out: Array<string | false> = [
		'',
		bold(green(`n8n ${n8n.install.n8nVersion} with n8n-nodes-maiagent is running`)) +
			dim(` (ready in ${seconds(Date.now() - started)})`),
		'',
		line('Editor', cyan(n8n.url)),
		line(
			'Login',
			`${bold(DEMO_OWNER.email)} / ${bold(DEMO_OWNER.password)}${owner === 'existing' ? dim(' (existing account)') : ''}`,
		),
		!!chatPageUrl && line('Chat', `${cyan(chatPageUrl)}  (streaming replies; works offline)`),
		!!chatWebhookId &&
			line(
				'Hosted chat',
				`${n8n.url}/webhook/${chatWebhookId}/chat  (n8n's own page: its widget needs internet)`,
			),
		sandbox
			? line(
					'Sandbox',
					`${sandbox.baseUrl}  key ${sandbox.apiKey}  (deltas every ${config.deltaDelayMs} ms)`,
				)
			: line('MaiAgent', `${target.baseUrl}  (real, from MAIAGENT_API_KEY)`),
		line('Chatbot', `${target.chatbot.name} (${target.chatbot.id})`),
		line('SMTP sink', `${smtp.host}:${smtp.port}  (mails are printed here)`),
		line('n8n log', home(n8n.logFile)),
		'',
		'  Workflows:',
		...examples.map(
			(example) =>
				`    ${active.has(example.file) ? green('published    ') : dim('not published')} ${example.workflow.name.padEnd(nameWidth)}  ${dim(`${n8n.url}/workflow/${example.workflow.id}`)}`,
		),
		'',
		'  Try:',
		!!chatWebhookId &&
			`    - open the Chat URL (or "Open chat" in the workflow) and ask 「退貨要怎麼辦？」: the reply streams in; or:\n` +
				`      curl -N ${n8n.url}/webhook/${chatWebhookId}/chat -H 'Content-Type: application/json' \\\n` +
				`        -d '{"action":"sendMessage","sessionId":"demo-1","chatInput":"退貨要怎麼辦？"}'`,
		active.has(TRIGGER_EXAMPLE) && sandbox && conversation
			? `    - a customer message for the new-message trigger (polls every minute; "真人" takes the handover branch):\n` +
				`      curl ${sandbox.baseUrl}/messages/ -H 'Authorization: Api-Key ${sandbox.apiKey}' -H 'Content-Type: application/json' \\\n` +
				`        -d '{"conversation":"${conversation.id}","content":"我想找真人客服"}'`
			: `    - "${byFile.get(TRIGGER_EXAMPLE)?.name}" is not published: open it and publish it to poll your tenant every minute`,
		active.has(REFUND_EXAMPLE) && sandbox && refundConversation
			? `    - a refund request for "${byFile.get(REFUND_EXAMPLE)?.name}" (polls every minute): it asks the customer to\n` +
				`      confirm in the same chat; the question and its links are printed here: open one in your browser to answer:\n` +
				`      curl ${sandbox.baseUrl}/messages/ -H 'Authorization: Api-Key ${sandbox.apiKey}' -H 'Content-Type: application/json' \\\n` +
				`        -d '{"conversation":"${refundConversation.id}","content":"訂單 1234 可以退費嗎？"}'`
			: `    - "${byFile.get(REFUND_EXAMPLE)?.name}" is not published: open it and publish it to ask customers before refunding`,
		`    - open "${byFile.get(EXCEL_EXAMPLE)?.name}" and click "Execute workflow": the .xlsx arrives at the SMTP sink`,
		`    - open "${byFile.get(SYNC_EXAMPLE)?.name}" and click "Execute workflow": the files of\n` +
			`      ${home(path.join(n8n.userFolder, 'n8n-files', 'knowledge', 'docs'))} become knowledge (created); run it again: unchanged;\n` +
			`      edit, add or delete a file there and run it once more: replaced, created, removed`,
		`    - open "${byFile.get(FAQ_EXAMPLE)?.name}" and click "Execute workflow": each row of\n` +
			`      ${home(path.join(n8n.userFolder, 'n8n-files', 'knowledge', 'faq.csv'))} becomes a FAQ (created); edit, add or delete\n` +
			`      rows there and run it again: updated, created, removed (FAQs made in MaiAgent are left alone)`,
		active.has(ALERT_EXAMPLE) && sandbox
			? `    - "${byFile.get(ALERT_EXAMPLE)?.name}" is published: the demo added ${FAILING_FILE.name} to 客服知識庫\n` +
				`      and the sandbox fails it ("${FAILING_FILE.reason}"); within a minute the alert's email\n` +
				`      with that reason arrives at the SMTP sink (printed here)`
			: `    - "${byFile.get(ALERT_EXAMPLE)?.name}" is not published: pick your knowledge base in its trigger and publish it`,
		`    - open "${byFile.get(ANSWER_CHECK_EXAMPLE)?.name}" and click "Execute workflow": the questions of\n` +
			`      ${home(path.join(n8n.userFolder, 'n8n-files', 'knowledge', ANSWER_CHECK_SHEET))} go to 客服小幫手 as a Batch QA run;\n` +
			`      a minute later the answers are checked against their key phrases and mailed to the SMTP sink${sandbox ? ' (5 of 7 pass)' : ''}`,
		`    - "${byFile.get('ai-agent-with-maiagent-tool.json')?.name}" needs an OpenAI credential: add yours in its chat model node`,
		'',
		`  Ctrl-C stops everything (${[...cleanups]
			.reverse()
			.map(({ what }) => what)
			.join(
				', ',
			)}). Data is kept in ${dim(home(n8n.userFolder))} (\`npm start -- --fresh\` starts over).`,
		'',
	];
	return `${out.filter((text) => text !== false).join('\n')}\n`;
}

/** The offline chat page for the chat example's Chat Trigger (none when the example lacks one). */
async function startChat(
	config: Config,
	n8n: N8n,
	examples: Example[],
): Promise<chatPage.ChatPage | undefined> {
	const chat = examples.find((example) => example.file === CHAT_EXAMPLE)?.workflow;
	const trigger = (
		chat?.nodes as
			| Array<{ type: string; webhookId?: string; parameters?: { options?: { title?: string } } }>
			| undefined
	)?.find((node) => node.type.endsWith('.chatTrigger'));
	if (!trigger?.webhookId) return undefined;
	const page = await listenOn(fixedPorts(config).chat, () =>
		chatPage.startChatPage({
			port: config.chatPort,
			webhookUrl: `${n8n.url}/webhook/${trigger.webhookId}/chat`,
			title: trigger.parameters?.options?.title || chat!.name,
		}),
	);
	cleanups.push({ what: 'the chat page', stop: () => page.stop() });
	return page;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

/** Things to stop, last started first. */
const cleanups: Array<{ what: string; stop: () => Promise<void> }> = [];
let stopping: Promise<void> | undefined;

function shutdown(code: number): Promise<void> {
	stopping ??= (async () => {
		for (const { what, stop } of cleanups.reverse()) {
			try {
				await stop();
				step(`stopped ${what}`);
			} catch (error) {
				console.error(red(`stopping ${what} failed: ${(error as Error).message}`));
			}
		}
		process.exit(code);
	})();
	return stopping;
}

async function main(): Promise<void> {
	const config = readConfig();
	if (!config) return;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			// A second Ctrl-C does not wait: the exit handler of scripts/lib/process.cts kills n8n's process group.
			if (stopping) process.exit(130);
			console.log(`\n${signal}: stopping ...`);
			void shutdown(0);
		});
	}

	const ports = fixedPorts(config);
	await assertPortFree(ports.n8n);
	await assertPortFree(ports.chat);
	if (!config.skipBuild) await timed('Building the package (npm run build)', build);

	const target = config.real
		? await timed(`Checking MaiAgent at ${config.real.baseUrl}`, () =>
				connectRealMaiAgent(config.real!),
			)
		: await timed('Starting the MaiAgent sandbox', () => startSandbox(config));
	if (target.sandbox) cleanups.push({ what: 'the sandbox', stop: () => target.sandbox!.stop() });

	if (config.fresh) fs.rmSync(config.demoFolder, { recursive: true, force: true });
	if (config.fresh && config.queue)
		fs.rmSync(startQueue.queueFolder(config.demoFolder), { recursive: true, force: true });
	const smtp = await smtpSink.startSmtpSink({
		saveDir: path.join(config.demoFolder, 'mail'),
		onMail: reportMail,
	});
	cleanups.push({ what: 'the SMTP sink', stop: () => smtp.stop() });

	const installed = typeof launcher.findN8n('new') !== 'string';
	const cluster = config.queue
		? await timed('Preparing queue mode (Postgres and Redis, installed when missing)', () =>
				startQueue.prepareQueueDemo(config.n8nPort, config.demoFolder),
			)
		: undefined;
	const n8n =
		cluster?.main ??
		(await timed(
			installed
				? 'Preparing n8n 2.41.1'
				: 'Installing n8n 2.41.1 and Node 24 into the cache (once; 5-10 minutes, longer while another install holds its lock)',
			() =>
				launcher.prepareN8n('new', {
					port: config.n8nPort,
					userFolder: config.demoFolder,
					// Read/Write Files from Disk may read only here (n8n 2 allows ~/.n8n-files by default).
					env: { N8N_RESTRICT_FILE_ACCESS_TO: knowledgeFiles(config.demoFolder) },
				}),
		));
	cleanups.push(
		cluster
			? { what: startQueue.clusterParts(cluster), stop: () => cluster.stop() }
			: { what: 'n8n', stop: () => n8n.stop() },
	);

	const examples = loadExamples(target.chatbot, demoKnowledgeFolder(config.demoFolder));
	await timed(
		'Importing the credentials and example workflows (two n8n CLI runs; 10-40 s)',
		async () => {
			await n8n.importCredentials(credentials(target, smtp));
			await n8n.importWorkflows(examples.map((example) => example.workflow));
		},
	);
	await timed(`Starting n8n on ${n8n.url} (waiting until it serves /rest/settings; 20-100 s)`, () =>
		listenOn(ports.n8n, () => n8n.start()),
	);
	void n8n.exited?.then(() => {
		if (stopping) return;
		console.error(red(`n8n exited unexpectedly; its log: ${n8n.logFile}`));
		void shutdown(1);
	});
	const owner = await ensureOwner(n8n);
	if (cluster)
		await timed(`Starting ${DEFAULT_WORKERS} workers and a webhook processor`, () =>
			cluster.startProcessors(),
		);
	// The triggers' examples poll the sandbox's ids; with real MaiAgent they need the user's.
	const toActivate = examples.filter(
		(example) =>
			example.file === CHAT_EXAMPLE ||
			([TRIGGER_EXAMPLE, ALERT_EXAMPLE, REFUND_EXAMPLE].includes(example.file) && target.sandbox),
	);
	const since = target.sandbox?.requests.length ?? 0;
	const active = await timed(
		target.sandbox
			? 'Publishing the chat, new-message, refund confirmation and failed-file alert examples'
			: 'Publishing the chat example',
		() => activateAll(n8n, toActivate),
	);
	const alert = examples.find((example) => example.file === ALERT_EXAMPLE);
	if (target.sandbox && alert && active.has(ALERT_EXAMPLE))
		await timed(`Adding ${FAILING_FILE.name} (failed by the sandbox) for the alert example`, () =>
			addFailingFile(target.sandbox!, alert.workflow, since),
		);
	const chat = await startChat(config, n8n, examples);
	if (target.sandbox && active.has(REFUND_EXAMPLE)) printQuestions(target.sandbox);
	process.stdout.write(banner(config, n8n, target, examples, active, smtp, owner, chat?.url));
	if (cluster) process.stdout.write(startQueue.describeCluster(cluster, home));
}

main().catch(async (error: Error) => {
	console.error(
		red(
			`\nnpm start failed: ${error instanceof UserError || error instanceof PortInUseError ? error.message : (error.stack ?? error.message)}`,
		),
	);
	await shutdown(1);
});
