/**
 * The browser layer: what a user does in n8n 2.41.1's editor and in the demo's offline chat page,
 * through the UI only, in headless Chromium (scripts/lib/browser/cdp.cts) against `npm start` (the
 * real n8n with this package, the sandbox and the example workflows). The steps a user takes are in
 * scripts/lib/browser/flows.cts, shared with scripts/screenshots.cts (the README's screenshots).
 *
 * Screenshots of every step go to test-results/browser/.
 */
import type { Demo } from '../../scripts/lib/browser/demo.cts';
import fs from 'node:fs';
import path from 'node:path';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as cdp from '../../scripts/lib/browser/cdp.cts';
import * as demoModule from '../../scripts/lib/browser/demo.cts';
import * as ui from '../../scripts/lib/browser/flows.cts';

const { Page, HEIGHT, WIDTH, launchChromium, waitFor } = cdp;
const { CHAT_EXAMPLE, EXPORT_EXAMPLE, MAIAGENT_ENTRY, NODE_CREATOR_SEARCH, REPLY_END } = ui;

const REPO_ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(REPO_ROOT, 'test-results/browser');
/** Slow enough that a reply streams for seconds, so that the page can be sampled while it grows. */
const DELTA_DELAY_MS = 200;
const STEP_TIMEOUT_MS = 4 * 60_000;

let demo: Demo;
let browser: cdp.Browser;
let page: cdp.Page;
let shotNumber = 0;

/** Saves a screenshot of this step as a test artifact. */
async function shot(name: string): Promise<void> {
	await page.screenshot(
		path.join(ARTIFACTS, `${String(++shotNumber).padStart(2, '0')}-${name}.png`),
	);
}

/** Runs a step; on failure saves what the page showed and adds the page's errors to the message. */
function step(name: string, body: () => Promise<void>): void {
	test(
		name,
		async () => {
			try {
				await body();
			} catch (error) {
				await page
					?.screenshot(path.join(ARTIFACTS, `failed-${++shotNumber}.png`))
					.catch(() => undefined);
				const errors = page?.consoleErrors.slice(-5).join('\n');
				if (errors) (error as Error).message += `\npage errors:\n${errors}`;
				throw error;
			}
		},
		STEP_TIMEOUT_MS,
	);
}

/** Finds MaiAgent in the open node panel, first among the results. */
async function expectMaiAgentFound(): Promise<void> {
	await ui.findMaiAgent(page);
	expect((await ui.nodePanelEntries(page))[0]).toMatch(/^MaiAgent /);
}

/** A chat turn (ui.chatTurn) whose reply is seen growing on screen; returns the texts seen. */
async function chatTurn(chat: ui.ChatSelectors, question: string, name: string): Promise<string[]> {
	const samples = await ui.chatTurn(page, chat, question, (step) => shot(`${name}-${step}`));
	await shot(`${name}-replied`);
	const reply = samples.at(-1)!;
	expect(reply).toContain(question);
	// Seen growing, not at once: several partial texts, each at least as long as the one before.
	const partial = samples.filter((text) => !text.includes(REPLY_END));
	expect(partial.length).toBeGreaterThanOrEqual(3);
	partial.forEach(
		(text, i) => i > 0 && expect(text.length).toBeGreaterThanOrEqual(partial[i - 1].length),
	);
	expect(partial[0].length).toBeLessThan(reply.length);
	return samples;
}

/** The sandbox's messages of the conversation in which `question` was asked (newest first). */
async function conversationOf(question: string): Promise<string[]> {
	const get = async (route: string) => {
		const response = await fetch(`${demo.sandboxUrl}/${route}`, {
			headers: { Authorization: `Api-Key ${demo.sandboxKey}` },
		});
		if (!response.ok) throw new Error(`GET ${route} answered ${response.status}`);
		return (await response.json()) as { results: Array<{ id: string; content: string }> };
	};
	for (const conversation of (await get('conversations/')).results) {
		const contents = (await get(`messages/?conversation=${conversation.id}`)).results.map(
			(message) => message.content,
		);
		if (contents.includes(question)) return contents;
	}
	throw new Error(`no sandbox conversation has the message "${question}"`);
}

beforeAll(async () => {
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	browser = await launchChromium();
	page = await Page.open(browser);
}, 8 * 60_000);

