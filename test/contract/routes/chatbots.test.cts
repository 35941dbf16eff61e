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

/** The examples' defaults (assistants/create_assistant.py): "GPT-4o 2024-08-06" and "MaiAgent RAG". */
const EXAMPLE_MODEL = 'ba7da66a-6f30-414d-98f8-7d681a92d47a';
const EXAMPLE_RAG = '66261b7a-bd3f-4214-9c48-364c2e122b0f';

describe('POST chatbots/ (create_assistant.py)', () => {
	it('creates from {name, model, rag, instructions}: 201 detail, listed, ready for completions', async () => {
		const created = await helpers.call(ctx.sandbox, 'POST', 'chatbots/', {
			body: { name: '新助理', model: EXAMPLE_MODEL, rag: EXAMPLE_RAG, instructions: '簡短回答。' },
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			name: '新助理',
			largeLanguageModel: EXAMPLE_MODEL,
			rag: EXAMPLE_RAG,
			instructions: '簡短回答。',
			webhookUrl: null,
		});
		const { json: list } = await helpers.call(ctx.sandbox, 'GET', 'chatbots/?pageSize=100');
		expect(list.results.map((c: { id: string }) => c.id)).toContain(created.json.id);
		expect(ctx.sandbox.store.inboxOfWebChat(created.json.apiWebChatId)?.chatbotId).toBe(
			created.json.id,
		);
		const reply = await helpers.call(
			ctx.sandbox,
			'POST',
			`chatbots/${created.json.id}/completions/`,
			{
				body: { message: { content: '你好' } },
			},
		);
		expect(reply.status).toBe(200);
		expect(reply.json.content).toContain('新助理');
	});

	it("takes the spec's largeLanguageModel and defaults the rest", async () => {
		const created = await helpers.call(ctx.sandbox, 'POST', 'chatbots/', {
			body: { name: 'spec', largeLanguageModel: EXAMPLE_MODEL },
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ largeLanguageModel: EXAMPLE_MODEL, instructions: '' });
	});

	it('refuses a missing name and unknown model or rag ids with field errors', async () => {
		const reply = await helpers.call(ctx.sandbox, 'POST', 'chatbots/', {
			body: { model: '00000000-0000-4000-8000-000000000000', rag: 'nope' },
		});
		expect(reply.status).toBe(400);
		expect(Object.keys(reply.json).sort()).toEqual(['model', 'name', 'rag']);
	});
});

describe('PUT / PATCH chatbots/{id}/ (update_assistant.py)', () => {
	it('replaces with PUT {name, model, rag, instructions}, which needs a name', async () => {
		const chatbot = ctx.sandbox.store.chatbots[2];
		const reply = await helpers.call(ctx.sandbox, 'PUT', `chatbots/${chatbot.id}/`, {
			body: { name: '人資助理 v2', model: EXAMPLE_MODEL, rag: EXAMPLE_RAG, instructions: '新規則' },
		});
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ id: chatbot.id, name: '人資助理 v2', rag: EXAMPLE_RAG });
		expect(ctx.sandbox.store.chatbot(chatbot.id)).toMatchObject({
			instructions: '新規則',
			largeLanguageModel: { id: EXAMPLE_MODEL, name: 'GPT-4o 2024-08-06' },
		});
		const nameless = await helpers.call(ctx.sandbox, 'PUT', `chatbots/${chatbot.id}/`, {
			body: { instructions: 'x' },
		});
		expect(nameless.json).toEqual({ name: ['This field is required.'] });
	});

	it('changes a subset with PATCH, the model named either way', async () => {
		const chatbot = ctx.sandbox.store.chatbots[1];
		const seedModel = chatbot.largeLanguageModel.id;
		const reply = await helpers.call(ctx.sandbox, 'PATCH', `chatbots/${chatbot.id}/`, {
			body: { large_language_model: EXAMPLE_MODEL },
		});
		expect(reply.json).toMatchObject({ name: '產品顧問', largeLanguageModel: EXAMPLE_MODEL });
		await helpers.call(ctx.sandbox, 'PATCH', `chatbots/${chatbot.id}/`, {
			body: { model: seedModel },
		});
		expect(ctx.sandbox.store.chatbot(chatbot.id)?.largeLanguageModel.id).toBe(seedModel);
	});
});

describe('large-language-models/', () => {
	it("lists the models, the examples' default among them", async () => {
		const { status, json } = await helpers.call(ctx.sandbox, 'GET', 'large-language-models/');
		expect(status).toBe(200);
		expect(json.results).toContainEqual({
			id: EXAMPLE_MODEL,
			name: 'GPT-4o 2024-08-06',
			isDefault: false,
		});
		expect(json.results.filter((m: { isDefault: boolean }) => m.isDefault)).toHaveLength(1);
	});
});
