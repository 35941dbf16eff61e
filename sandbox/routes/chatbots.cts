/**
 * AI assistants: `chatbots/` (page pagination), `chatbots/{id}/`, creating one (`POST chatbots/`) and
 * changing one (`PUT`/`PATCH chatbots/{id}/`), plus the model picker `large-language-models/`.
 *
 * Writes take the examples' body `{name, model, rag, instructions}` and the spec's names
 * (`largeLanguageModel` for `model`), and `webhookUrl`; other writable spec fields are accepted and
 * ignored, read-only ones ignored as DRF does. A new assistant gets its API web chat and that web
 * chat's inbox, so completions and `POST conversations/ {webChat}` work for it at once.
 */
import type { Ctx } from '../http.cts';
import type { Chatbot, NamedModel } from '../store.cts';
import type { Route } from '../router.cts';
import * as http from '../http.cts';
import * as pagination from '../pagination.cts';
import * as seed from '../seed.cts';
import * as views from '../views.cts';

/**
 * What the assistant examples default to: "GPT-4o 2024-08-06" and "MaiAgent RAG" (ids from
 * `create_assistant.py`), beside the seed's model.
 */
export const LARGE_LANGUAGE_MODELS: NamedModel[] = [
	seed.MODELS.largeLanguageModel,
	{ id: 'ba7da66a-6f30-414d-98f8-7d681a92d47a', name: 'GPT-4o 2024-08-06', isDefault: false },
];
const DEFAULT_RAG = { id: '66261b7a-bd3f-4214-9c48-364c2e122b0f', name: 'MaiAgent RAG' };

/** The chatbot named by the path's `:chatbotId`, or a 404. */
export function chatbotParam(ctx: Ctx) {
	const chatbot = ctx.app.store.chatbot(ctx.params.chatbotId);
	if (!chatbot) throw http.notFound();
	return chatbot;
}

/** Django's URLField (URLValidator): an http(s) or ftp(s) URL with a host; blank allowed. */
function validUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return ['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol) && url.hostname !== '';
	} catch {
		return false;
	}
}

type ChatbotChanges = Partial<
	Pick<Chatbot, 'name' | 'instructions' | 'webhookUrl' | 'largeLanguageModel' | 'rag'>
>;

/**
 * Validates a write. `full` (POST, PUT): `name` is required. `model` and `largeLanguageModel` name
 * the same field; a RAG id is one of the tenant's (the examples' default or an assistant's).
 */
function changesOf(ctx: Ctx, full: boolean): ChatbotChanges {
	const { store } = ctx.app;
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const changes: ChatbotChanges = {};
	if (full || 'name' in body) changes.name = http.stringField(errors, body, 'name');
	if ('instructions' in body) {
		if (typeof body.instructions !== 'string') errors.add('instructions', 'Not a valid string.');
		else changes.instructions = body.instructions;
	}
	if ('webhookUrl' in body) {
		const value = body.webhookUrl;
		if (value === null || value === '') changes.webhookUrl = value;
		else if (typeof value !== 'string') errors.add('webhookUrl', 'Not a valid string.');
		else if (value.length > 200)
			errors.add('webhookUrl', 'Ensure this field has no more than 200 characters.');
		else if (!validUrl(value)) errors.add('webhookUrl', 'Enter a valid URL.');
		else changes.webhookUrl = value;
	}
	const modelField = 'largeLanguageModel' in body ? 'largeLanguageModel' : 'model';
	if (modelField in body) {
		changes.largeLanguageModel = http.refField(errors, body, modelField, (id) =>
			LARGE_LANGUAGE_MODELS.find((m) => m.id === id),
		);
	}
	if ('rag' in body) {
		changes.rag = http.refField(errors, body, 'rag', (id) =>
			id === DEFAULT_RAG.id ? DEFAULT_RAG : store.chatbots.find((c) => c.rag.id === id)?.rag,
		);
	}
	errors.throwIfAny();
	return changes;
}

function createChatbot(ctx: Ctx): void {
	const { store } = ctx.app;
	const changes = changesOf(ctx, true);
	const now = store.now();
	const chatbot = store.addChatbot({
		id: store.id(),
		senderId: store.senderId(),
		name: changes.name!,
		instructions: changes.instructions ?? '',
		largeLanguageModel: changes.largeLanguageModel ?? seed.MODELS.largeLanguageModel,
		embeddingModel: seed.MODELS.embeddingModel,
		rerankerModel: seed.MODELS.rerankerModel,
		rag: changes.rag ?? DEFAULT_RAG,
		enableChineseConversion: true,
		webhookUrl: changes.webhookUrl ?? null,
		apiWebChatId: store.id(),
		knowledgeFiles: [],
		createdAt: now,
		updatedAt: now,
	});
	const webChatName = `${chatbot.name} 網頁聊天`;
	store.addWebChat({
		id: chatbot.apiWebChatId,
		chatbotId: chatbot.id,
		name: webChatName,
		avatar: null,
	});
	store.addInbox({
		id: store.id(),
		chatbotId: chatbot.id,
		name: webChatName,
		channelType: 'web',
		channel: { id: chatbot.apiWebChatId, name: webChatName },
		createdAt: now,
	});
	http.json(ctx, 201, views.chatbotDetail(chatbot));
}

function updateChatbot(ctx: Ctx, full: boolean): void {
	const chatbot = chatbotParam(ctx);
	const changes = changesOf(ctx, full);
	Object.assign(chatbot, changes, { updatedAt: ctx.app.store.now() });
	http.json(ctx, 200, views.chatbotDetail(chatbot));
}

export const routes: Route[] = [
	{
		method: 'GET',
		pattern: 'chatbots/',
		handler: (ctx) =>
			http.json(
				ctx,
				200,
				pagination.paginatePage(ctx, ctx.app.store.chatbots, views.chatbotSummary),
			),
	},
	{ method: 'POST', pattern: 'chatbots/', handler: createChatbot },
	{
		method: 'GET',
		pattern: 'chatbots/:chatbotId/',
		handler: (ctx) => http.json(ctx, 200, views.chatbotDetail(chatbotParam(ctx))),
	},
	{ method: 'PUT', pattern: 'chatbots/:chatbotId/', handler: (ctx) => updateChatbot(ctx, true) },
	{ method: 'PATCH', pattern: 'chatbots/:chatbotId/', handler: (ctx) => updateChatbot(ctx, false) },
	{
		method: 'GET',
		pattern: 'large-language-models/',
		handler: (ctx) =>
			http.json(
				ctx,
				200,
				pagination.paginatePage(ctx, LARGE_LANGUAGE_MODELS, (m) => m),
			),
	},
];