afterAll(async () => {
	page?.close();
	await browser?.close();
}, 60_000);

/** Clicks a node panel entry and waits for the node on the canvas, closing its parameters if they open. */
async function addFromPanel(entry: string, nodeType: string): Promise<void> {
	await page.click(entry);
	await page.waitUntil(
		`${nodeType} on the canvas`,
		`document.querySelector('[data-node-type="${nodeType}"]') || document.querySelector('[data-test-id="ndv"]')`,
	);
	if (await page.evaluate<boolean>(`!!document.querySelector('[data-test-id="ndv-close-button"]')`))
		await page.click('[data-test-id="ndv-close-button"]');
	await page.waitUntil(
		`${nodeType} on the canvas`,
		`document.querySelector('[data-node-type="${nodeType}"]')`,
	);
}

/** Node panel entries of this package, by node type (the panel's keyboard-navigation ids). */
const entry = (type: string) => `[data-keyboard-nav-id^="n8n-nodes-maiagent.${type}-"]`;

const CHAT_TRIGGER = 'When chat message received';
const AGENT = 'AI Agent';

/** What a user would type to find MaiAgent: its name in both spellings and words of what it does. */
const SEARCHES = ['MaiAgent', 'maiagent', 'chat', 'assistant', 'knowledge base'];
/** The words of a MaiAgent user's work, in English and in Traditional Chinese (the codex aliases). */
const WORK_WORDS = ['FAQ', 'contact', 'broadcast', 'sync', 'customer service'];
const ZH_WORDS = ['知識庫', '常見問題', '聯絡人', '廣播', '同步', '助理', '聊天', '客服'];
/** The words that also find the webhook trigger, which starts on an assistant's reply. */
const CHAT_WORDS = [
	'MaiAgent',
	'maiagent',
	'chat',
	'assistant',
	'customer service',
	'助理',
	'聊天',
	'客服',
];

/** Whether the open node panel lists an entry of this package. */
const OURS_LISTED = `!!document.querySelector('[data-test-id="node-creator"] [data-keyboard-nav-id^="n8n-nodes-maiagent."]')`;

/**
 * Types a new search into the open node panel, replacing the one before. The panel updates its
 * results a moment after the text changes, so it first searches for what finds none of this
 * package's nodes and waits until they are gone: what it lists next is what `text` finds.
 */
async function replaceSearch(text: string): Promise<void> {
	for (const typed of ['xqzjv', text]) {
		// A triple click selects the previous search, which the typed text then replaces.
		await page.click(NODE_CREATOR_SEARCH, { clickCount: 3 });
		await page.type(typed);
		await page.waitUntil(
			`the node panel's search "${typed}"`,
			`document.querySelector(${JSON.stringify(NODE_CREATOR_SEARCH)})?.value === ${JSON.stringify(typed)}`,
		);
		if (typed !== text)
			await page.waitUntil('no MaiAgent entry in the node panel', `!${OURS_LISTED}`);
	}
}

/**
 * Searches the open node panel for each of `searches` and expects these entries in the results;
 * a search in Chinese finds them first (no node of n8n's has these words).
 */
async function expectFoundBy(
	label: string,
	entries: string[],
	searches: readonly string[] = SEARCHES,
): Promise<void> {
	for (const text of searches) {
		await replaceSearch(text);
		const cjk = /\p{Script=Han}/u.test(text);
		for (const wanted of entries) {
			await waitFor(
				`${wanted} in the ${label} for "${text}"`,
				async () =>
					(await page.evaluate(`!!document.querySelector('${wanted}')`)) ? true : undefined,
				20_000,
			).catch(async (error: Error) => {
				throw new Error(
					`${error.message}; the panel shows: ${(await ui.nodePanelEntries(page)).join(' | ')}`,
				);
			});
		}
		if (cjk) expect((await ui.nodePanelEntries(page))[0]).toMatch(/^MaiAgent/);
		await shot(`${label.replace(/\W+/g, '-')}-${text.replace(/[^\p{L}\p{N}]+/gu, '-')}`);
	}
}

