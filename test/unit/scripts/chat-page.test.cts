import * as chatPage from '../../../scripts/chat-page.cts';

describe('the offline chat page (npm start)', () => {
	let page: chatPage.ChatPage;
	const webhookUrl = 'http://127.0.0.1:5678/webhook/5f1c2a3b/chat';

	beforeAll(async () => {
		page = await chatPage.startChatPage({ port: 0, webhookUrl, title: 'MaiAgent <客服小幫手>' });
	});
	afterAll(() => page.stop());

	test('serves a page that loads the widget from itself, pointed at the webhook, streaming on', async () => {
		const response = await fetch(page.url);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await response.text();
		expect(html).toContain(`import { createChat } from './widget/chat.bundle.es.js'`);
		expect(html).toContain(JSON.stringify(webhookUrl));
		expect(html).toContain('"enableStreaming":true');
		expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
		// The title is data, not markup.
		expect(html).not.toContain('<客服小幫手>');
	});

	test("serves @n8n/chat's bundle and the chunks it imports", async () => {
		const bundle = await fetch(`${page.url}widget/chat.bundle.es.js`);
		expect(bundle.status).toBe(200);
		expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
		const imports = [...(await bundle.text()).matchAll(/from "\.\/([\w.-]+\.mjs)"/g)].map(
			(match) => match[1],
		);
		expect(imports.length).toBeGreaterThan(0);
		for (const file of imports) expect((await fetch(`${page.url}widget/${file}`)).status).toBe(200);
		expect((await fetch(`${page.url}widget/style.css`)).headers.get('content-type')).toMatch(
			/^text\/css/,
		);
	});

	test('serves nothing else: no other paths, no way out of the widget folder, GET only', async () => {
		for (const route of ['widget/package.json', 'widget/..%2Fpackage.json', 'widget/src', 'other'])
			expect((await fetch(`${page.url}${route}`)).status).toBe(404);
		expect((await fetch(page.url, { method: 'POST' })).status).toBe(405);
	});
});
