/** Message > Send as Agent: through n8n-core against the sandbox (issue 16). */
import { rl, useSandbox } from '../../fixture.cts';

const sb = useSandbox({ replyDelayMs: 0 });
const MISSING = '00000000-0000-4000-8000-000000000000';

const store = () => sb.sandbox.store;
const newConversation = () =>
	store().startConversation(store().inboxOfWebChat(store().chatbots[0].apiWebChatId)!.id);

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
			createdAtIso: new Date(Number(message.createdAt)).toISOString(),
		});
		const [raw] = await sb.json({
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: rl(conversation.id),
			content: '稍等',
			simplify: false,
		});
		expect(raw).toMatchObject({ type: 'outgoing', content: '稍等' });
		expect(raw).not.toHaveProperty('createdAtIso');
		expect(
			store()
				.messagesOf(conversation.id)
				.map((m) => m.sender?.kind),
		).toEqual(['agent', 'agent']);
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