describe.each([
	['new', '2.41.1'],
	['old', '2.8.4'],
] as const)(
	'n8n %s (%s): the node panel finds MaiAgent without the AI codex',
	(version, _release) => {
		let n8n: launcher.N8n;
		let chatWorkflowId: string;

		beforeAll(async () => {
			n8n = await launcher.prepareN8n(version);
			// A Chat Trigger and an AI Agent, not connected: the trigger's + and the agent's Tool +
			// both open the node panel. Imported because 2.8.4's panel groups the Chat Trigger
			// under "Chat" while 2.41.1 lists it alone.
			chatWorkflowId = await n8n.importWorkflow({
				name: 'Node panel: Chat Trigger and AI Agent',
				nodes: [
					{
						id: '0f6c1d2e-1a2b-4c3d-8e9f-000000000001',
						name: CHAT_TRIGGER,
						type: '@n8n/n8n-nodes-langchain.chatTrigger',
						typeVersion: 1.1,
						position: [0, 0],
						webhookId: '0f6c1d2e-1a2b-4c3d-8e9f-000000000003',
						parameters: {},
					},
					{
						id: '0f6c1d2e-1a2b-4c3d-8e9f-000000000002',
						name: AGENT,
						type: '@n8n/n8n-nodes-langchain.agent',
						typeVersion: 2,
						position: [400, 0],
						parameters: {},
					},
				],
				connections: {},
			});
			await n8n.start();
			await n8n.setupOwner();
			await ui.signIn(page, n8n.url, launcher.OWNER);
		}, 8 * 60_000);

		afterAll(async () => {
			await n8n?.dispose();
		}, 60_000);

		step("a new workflow's first-step panel: both triggers", async () => {
			await page.navigate(`${n8n.url}/workflow/new`);
			await ui.openNodePanel(page);
			// n8n groups the trigger with the action node under the action node's entry.
			await expectFoundBy(
				`first-step panel ${version}`,
				[entry('maiAgent'), entry('maiAgentWebhookTrigger')],
				CHAT_WORDS,
			);
			await expectFoundBy(
				`first-step panel ${version}`,
				[entry('maiAgent')],
				['knowledge base', ...WORK_WORDS, ...ZH_WORDS].filter((word) => !CHAT_WORDS.includes(word)),
			);
		});

		step('after a Manual Trigger: the action node', async () => {
			await page.navigate(`${n8n.url}/workflow/new`);
			await ui.openNodePanel(page);
			await ui.searchNodePanel(page, 'Manual');
			await addFromPanel(
				'[data-keyboard-nav-id^="n8n-nodes-base.manualTrigger-"]',
				'n8n-nodes-base.manualTrigger',
			);
			await ui.openNodePanel(
				page,
				'[data-test-id="canvas-node-output-handle"] [data-test-id="canvas-handle-plus"]',
			);
			await expectFoundBy(
				`after Manual Trigger ${version}`,
				[entry('maiAgent')],
				[...SEARCHES, ...WORK_WORDS, ...ZH_WORDS],
			);
		});

		step("after a Chat Trigger, and in an AI Agent's Tool panel: the action node", async () => {
			await page.navigate(`${n8n.url}/workflow/${chatWorkflowId}`);
			await page.waitUntil(
				'the Chat Trigger and the AI Agent on the canvas',
				`document.querySelectorAll('.vue-flow__node').length === 2`,
			);
			await ui.openNodePanel(
				page,
				`[data-test-id="canvas-node-output-handle"][data-node-name="${CHAT_TRIGGER}"] [data-test-id="canvas-handle-plus"]`,
			);
			await expectFoundBy(
				`after Chat Trigger ${version}`,
				[entry('maiAgent')],
				['MaiAgent', 'chat', '聊天'],
			);
			await page.press('Escape');
			await ui.openNodePanel(
				page,
				`[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"][data-node-name="${AGENT}"] [data-test-id="canvas-handle-plus"]`,
			);
			// As a tool, n8n lists the node as "MaiAgent Tool" (type maiAgentTool). n8n 2.8.4 builds the
			// tool's codex without the node's `alias` (2.41.1 keeps it), so there only its name finds it.
			await expectFoundBy(
				`AI Agent tool panel ${version}`,
				[entry('maiAgentTool')],
				version === 'old' ? ['MaiAgent', 'maiagent'] : SEARCHES,
			);
		});
	},
);

