import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('chatbots/', () => {
	it('rejects a page beyond the last', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'chatbots/?page=9');
		expect(reply.status).toBe(404);
		expect(reply.json).toEqual({ detail: 'Invalid page.' });
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
