/**
 * `npm run screenshots`: regenerates the README's screenshots (docs/screenshots/*.png). Starts
 * `npm start` on free ports (scripts/lib/browser/demo.cts) and headless Chromium
 * (scripts/lib/browser/cdp.cts; scripts/install-chromium.sh installs it when missing), then walks
 * the editor and the offline chat page as the browser layer does (scripts/lib/browser/flows.cts)
 * and photographs what they show. Build first (`npm run build`).
 */
import path from 'node:path';
import { HEIGHT, WIDTH, launchChromium, Page } from './lib/browser/cdp.cts';
import type { Demo } from './lib/browser/demo.cts';
import { startDemo } from './lib/browser/demo.cts';
import { installBrowserTools } from './lib/browser/install.cts';
import * as ui from './lib/browser/flows.cts';

const OUT = path.resolve(__dirname, '../docs/screenshots');
/** Slow enough that a reply is still streaming when the chat is photographed mid-way. */
const DELTA_DELAY_MS = 200;

/** The example workflows photographed whole, by the name `npm start` lists them under. */
const WORKFLOWS: Array<[string, string]> = [
	[ui.CHAT_EXAMPLE, 'chat-workflow.png'],
	[ui.EXPORT_EXAMPLE, 'excel-email-workflow.png'],
	['MaiAgent: new message automation', 'trigger-workflow.png'],
	['MaiAgent: AI Agent with MaiAgent as a tool', 'ai-agent-workflow.png'],
];

async function save(page: Page, file: string): Promise<void> {
	// Off the panels, so that no field shows its hover controls.
	await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: WIDTH / 2, y: 5 });
	const bytes = await page.screenshot(path.join(OUT, file));
	console.log(
		`[screenshots] ${path.relative(process.cwd(), path.join(OUT, file))} (${bytes} bytes)`,
	);
}

/** A screenshot as tall as the node panel's scrolled content, so that its whole list shows. */
async function saveTall(page: Page, file: string): Promise<void> {
	const hidden = await page.evaluate<number>(`Math.max(0,
		...[...document.querySelectorAll('[data-test-id="node-creator"] *')]
			.filter((element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowY))
			.map((element) => element.scrollHeight - element.clientHeight))`);
	await page.resize(WIDTH, HEIGHT + hidden + 16);
	await page.center('[data-test-id="node-creator"]');
	await save(page, file);
	await page.resize(WIDTH, HEIGHT);
}

async function takeAll(page: Page, demo: Demo): Promise<void> {
	await ui.signIn(page, demo.editorUrl, demo.owner);

	await page.navigate(`${demo.editorUrl}/workflow/new`);
	await ui.openNodePanel(page);
	await ui.findMaiAgent(page);
	await save(page, 'node-panel-search.png');

	await ui.findMaiAgentAfterManualTrigger(page, demo.editorUrl);
	await ui.showMaiAgentActions(page);
	await saveTall(page, 'maiagent-actions.png');
	await ui.chooseSendAction(page);
	await ui.sendFromNode(page, '退貨要怎麼辦？');
	await save(page, 'send-message-parameters.png');

	await ui.openChatPage(page, demo);
	await ui.chatTurn(page, ui.CHAT_PAGE, '退貨要怎麼辦？');
	await save(page, 'chat-page.png');

	await ui.openEditorChat(page, demo);
	await ui.chatTurn(page, ui.EDITOR_CHAT, '可以換貨嗎？');
	// The node's output table under the chat renders a moment after the reply.
	await page.waitUntil(
		"the MaiAgent node's output under the chat",
		`document.querySelector('#app')?.innerText.includes('conversationId')`,
	);
	await save(page, 'editor-chat.png');
	await page.resize(WIDTH, HEIGHT);

	for (const [name, file] of WORKFLOWS) {
		await ui.openWorkflow(page, demo, name);
		// Escape does not close the "Production Checklist" popover of a published workflow; its button does.
		await page.evaluate(
			`[...document.querySelectorAll('.el-popper, .el-popover, [role="tooltip"], [role="dialog"]')]
				.filter((box) => box.innerText.includes('Production Checklist'))
				.forEach((box) => box.querySelector('button, [role="button"], .el-icon')?.click())`,
		);
		await page.click('[data-test-id="zoom-to-fit"]');
		// The canvas fits the view with an animation; the nodes then stay where they are.
		await page.center('.vue-flow__node:last-child');
		await save(page, file);
	}
}

async function main(): Promise<void> {
	installBrowserTools(['new']);
	const demo = await startDemo({ deltaDelayMs: DELTA_DELAY_MS });
	try {
		const browser = await launchChromium();
		try {
			const page = await Page.open(browser);
			try {
				await takeAll(page, demo);
			} catch (error) {
				const errors = page.consoleErrors.slice(-5).join('\n');
				if (errors) (error as Error).message += `\npage errors:\n${errors}`;
				throw error;
			} finally {
				page.close();
			}
		} finally {
			await browser.close();
		}
	} finally {
		await demo.stop();
	}
}

main().catch((error: Error) => {
	console.error(`[screenshots] failed: ${error.stack ?? error.message}`);
	console.error(
		'[screenshots] docs/screenshots may be partly updated (git checkout docs/screenshots)',
	);
	process.exitCode = 1;
});
