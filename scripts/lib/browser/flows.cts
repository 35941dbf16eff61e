/**
 * What a user does in n8n's editor and in the demo's offline chat page, through the UI only: the
 * steps that the browser layer (test/browser, which asserts on what they show) and
 * scripts/screenshots.cts (which photographs it) share. `artifact` is called where the layer saves
 * a screenshot of the step.
 */
import type { Page } from './cdp.cts';
import type { Demo } from './demo.cts';
import { HEIGHT, WIDTH, waitFor } from './cdp.cts';

export const ASSISTANT = '客服小幫手';
/** The sandbox's replies end with this (sandbox/replies.cts). */
export const REPLY_END = `(Sandbox reply by ${ASSISTANT}.)`;
export const CHAT_EXAMPLE = 'MaiAgent: chat with streaming replies';
export const EXPORT_EXAMPLE = 'MaiAgent: daily chat records export by email';
export const SEND_ACTION = 'Send a message to an AI assistant';

/** The node panel's entry of the MaiAgent node (with its trigger, grouped by n8n). */
export const MAIAGENT_ENTRY = '[data-keyboard-nav-id^="n8n-nodes-maiagent.maiAgent-"]';
export const NODE_CREATOR_SEARCH = '[data-test-id="node-creator-search-bar"]';

/** Where a chat widget (n8n's @n8n/chat) takes input and shows the bot's messages. */
export interface ChatSelectors {
	input: string;
	bot: string;
}

export const CHAT_PAGE: ChatSelectors = {
	input: '#n8n-chat textarea',
	bot: '.chat-message-from-bot',
};
export const EDITOR_CHAT: ChatSelectors = {
	input: 'textarea[data-test-id="chat-input"]',
	bot: '[data-test-id="canvas-chat"] .chat-message-from-bot',
};

export type Artifact = (name: string) => Promise<void>;

/** Signs in with the sign-in form (2.8.4's inputs have a name but no id). */
export async function signIn(
	page: Page,
	editorUrl: string,
	account: { email: string; password: string },
	artifact?: Artifact,
): Promise<void> {
	await page.navigate(`${editorUrl}/signin`);
	await page.click('#emailOrLdapLoginId, [name="emailOrLdapLoginId"]');
	await page.type(account.email);
	await page.click('#password, [name="password"]');
	await page.type(account.password);
	await artifact?.('sign-in');
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitUntil('the page after signing in', `!location.pathname.startsWith('/signin')`);
}

export function workflowId(demo: Demo, name: string): string {
	const id = demo.workflows.get(name);
	if (!id) throw new Error(`npm start listed no workflow "${name}":\n${demo.output()}`);
	return id;
}

/** Opens one of the demo's example workflows and waits for its nodes on the canvas. */
export async function openWorkflow(page: Page, demo: Demo, name: string): Promise<void> {
	await page.navigate(`${demo.editorUrl}/workflow/${workflowId(demo, name)}`);
	await page.waitUntil(
		`the canvas of "${name}"`,
		`document.querySelectorAll('.vue-flow__node').length > 0 &&
			[...document.querySelectorAll('.vue-flow__node')].every((node) => node.getBoundingClientRect().width > 0)`,
	);
	// A published workflow opens its "Production Checklist" popover the first time it is shown.
	await page.press('Escape');
}

/**
 * Opens a node's panel by double-clicking it on the canvas. A double click that lands while the
 * canvas is still settling only selects the node (seen in CI), so it is made again until the
 * panel shows.
 */
export async function openNode(page: Page, name: string): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		await page.click('.vue-flow__node', { text: name, clickCount: 2 });
		try {
			await page.waitUntil(
				`the panel of "${name}"`,
				`!!document.querySelector('[data-test-id="ndv-close-button"]')?.offsetParent`,
				10_000,
			);
			return;
		} catch (error) {
			if (attempt >= 3) throw error;
		}
	}
}

/**
 * Opens the node panel with `opener` (the canvas' add button, or a handle's plus). A click that
 * lands while a freshly loaded editor is still starting is lost (seen on n8n 2.8.4 in CI runs), so
 * it clicks again, 15 seconds apart, until the panel's search shows.
 */
