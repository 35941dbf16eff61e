/** AI Assistant > Get Many, AI Assistant > Get: through n8n-core against the sandbox (issue 16). */
import type { INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();
const MISSING = '00000000-0000-4000-8000-000000000000';

const store = () => sb.sandbox.store;

describe('AI Assistant > Get Many', () => {
	it('returns every assistant across pages with Return All, raw', async () => {
		sb.sandbox.control.setMaxPageSize(1);
		const chatbots = await sb.json({
			resource: 'aiAssistant',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(chatbots.map((c) => c.id)).toEqual(store().chatbots.map((c) => c.id));
		expect(chatbots[0].largeLanguageModel).toEqual(store().chatbots[0].largeLanguageModel);
		expect(sb.requestsTo('chatbots/')).toHaveLength(3);
	});

	it('stops at the limit, and simplifies to names and ISO times', async () => {
		sb.sandbox.control.setMaxPageSize(1);
		const chatbots = await sb.json({
			resource: 'aiAssistant',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(chatbots.map((c) => c.id)).toEqual(
			store()
				.chatbots.slice(0, 2)
				.map((c) => c.id),
		);
		const [first] = chatbots;
		const bot = store().chatbots[0];
		expect(first).toEqual({
			id: bot.id,
			name: bot.name,
			largeLanguageModel: bot.largeLanguageModel.name,
			embeddingModel: bot.embeddingModel.name,
			rerankerModel: bot.rerankerModel.name,
			rag: bot.rag.name,
			updatedAt: bot.updatedAt,
			updatedAtIso: new Date(Number(bot.updatedAt)).toISOString(),
		});
	});
});

describe('AI Assistant > Get', () => {
	it('gets the detail by ID or URL; simplified keeps the web chat and webhook', async () => {
		const bot = store().chatbots[1];
		const [raw] = await sb.json({
			resource: 'aiAssistant',
			operation: 'get',
			chatbot: rl(bot.id),
			simplify: false,
		});
		expect(raw).toMatchObject({ id: bot.id, apiWebChatId: bot.apiWebChatId, replyMode: 'normal' });
		const [simple] = await sb.json({
			resource: 'aiAssistant',
			operation: 'get',
			chatbot: rl(`https://api.maiagent.ai/api/v1/chatbots/${bot.id}/`, 'url'),
		});
		// Model names, as Get Many shows them, though the detail holds bare model IDs.
		expect(raw.largeLanguageModel).toBe(bot.largeLanguageModel.id);
		expect(simple).toMatchObject({
			id: bot.id,
			name: bot.name,
			largeLanguageModel: bot.largeLanguageModel.name,
			embeddingModel: bot.embeddingModel.name,
			rerankerModel: bot.rerankerModel.name,
			rag: bot.rag.name,
			apiWebChatId: bot.apiWebChatId,
			webhookUrl: null,
		});
		expect(simple).not.toHaveProperty('replyMode');
		expect(sb.requestsTo(`chatbots/${bot.id}/`)).toHaveLength(2);
		expect(sb.requestsTo('chatbots/')).toHaveLength(1);
	});

	it('refuses a malformed ID before any request, and names the operation on a 404', async () => {
		const bad = await sb.run({
			resource: 'aiAssistant',
			operation: 'get',
			chatbot: rl('={{ "nope" }}'),
		});
		expect(bad.error?.message).toBe('AI assistant "nope" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
		const missing = await sb.run({
			resource: 'aiAssistant',
			operation: 'get',
			chatbot: rl(MISSING),
		});
		expect(missing.error?.message).toBe(
			'Get an AI assistant failed: MaiAgent answered 404 - Not found.',
		);
		expect((missing.error as { httpCode?: string }).httpCode).toBe('404');
	});
});

describe('AI Assistant > Create and Update', () => {
	it('creates an assistant with a model picked from the list, then changes only its instructions', async () => {
		const { results: models } = await sb.search('searchLargeLanguageModels');
		const gpt = models.find((m) => m.name === 'GPT-4o 2024-08-06')!;
		const [created] = await sb.json({
			resource: 'aiAssistant',
			operation: 'create',
			name: '客戶 A 助理',
			largeLanguageModel: rl(String(gpt.value), 'list'),
			instructions: '只回答退貨問題',
		});
		const [post] = sb.requestsTo('chatbots/').filter((r) => r.method === 'POST');
		expect(post.body).toEqual({
			name: '客戶 A 助理',
			largeLanguageModel: gpt.value,
			model: gpt.value,
			instructions: '只回答退貨問題',
		});
		const chatbot = store().chatbot(String(created.id))!;
		expect(chatbot.largeLanguageModel.id).toBe(gpt.value);
		// The detail names the model by ID (the list by {id, name}).
		expect(created.largeLanguageModel).toBe(gpt.value);

		const [updated] = await sb.json({
			resource: 'aiAssistant',
			operation: 'update',
			chatbot: rl(chatbot.id),
			updateFields: { instructions: '也回答運費問題' },
			simplify: false,
		});
		expect(sb.requestsTo(`chatbots/${chatbot.id}/`).map((r) => [r.method, r.body])).toEqual([
			['PATCH', { instructions: '也回答運費問題' }],
		]);
		expect(updated.instructions).toBe('也回答運費問題');
		expect(chatbot.name).toBe('客戶 A 助理');
		expect(chatbot.largeLanguageModel.id).toBe(gpt.value);
	});

	it('changes the model from a picker inside Update Fields', async () => {
		const chatbot = store().chatbots[1];
		const { results: models } = await sb.search('searchLargeLanguageModels');
		const other = models.find((m) => m.value !== chatbot.largeLanguageModel.id)!;
		await sb.json({
			resource: 'aiAssistant',
			operation: 'update',
			chatbot: rl(chatbot.id),
			updateFields: { largeLanguageModel: rl(String(other.value), 'list') },
		});
		expect(store().chatbot(chatbot.id)?.largeLanguageModel.id).toBe(other.value);
	});

	it('refuses an update without fields and a malformed RAG ID before any request', async () => {
		const chatbot = store().chatbots[0];
		const update = async (updateFields: INodeParameters) =>
			await sb.run({
				resource: 'aiAssistant',
				operation: 'update',
				chatbot: rl(chatbot.id),
				updateFields,
			});
		expect((await update({})).error?.message).toBe('Nothing to update');
		expect((await update({ rag: 'nope' })).error?.message).toBe(
			'RAG ID "nope" is not a valid MaiAgent ID',
		);
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('names the operation, status and detail when MaiAgent refuses the model', async () => {
		const { error } = await sb.run({
			resource: 'aiAssistant',
			operation: 'create',
			name: 'x',
			largeLanguageModel: rl(MISSING),
		});
		expect(error?.message).toMatch(/^Create an AI assistant failed: MaiAgent answered 400 - .+/);
	});
});
