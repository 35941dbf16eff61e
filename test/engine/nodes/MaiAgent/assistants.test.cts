/**
 * Issue 16's operations through n8n-core against the sandbox: AI Assistant > Get Many / Get,
 * Inbox > Get Many, Message > Send as Agent, Conversation > Set Auto-Reply.
 */
import { rl, useSandbox } from './fixture.cts';

const sb = useSandbox({ replyDelayMs: 0 });
const MISSING = '00000000-0000-4000-8000-000000000000';

const store = () => sb.sandbox.store;
const newConversation = () =>
	store().startConversation(store().inboxOfWebChat(store().chatbots[0].apiWebChatId)!.id);

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
		expect(simple).toMatchObject({
			id: bot.id,
			name: bot.name,
			largeLanguageModel: bot.largeLanguageModel.id,
			apiWebChatId: bot.apiWebChatId,
			webhookUrl: null,
		});
		expect(simple).not.toHaveProperty('replyMode');
		expect(sb.requestsTo(`chatbots/${bot.id}/`)).toHaveLength(2);
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

describe('Inbox > Get Many', () => {
	it('filters by assistant and channel type in the query', async () => {
		const bot = store().chatbots[0];
		const inboxes = await sb.json({
			resource: 'inbox',
			operation: 'getAll',
			returnAll: true,
			filters: { chatbot: rl(bot.id), channelType: 'line' },
		});
		const expected = store().inboxes.filter(
			(i) => i.chatbotId === bot.id && i.channelType === 'line',
		);
		expect(expected).toHaveLength(1);
		expect(inboxes).toEqual([
			{
				id: expected[0].id,
				name: expected[0].name,
				channelType: 'line',
				unreadConversationsCount: 0,
				channel: expected[0].channel,
			},
		]);
		expect(sb.requestsTo('inboxes/')[0].query).toMatchObject({
			chatbot: bot.id,
			channelType: 'line',
		});
	});

	it('lists every inbox without filters, up to the limit', async () => {
		const all = await sb.json({
			resource: 'inbox',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(all.map((i) => i.id)).toEqual(store().inboxes.map((i) => i.id));
		const two = await sb.json({ resource: 'inbox', operation: 'getAll', limit: 2 });
		expect(two).toHaveLength(2);
		expect(sb.requestsTo('inboxes/').every((r) => r.query.chatbot === undefined)).toBe(true);
	});

	it('refuses a malformed assistant ID before any request', async () => {
		const { error } = await sb.run({
			resource: 'inbox',
			operation: 'getAll',
			filters: { chatbot: rl('={{ "x" }}') },
		});
		expect(error?.message).toBe('AI assistant "x" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Message > Send as Agent', () => {
	it('posts an outgoing message to messages/outgoing/; the assistant does not answer it', async () => {
		const conversation = newConversation();
		const [message] = await sb.json({
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: rl(conversation.id),
			content: '由我為您處理',
		});
		expect(sb.requestsTo('messages/outgoing/')[0].body).toEqual({
			conversation: conversation.id,
			content: '由我為您處理',
			type: 'outgoing',
		});
		expect(message).toMatchObject({
			conversation: conversation.id,
			type: 'outgoing',
			sender: { name: 'API 使用者' },
		});
		expect(
			store()
				.messagesOf(conversation.id)
				.map((m) => m.sender?.kind),
		).toEqual(['agent']);
	});

	it('refuses blank content and a malformed conversation before any request', async () => {
		const conversation = newConversation();
		const blank = await sb.run({
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: rl(conversation.id),
			content: '  ',
		});
		expect(blank.error?.message).toBe('Content is required');
		const bad = await sb.run({
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: rl('={{ "1" }}'),
			content: 'x',
		});
		expect(bad.error?.message).toBe('Conversation "1" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it("names the operation, the status and MaiAgent's detail; continue-on-fail keeps the other items", async () => {
		const good = newConversation().id;
		const input = [{ json: { id: good } }, { json: { id: MISSING } }, { json: { id: good } }];
		const parameters = {
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: rl('={{ $json.id }}'),
			content: 'hello',
		};
		const failed = await sb.run(parameters, { input });
		const agentMessages = () =>
			store()
				.messagesOf(good)
				.filter((m) => m.sender?.kind === 'agent').length;
		const before = agentMessages();
		expect(failed.error?.message).toBe(
			`Send a message as a human agent failed: MaiAgent answered 400 - conversation: Invalid pk "${MISSING}" - object does not exist.`,
		);
		const { output, error } = await sb.run(parameters, { input, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output[0].map((item) => item.json.error === undefined)).toEqual([true, false, true]);
		expect(agentMessages() - before).toBe(2);
	});
});

describe('Conversation > Set Auto-Reply', () => {
	const setAutoReply = (conversation: string, autoReplyEnabled: boolean, extra = {}) => ({
		resource: 'conversation',
		operation: 'setAutoReply',
		conversation: rl(conversation),
		autoReplyEnabled,
		...extra,
	});

	it('pauses and resumes one conversation, sending both body forms', async () => {
		const conversation = newConversation();
		const [paused] = await sb.json(setAutoReply(conversation.id, false));
		expect(paused).toMatchObject({ id: conversation.id, autoReplyEnabled: false });
		expect(paused).not.toHaveProperty('isGroupChat');
		expect(store().conversation(conversation.id)!.autoReplyEnabled).toBe(false);
		const [resumed] = await sb.json(setAutoReply(conversation.id, true, { simplify: false }));
		expect(resumed).toMatchObject({
			autoReplyEnabled: true,
			isAutoReplyNow: true,
			isGroupChat: false,
		});
		const patches = sb.requestsTo(`conversations/${conversation.id}/update-auto-reply/`);
		expect(patches.map((r) => [r.method, r.body])).toEqual([
			['PATCH', { autoReplyEnabled: false, enabled: false }],
			['PATCH', { autoReplyEnabled: true, enabled: true }],
		]);
	});

	it('sends the PATCH once more when the answer shows the other state (an endpoint that toggles)', async () => {
		const conversation = newConversation();
		const wrong = { id: conversation.id, autoReplyEnabled: true };
		sb.sandbox.control.fail({ route: /update-auto-reply/, status: 200, body: wrong, times: 1 });
		const [paused] = await sb.json(setAutoReply(conversation.id, false));
		expect(paused.autoReplyEnabled).toBe(false);
		expect(sb.requestsTo(`conversations/${conversation.id}/update-auto-reply/`)).toHaveLength(2);
	});

	it('fails clearly when MaiAgent keeps the other state', async () => {
		const conversation = newConversation();
		const wrong = { id: conversation.id, autoReplyEnabled: true };
		sb.sandbox.control.fail({ route: /update-auto-reply/, status: 200, body: wrong, times: 2 });
		const { error } = await sb.run(setAutoReply(conversation.id, false));
		expect(error?.message).toBe(
			'Set the auto-reply of a conversation failed: MaiAgent still shows auto-reply on',
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(sb.requestsTo(`conversations/${conversation.id}/update-auto-reply/`)).toHaveLength(2);
	});

	it('names the operation on a 404, refuses a malformed ID before any request, continues on fail', async () => {
		const missing = await sb.run(setAutoReply(MISSING, false));
		expect(missing.error?.message).toBe(
			'Set the auto-reply of a conversation failed: MaiAgent answered 404 - Not found.',
		);
		sb.sandbox.control.clearRequests();
		const bad = await sb.run(setAutoReply('={{ "abc" }}', false));
		expect(bad.error?.message).toBe('Conversation "abc" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
		const good = newConversation().id;
		const { output } = await sb.run(
			{ ...setAutoReply('={{ $json.id }}', false) },
			{ input: [{ json: { id: MISSING } }, { json: { id: good } }], continueOnFail: true },
		);
		expect(output[0].map((item) => item.json.autoReplyEnabled ?? item.json.error)).toEqual([
			expect.stringMatching(/answered 404/),
			false,
		]);
	});
});