describe('n8n 2.41.1 in headless Chromium, as a user', () => {
	beforeAll(async () => {
		demo = await demoModule.startDemo({ deltaDelayMs: DELTA_DELAY_MS });
	}, 8 * 60_000);

	afterAll(async () => {
		await demo?.stop();
	}, 60_000);

	step("the README's sample banner is what npm start prints", () => {
		/** The banner's lines, with what differs between runs (numbers, ids, folder) blanked out. */
		const comparable = (text: string) => {
			const banner = text.slice(
				text.indexOf('n8n 2.41.1 with n8n-nodes-maiagent is running'),
				text.indexOf('\n', text.indexOf('Ctrl-C stops everything')),
			);
			const folder = path.dirname(banner.match(/^ {2}n8n log +(\S+)/m)![1]);
			return banner
				.replaceAll(folder, '<demo folder>')
				.replace(/\bmx[0-9a-f]+\b/g, '<id>')
				.replace(/\d+(\.\d+)?/g, '#')
				.split('\n');
		};
		const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
		expect(comparable(readme)).toEqual(comparable(demo.output()));
		return Promise.resolve();
	});

	step('signs in with the sign-in form', async () => {
		await ui.signIn(page, demo.editorUrl, demo.owner, shot);
		await page.waitUntil(
			'the page after signing in',
			`!location.pathname.startsWith('/signin') && document.querySelector('#app')?.innerText.includes('Overview')`,
		);
		await shot('signed-in');
	});

	step('a new workflow: the first-step panel finds "MaiAgent" and adds its trigger', async () => {
		await page.navigate(`${demo.editorUrl}/workflow/new`);
		await ui.openNodePanel(page);
		await expectMaiAgentFound();
		// n8n shows one entry for the node and its trigger, with the trigger's description.
		expect(await page.text(MAIAGENT_ENTRY)).toContain('start workflows on new messages');
		await shot('first-step-search');
		await page.click(MAIAGENT_ENTRY);
		await page.click('[data-keyboard-nav-id^="n8n-nodes-maiagent.maiAgentTrigger-"]', {
			text: 'On new message',
		});
		await page.waitUntil(
			"the trigger's parameters",
			`document.querySelector('[data-test-id="ndv"]')?.innerText.includes('MaiAgent Trigger')`,
		);
		await shot('trigger-added');
		await page.click('[data-test-id="ndv-close-button"]');
		await page.waitUntil(
			'the trigger on the canvas',
			`document.querySelector('.vue-flow__node [data-node-type="n8n-nodes-maiagent.maiAgentTrigger"]')`,
		);
	});

	step(
		'the webhook trigger: the panel finds it, and it shows the URL to paste into MaiAgent',
		async () => {
			await page.navigate(`${demo.editorUrl}/workflow/new`);
			await ui.openNodePanel(page);
			await ui.searchNodePanel(page, 'MaiAgent Webhook');
			const entry = '[data-keyboard-nav-id^="n8n-nodes-maiagent.maiAgentWebhookTrigger-"]';
			await page.waitUntil(
				'the webhook trigger in the node panel',
				`!!document.querySelector('${entry}')`,
			);
			await page.click(entry);
			// A community node without actions opens its details first.
			await page.click('button', { text: 'Add to workflow' });
			await page.waitUntil(
				"the webhook trigger's parameters with its URL and the manual-registration notice",
				`(() => {
				const text = document.querySelector('[data-test-id="ndv"]')?.innerText ?? '';
				return text.includes('Webhook URLs') && text.includes('one webhook URL per AI assistant');
			})()`,
			);
			// The URL the notice speaks of: under "Webhook URLs", on this node's unguessable path.
			const heading = await page.evaluate<{ x: number; y: number } | null>(`(() => {
				// The innermost element with exactly that text (the heading, not a panel around it).
				const found = [...document.querySelectorAll('[data-test-id="ndv"] *')]
					.filter((element) => element.textContent.trim() === 'Webhook URLs')
					.at(-1);
				const box = found?.getBoundingClientRect();
				return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
			})()`);
			if (!heading) throw new Error('no "Webhook URLs" heading in the node panel');
			await page.clickAt(heading);
			await page.waitUntil(
				"the trigger's URL",
				`/\\/webhook(-test)?\\/[0-9a-f-]{36}\\/webhook/.test(document.querySelector('[data-test-id="ndv"]')?.innerText ?? '')`,
			);
			await shot('webhook-trigger-added');
		},
	);

	step(
		'a Manual Trigger workflow: finds MaiAgent, Message > Send to an AI assistant from the list, executes it and shows the reply',
		async () => {
			await ui.findMaiAgentAfterManualTrigger(page, demo.editorUrl);
			expect((await ui.nodePanelEntries(page))[0]).toMatch(/^MaiAgent /);
			await ui.showMaiAgentActions(page);
			await shot('maiagent-actions');
			await ui.chooseSendAction(page);
			expect(
				await page.evaluate(
					`[...document.querySelectorAll('[data-test-id="parameter-input-resource"] input, [data-test-id="parameter-input-operation"] input')].map((input) => input.value)`,
				),
			).toEqual(['Message', 'Send']);
			await ui.sendFromNode(page, '退貨要怎麼辦？', shot);
			const output = await page.text('[data-test-id="output-panel"]');
			expect(output).toContain('關於「退貨要怎麼辦？」');
			await shot('send-executed');
		},
	);

	// Right after the step above, in its open Send node.
	step(
		'a malformed AI assistant ID: the toast names it once, not once per field of that name',
		async () => {
			const locator = '[data-test-id="resource-locator-chatbot"]';
			await page.click(`${locator} [data-test-id="rlc-mode-selector"]`);
			await page.click('.el-select-dropdown__item', { text: 'By ID' });
			await page.click(`${locator} [data-test-id="rlc-input"]`, { clickCount: 3 });
			await page.type('not-an-id');
			await page.press('Tab');
			await page.click('[data-test-id="node-execute-button"]');
			const message = 'Not a valid AI assistant ID';
			// n8n's toast lists the node's issues, one line each.
			const toast = await waitFor(
				'the toast saying why the execution cannot start',
				async () =>
					(await page.evaluate<string>(
						`[...document.querySelectorAll('.el-notification')].map((box) => box.innerText).find((text) => text.includes(${JSON.stringify(message)})) ?? ''`,
					)) || undefined,
				60_000,
			);
			await shot('malformed-assistant-id');
			expect(toast).toContain('cannot start');
			expect(toast.split(message)).toHaveLength(2);
			await page.click('[data-test-id="ndv-close-button"]');
		},
	);

	step('the daily export example: its node panel finds "MaiAgent"', async () => {
		await ui.openWorkflow(page, demo, EXPORT_EXAMPLE);
		await page.click('[data-test-id="node-creator-plus-button"]');
		await expectMaiAgentFound();
		await shot('export-example-search');
	});

	step(
		'the offline chat page: the reply grows on screen, and a second question continues the conversation',
		async () => {
			const firstRequest = page.requests.length;
			await ui.openChatPage(page, demo);
			await shot('chat-page');
			const first = await chatTurn(ui.CHAT_PAGE, '退貨要怎麼辦？', 'chat-page-first');
			const second = await chatTurn(ui.CHAT_PAGE, '運費怎麼算？', 'chat-page-second');
			console.log(
				`offline chat page: ${first.length} and ${second.length} distinct texts seen while the replies streamed`,
			);
			// One MaiAgent conversation with both questions and both replies.
			// Offline: the page, its widget and the chat's webhook calls all stay on this machine.
			const outside = page.requests
				.slice(firstRequest)
				.filter((url) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(url));
			expect(outside).toEqual([]);
			expect(
				page.requests.slice(firstRequest).some((url) => url.includes('/widget/chat.bundle.es.js')),
			).toBe(true);
			const messages = await conversationOf('退貨要怎麼辦？');
			expect(messages).toContain('運費怎麼算？');
			expect(messages).toHaveLength(4);
		},
	);

	step(
		"the editor's chat panel of the streaming example: the reply grows, a second question continues the conversation",
		async () => {
			await ui.openEditorChat(page, demo);
			const first = await chatTurn(ui.EDITOR_CHAT, '可以換貨嗎？', 'editor-chat-first');
			const second = await chatTurn(ui.EDITOR_CHAT, '多久會到貨？', 'editor-chat-second');
			console.log(
				`editor chat panel: ${first.length} and ${second.length} distinct texts seen while the replies streamed`,
			);
			await page.resize(WIDTH, HEIGHT);
			const messages = await conversationOf('可以換貨嗎？');
			expect(messages).toContain('多久會到貨？');
			expect(messages).toHaveLength(4);
		},
	);

	// ---- The knowledge examples on the demo's sandbox: FAQ sync, folder sync, failed-file alert ----

	const FAQ_EXAMPLE = 'MaiAgent: FAQ from a spreadsheet';
	const SYNC_EXAMPLE = 'MaiAgent: sync a folder into a knowledge base';
	/** 客服知識庫, the sandbox's knowledge base the knowledge examples name. */
	const KNOWLEDGE_BASE = 'fabc4114-ad4b-479a-9043-d1970ef2d339';

	/** GET from the demo's sandbox with the key its banner printed. */
	async function sandboxGet(route: string): Promise<Array<Record<string, any>>> {
		const response = await fetch(`${demo.sandboxUrl}/${route}`, {
			headers: { authorization: `Api-Key ${demo.sandboxKey}` },
		});
		return ((await response.json()) as { results: Array<Record<string, any>> }).results;
	}

	/**
	 * Clicks "Execute workflow" in the open workflow, waits until `node` (the last one) succeeded,
	 * opens it and returns what its output panel shows.
	 */
	async function executeWorkflow(node: string, label: string): Promise<string> {
		await page.click('[data-test-id="execute-workflow-button"]');
		await page.waitUntil(
			`"${node}" to succeed`,
			`[...document.querySelectorAll('.vue-flow__node')].some((box) =>
				box.innerText.includes(${JSON.stringify(node)}) &&
				box.querySelector('[data-test-id="canvas-node-status-success"]'))`,
			120_000,
		);
		await shot(`${label}-executed`);
		await ui.openNode(page, node);
		await page.waitUntil(
			`the output of "${node}"`,
			`document.querySelector('[data-test-id="output-panel"]')?.innerText.includes('created')`,
		);
		const output = await page.text('[data-test-id="output-panel"]');
		await shot(`${label}-output`);
		await page.click('[data-test-id="ndv-close-button"]');
		return output;
	}

	step(
		'the FAQ example: "Execute workflow" turns every row of faq.csv into a FAQ (created)',
		async () => {
			const questions = fs
				.readFileSync(path.join(REPO_ROOT, 'examples/knowledge/faq.csv'), 'utf8')
				.trimEnd()
				.split('\n')
				.slice(1)
				.map((row) => row.split(',')[0]);
			await ui.openWorkflow(page, demo, FAQ_EXAMPLE);
			const output = await executeWorkflow('Sync the FAQs', 'faq-example');
			expect(output.match(/\bcreated\b/g)).toHaveLength(questions.length);
			const faqs = await sandboxGet(`knowledge-bases/${KNOWLEDGE_BASE}/faqs/?pageSize=100`);
			const synced = faqs.filter((faq) => faq.rawUserDefineMetadata?.n8nSyncId === 'faq-sheet');
			expect(synced.map((faq) => faq.question).sort()).toEqual([...questions].sort());
			// The seed's FAQ, made in MaiAgent, stays.
			expect(faqs).toHaveLength(synced.length + 1);
		},
	);

	step(
		'the folder-sync example: "Execute workflow" turns every file of the docs folder into knowledge (created)',
		async () => {
			const docs = fs.readdirSync(path.join(REPO_ROOT, 'examples/knowledge/docs')).sort();
			await ui.openWorkflow(page, demo, SYNC_EXAMPLE);
			const output = await executeWorkflow('Sync into the knowledge base', 'folder-sync-example');
			expect(output.match(/\bcreated\b/g)).toHaveLength(docs.length);
			const files = await sandboxGet(`knowledge-bases/${KNOWLEDGE_BASE}/files/?pageSize=100`);
			const synced = files.filter(
				(file) => file.rawUserDefineMetadata?.n8nSyncId === 'docs-folder',
			);
			expect(synced.map((file) => [file.filename, file.status.code]).sort()).toEqual(
				docs.map((name) => [name, 'done']),
			);
		},
	);

	step(
		'the alert example, published by npm start: the email about the file the sandbox fails arrives at the SMTP sink',
		async () => {
			// What the terminal shows (scripts/start.cts reportMail); the trigger polls every minute.
			const line = await waitFor(
				'the alert email in the output of npm start',
				async () =>
					demo
						.output()
						.split('\n')
						.find((text) => text.includes('"MaiAgent could not process scanned-price-list.pdf"')),
				150_000,
			);
			expect(line).toMatch(
				/^\[smtp-sink\] mail from n8n@example\.com to knowledge-team@example\.com: /,
			);
			expect(line).toContain(
				'text: scanned-price-list.pdf failed: no text found: the PDF is a scanned image.',
			);
			// In the workflow's time zone (its settings), whatever the machine's.
			expect(line).toMatch(/ Reported at \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Taipei\)\. /);
			expect(demo.output().split('MaiAgent could not process')).toHaveLength(2);
		},
	);

	step(
		'the refund example, published by npm start: a refund request is answered by the customer in the browser, and the agent replies in the same chat',
		async () => {
			// The banner's curl: a customer's message in a conversation of the sandbox.
			const [, conversation, content] = demo
				.output()
				.match(/"conversation":"([\w-]+)","content":"(訂單 1234 可以退費嗎？)"/)!;
			const sent = await fetch(`${demo.sandboxUrl}/messages/`, {
				method: 'POST',
				headers: {
					authorization: `Api-Key ${demo.sandboxKey}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({ conversation, content }),
			});
			expect(sent.status).toBe(201);
			// npm start prints the question with its links (the trigger polls every minute).
			const printed = await waitFor(
				'the question in the output of npm start',
				async () => {
					const output = demo.output();
					const at = output.indexOf(`[customer chat] n8n asks in conversation ${conversation}`);
					return at < 0 ? undefined : output.slice(at).split('\n').slice(0, 8).join('\n');
				},
				150_000,
			);
			expect(printed).toContain('我們收到您的退款申請：「訂單 1234 可以退費嗎？」');
			const confirm = printed.match(/^ +確認退款: (http\S+)$/m)![1];
			expect(printed).toMatch(/^ +先不要: http\S+$/m);

			await page.navigate(confirm);
			await page.waitUntil('the confirmation page', `document.body.innerText.includes('確認退款')`);
			await shot('refund-confirm-page');
			await page.click('button', { text: '確認退款' });
			await page.waitUntil(
				'the thank-you page',
				`document.body.innerText.includes('Thank you, your answer was received')`,
			);
			await shot('refund-answered');
			const reply = await waitFor(
				"the agent's reply in the conversation",
				async () =>
					(await sandboxGet(`messages/?conversation=${conversation}&pageSize=100`)).find(
						(message) => String(message.content).startsWith('已為您辦理退款'),
					),
				60_000,
			);
			expect(reply).toMatchObject({ type: 'outgoing' });
			// The link is used: opening it again changes nothing and says so.
			await page.navigate(confirm);
			expect(await page.text('body')).toContain('No action required');
		},
	);

	step(
		'the nightly answer check: "Execute workflow" runs the questions as a Batch QA run and mails the checked answers',
		async () => {
			const questions = fs
				.readFileSync(path.join(REPO_ROOT, 'examples/knowledge/answer-check.csv'), 'utf8')
				.trimEnd()
				.split('\n')
				.slice(1);
			await ui.openWorkflow(page, demo, 'MaiAgent: nightly answer check');
			await page.click('[data-test-id="execute-workflow-button"]');
			// Its Wait is a minute: the sandbox has answered every question by then.
			await page.waitUntil(
				'"Email the result" to succeed',
				`[...document.querySelectorAll('.vue-flow__node')].some((box) =>
					box.innerText.includes('Email the result') &&
					box.querySelector('[data-test-id="canvas-node-status-success"]'))`,
				180_000,
			);
			await shot('answer-check-executed');
			const line = await waitFor(
				'the answer check email in the output of npm start',
				async () =>
					demo
						.output()
						.split('\n')
						.find((text) => /"Answer check \d{4}-\d{2}-\d{2}: \d+ of \d+ passed"/.test(text)),
				30_000,
			);
			// 5 of the 7 sample answers contain their key phrase (test/e2e/answer-check.test.cts says which).
			expect(line).toContain(`: 5 of ${questions.length} passed"; attached: batch_qa_`);
			expect(line).toMatch(/to support-team@example\.com: .*\.xlsx \(\d+ bytes/);
		},
	);

	const CONTACTS_EXAMPLE = 'MaiAgent: customers from a spreadsheet to contacts';

	/** The texts of the open dropdown's visible items, once one of them starts with `expected`. */
	async function dropdownItems(selector: string, expected: string): Promise<string[]> {
		return await waitFor(
			`"${expected}" in the list`,
			async () => {
				const items = await page.evaluate<string[]>(
					`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((item) => item.offsetParent).map((item) => item.innerText.trim())`,
				);
				return items.some((text) => text.startsWith(expected)) ? items : undefined;
			},
			30_000,
		);
	}

	step(
		"the contacts example's Knowledge Base Access: the knowledge base, its files and its FAQs picked from lists",
		async () => {
			await ui.openWorkflow(page, demo, CONTACTS_EXAMPLE);
			await ui.openNode(page, 'Create or update the contact');
			// The knowledge base: the example's is the demo's own; the list searches by name.
			const locator = '[data-test-id="ndv"] [data-test-id="resource-locator-id"]';
			await page.waitUntil('the Knowledge Base picker', `!!document.querySelector('${locator}')`);
			await page.click(`${locator} [data-test-id="rlc-input"]`);
			await dropdownItems('[data-test-id="rlc-item"]', '客服知識庫');
			await shot('contact-knowledge-base-list');
			await page.click('[data-test-id="rlc-item"]', { text: '客服知識庫' });
			// All Files and FAQs off: the lists of that knowledge base's files and FAQs.
			await page.click('[data-test-id="parameter-input-all"] .el-switch');
			const lists: Array<[string, string]> = [
				['fileIds', '退貨政策.txt'],
				['faqIds', '退貨要怎麼辦？'],
			];
			for (const [name, expected] of lists) {
				await page.click(`[data-test-id="parameter-input-${name}"] input`);
				const items = await dropdownItems('.el-select-dropdown__item', expected);
				await shot(`contact-knowledge-${name}`);
				expect(items).toContain(expected);
				await page.press('Escape');
			}
			await page.click('[data-test-id="ndv-close-button"]');
		},
	);

	// Last: it leaves the chat example with unsaved changes.
	step(
		"the editor's chat panel when the reply fails: the chat says that it failed and why, after the partial text",
		async () => {
			await page.resize(WIDTH, HEIGHT + 540);
			await ui.openWorkflow(page, demo, CHAT_EXAMPLE);
			await ui.openNode(page, 'Ask MaiAgent');
			// Options > Timeout (Seconds) = 1: the sandbox's deltas come 200 ms apart, the reply takes longer.
			await page.click('[data-test-id="collection-parameter-add"]');
			await page.type('Timeout');
			await page.click('.el-select-dropdown__item', { text: 'Timeout (Seconds)' });
			await page.click('[data-test-id="parameter-input-timeout"] input', { clickCount: 3 });
			await page.type('1');
			await shot('chat-timeout-option');
			await page.click('[data-test-id="ndv-close-button"]');
			const bot = ui.EDITOR_CHAT.bot;
			const before = await page.evaluate<number>(`document.querySelectorAll('${bot}').length`);
			await page.click('textarea[data-test-id="chat-input"]');
			await page.type('退貨要怎麼辦？');
			await page.press('Enter');
			const text = await waitFor(
				'the failed reply in the chat panel',
				async () => {
					const shown = await page.evaluate<string>(
						`document.querySelectorAll('${bot}')[${before}]?.innerText.trim() ?? ''`,
					);
					return shown.includes('Error:') ? shown : undefined;
				},
				120_000,
			);
			await shot('chat-failed-reply');
			// The partial reply, then the node's failure line with its reason, then n8n's own error line.
			const failure = text.indexOf(
				'Send a message to an AI assistant failed: no complete reply within the timeout (1 s)',
			);
			expect(failure).toBeGreaterThanOrEqual(0);
			// What arrived in time (on a slow machine maybe nothing) is not shown as a whole reply.
			expect(text.slice(0, failure)).not.toContain(REPLY_END);
			expect(text.indexOf('Error:')).toBeGreaterThan(failure);
			await page.resize(WIDTH, HEIGHT);
		},
	);
});