export async function openNodePanel(
	page: Page,
	opener = '[data-test-id="canvas-add-button"]',
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		await page.click(opener);
		try {
			await page.waitUntil(
				'the node panel',
				`!!document.querySelector(${JSON.stringify(NODE_CREATOR_SEARCH)})`,
				15_000,
			);
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

/** Types into the node panel's search (it has the focus when the panel opens). */
export async function searchNodePanel(page: Page, text: string): Promise<void> {
	await page.click(NODE_CREATOR_SEARCH);
	await page.type(text);
	await page.waitUntil(
		`the node panel's results for "${text}"`,
		`document.querySelector(${JSON.stringify(NODE_CREATOR_SEARCH)})?.value === ${JSON.stringify(text)} &&
			document.querySelector('[data-test-id="node-creator"] [data-keyboard-nav-id]')`,
	);
}

/** The node panel's entries (their text). */
export function nodePanelEntries(page: Page): Promise<string[]> {
	return page.evaluate<string[]>(
		`[...document.querySelectorAll('[data-test-id="node-creator"] [data-keyboard-nav-id]')].map((item) => item.innerText.replace(/\\s+/g, ' ').trim())`,
	);
}

/** Searches the open node panel for "MaiAgent" and waits for its entry; fails with what it shows. */
export async function findMaiAgent(page: Page): Promise<void> {
	await searchNodePanel(page, 'MaiAgent');
	await waitFor(
		'"MaiAgent" in the node panel',
		async () =>
			(await page.evaluate(`!!document.querySelector('${MAIAGENT_ENTRY}')`)) ? true : undefined,
		20_000,
	).catch(async (error: Error) => {
		const panel = await page.text('[data-test-id="node-creator"]');
		throw new Error(`${error.message}; the panel shows: ${panel.replace(/\s+/g, ' ')}`);
	});
}

/**
 * A new workflow with a Manual Trigger, then the node panel of the trigger's output + (n8n's
 * strictest panel: AI-only nodes are left out) searched for "MaiAgent".
 */
export async function findMaiAgentAfterManualTrigger(page: Page, editorUrl: string): Promise<void> {
	await page.navigate(`${editorUrl}/workflow/new`);
	await openNodePanel(page);
	await searchNodePanel(page, 'Manual');
	await page.click('[data-keyboard-nav-id^="n8n-nodes-base.manualTrigger-"]');
	await page.waitUntil(
		'the Manual Trigger on the canvas',
		`document.querySelector('[data-node-type="n8n-nodes-base.manualTrigger"]')`,
	);
	await page.click('[data-test-id="canvas-handle-plus"]');
	await findMaiAgent(page);
}

/** From the panel's MaiAgent entry: its actions, down to Send a message. */
export async function showMaiAgentActions(page: Page): Promise<void> {
	await page.click(MAIAGENT_ENTRY);
	await page.center('[data-keyboard-nav-id]', SEND_ACTION);
}

/** Picks Send a message from the actions and waits for the node's parameters. */
export async function chooseSendAction(page: Page): Promise<void> {
	await page.click('[data-keyboard-nav-id]', { text: SEND_ACTION });
	await page.waitUntil(
		"the node's parameters",
		`document.querySelector('[data-test-id="ndv"] [data-test-id="resource-locator-chatbot"]')`,
	);
}

/** In the open Send node: the AI assistant from the list, the message, Execute, the reply shown. */
export async function sendFromNode(
	page: Page,
	question: string,
	artifact?: Artifact,
): Promise<void> {
	await page.click('[data-test-id="resource-locator-chatbot"] [data-test-id="rlc-input"]');
	await page.center('[data-test-id="rlc-item"]', ASSISTANT);
	await artifact?.('assistant-list');
	await page.click('[data-test-id="rlc-item"]', { text: ASSISTANT });
	await page.click('[data-test-id="parameter-input-content"] textarea');
	await page.type(question);
	await page.click('[data-test-id="node-execute-button"]');
	await page.waitUntil(
		'the reply in the output panel',
		`document.querySelector('[data-test-id="output-panel"]')?.innerText.includes(${JSON.stringify(REPLY_END)})`,
		120_000,
	);
}

/** The demo's offline chat page, ready for a question. */
export async function openChatPage(page: Page, demo: Demo): Promise<void> {
	await page.navigate(demo.chatPageUrl);
	await page.center(CHAT_PAGE.input);
}

/** The streaming chat example's chat panel in the editor, taller so that it shows a whole reply. */
export async function openEditorChat(page: Page, demo: Demo): Promise<void> {
	await page.resize(WIDTH, HEIGHT + 240);
	await openWorkflow(page, demo, CHAT_EXAMPLE);
	await page.click('[data-test-id="workflow-chat-button"]');
	await page.center(EDITOR_CHAT.input);
}

/**
 * Sends `question` in a chat widget and samples the reply's text on screen until it is complete;
 * returns the distinct texts seen. `artifact('streaming')` once while the reply is still growing.
 */
export async function chatTurn(
	page: Page,
	chat: ChatSelectors,
	question: string,
	artifact?: Artifact,
): Promise<string[]> {
	const before = await page.evaluate<number>(`document.querySelectorAll('${chat.bot}').length`);
	await page.click(chat.input);
	await page.type(question);
	await page.press('Enter');
	const samples: string[] = [];
	let midStream = false;
	await waitFor(
		`the reply to "${question}"`,
		async () => {
			const text = await page.evaluate<string>(
				`document.querySelectorAll('${chat.bot}')[${before}]?.innerText.trim() ?? ''`,
			);
			if (text && text !== samples.at(-1)) samples.push(text);
			if (text.length > 40 && !text.includes(REPLY_END) && !midStream) {
				midStream = true;
				await artifact?.('streaming');
			}
			return text.includes(REPLY_END) ? true : undefined;
		},
		120_000,
	);
	return samples;
}
