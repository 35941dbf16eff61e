import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('chatbots/', () => {
	it('pages with page/pageSize, absolute next/previous links, every chatbot exactly once', async () => {
		const pages = await helpers.walk(ctx.sandbox, 'chatbots/?pageSize=2');
		expect(pages.map((p) => p.results.length)).toEqual([2, 1]);
		expect(pages[0]).toMatchObject({
			count: 3,
			previous: null,
			next: `${ctx.sandbox.baseUrl}/chatbots/?pageSize=2&page=2`,
		});
		expect(pages[1].previous).toBe(`${ctx.sandbox.baseUrl}/chatbots/?pageSize=2`);
		const ids = pages.flatMap((p) => p.results.map((c: { id: string }) => c.id));
		expect(ids).toEqual(ctx.sandbox.store.chatbots.map((c) => c.id));
	});

	it('lists summary fields used by dropdowns', async () => {
		const { json } = await helpers.call(ctx.sandbox, 'GET', 'chatbots/?page=1&pageSize=1');
		expect(json.results[0]).toEqual({
			id: expect.any(String),
			name: '客服小幫手',
			largeLanguageModel: { id: expect.any(String), name: 'GPT-4o', isDefault: true },
			rag: { id: expect.any(String), name: expect.any(String) },
			embeddingModel: expect.objectContaining({ name: expect.any(String) }),
			rerankerModel: expect.objectContaining({ name: expect.any(String) }),
			enableChineseConversion: true,
			updatedAt: expect.stringMatching(/^\d{13}$/),
		});
	});

	it('rejects a page beyond the last', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'chatbots/?page=9');
		expect(reply.status).toBe(404);
		expect(reply.json).toEqual({ detail: 'Invalid page.' });
	});

	it('returns the detail with apiWebChatId and webhookUrl', async () => {
		const chatbot = ctx.sandbox.store.chatbots[1];
		const { status, json } = await helpers.call(ctx.sandbox, 'GET', `/api/chatbots/${chatbot.id}/`);
		expect(status).toBe(200);
		expect(json).toMatchObject({
			id: chatbot.id,
			name: '產品顧問',
			webhookUrl: null,
			apiWebChatId: chatbot.apiWebChatId,
		});
		expect(ctx.sandbox.store.webChat(json.apiWebChatId)).toBeDefined();
	});
});
