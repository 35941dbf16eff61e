/** Conversation > Set Auto-Reply: through n8n-core against the sandbox (issue 16). */
import { rl, useSandbox } from '../../fixture.cts';

const sb = useSandbox({ replyDelayMs: 0 });
const MISSING = '00000000-0000-4000-8000-000000000000';

const store = () => sb.sandbox.store;
const newConversation = () =>
	store().startConversation(store().inboxOfWebChat(store().chatbots[0].apiWebChatId)!.id);

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
