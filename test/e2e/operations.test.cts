// Every operation of the MaiAgent node inside real n8n (`n8n execute`), in one workflow that chains
// them from a Manual Trigger, with the credential imported and pointing at the sandbox. The last
// node fails on purpose (an unknown conversation) to show the error n8n reports.
import type { IRun } from 'n8n-workflow';
import crypto from 'node:crypto';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';

const QUESTION = '退貨要怎麼辦？';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UNKNOWN_CONVERSATION = crypto.randomUUID();

const once = { executeOnce: true };

const workflow = f.linearWorkflow('E2E: every MaiAgent operation', [
	f.manualTrigger(),
	f.maiAgent('Send', {
		resource: 'message',
		operation: 'send',
		chatbot: f.byId(f.CHATBOT),
		content: QUESTION,
		options: { streaming: false },
	}),
	f.maiAgent('Send streaming', {
		resource: 'message',
		operation: 'send',
		chatbot: f.byId(f.CHATBOT),
		content: QUESTION,
		conversation: f.byId('={{ $json.conversationId }}'),
		options: { streaming: true },
	}),
	f.maiAgent('Create conversation', {
		resource: 'conversation',
		operation: 'create',
		webChat: f.byId(f.WEB_CHAT),
	}),
	f.maiAgent('Get conversation', {
		resource: 'conversation',
		operation: 'get',
		conversation: f.byId('={{ $json.id }}'),
	}),
	f.maiAgent('Create message', {
		resource: 'message',
		operation: 'create',
		conversation: f.byId("={{ $('Create conversation').item.json.id }}"),
		content: 'Do you ship abroad?',
		options: { waitForReply: true, pollInterval: 0.2, replyTimeout: 30 },
	}),
	f.maiAgent('Get message', {
		resource: 'message',
		operation: 'get',
		message: f.byId('={{ $json.reply.id }}'),
	}),
	f.maiAgent(
		'Get many messages',
		{
			resource: 'message',
			operation: 'getAll',
			conversation: f.byId("={{ $('Create conversation').item.json.id }}"),
			returnAll: true,
		},
		once,
	),
	f.maiAgent(
		'Get many conversations',
		{ resource: 'conversation', operation: 'getAll', limit: 3 },
		once,
	),
	f.maiAgent(
		'Get many chat records',
		{ resource: 'chatRecord', operation: 'getAll', chatbot: f.byId(f.CHATBOT), returnAll: true },
		once,
	),
	f.maiAgent(
		'Export to Excel',
		{
			resource: 'chatRecord',
			operation: 'exportExcel',
			chatbot: f.byId(f.CHATBOT),
			binaryPropertyName: 'workbook',
		},
		once,
	),
	f.maiAgent(
		'Get unknown conversation',
		{ resource: 'conversation', operation: 'get', conversation: f.byId(UNKNOWN_CONVERSATION) },
		once,
	),
]);

f.describeEachN8n((version) => {
	let run: IRun;

	const json = (name: string) =>
		launcher.nodeOutput(run, name).map((item) => item.json as Record<string, any>);

	const env = f.useN8n(version, {
		setup: async ({ n8n }) => {
			run = await n8n.execute(await n8n.importWorkflow(workflow));
		},
	});

	test('Message > Send answers without streaming, and with streaming (read as a stream, output whole)', () => {
		const [plain] = json('Send');
		expect(plain).toMatchObject({ done: true, conversationId: expect.any(String) });
		expect(plain.content).toContain(QUESTION);
		expect(plain.citations.length).toBeGreaterThan(0);

		const [streamed] = json('Send streaming');
		// The sandbox's reply is deterministic: the streamed deltas add up to the same text.
		expect(streamed).toMatchObject({
			conversationId: plain.conversationId,
			content: plain.content,
		});
		expect(streamed.deltas).toBeGreaterThan(1);
		expect(streamed.citations.length).toBeGreaterThan(0);

		const completions = f.completionRequests(env.sandbox);
		expect(completions).toEqual([
			expect.objectContaining({ isStreaming: false, message: { content: QUESTION } }),
			expect.objectContaining({ isStreaming: true, conversation: plain.conversationId }),
		]);
		expect(env.sandbox.store.messagesOf(plain.conversationId)).toHaveLength(4);
	});

	test('Conversation > Create and Get', () => {
		const [created] = json('Create conversation');
		const stored = env.sandbox.store.conversation(created.id);
		expect(stored).toBeDefined();
		expect(env.sandbox.store.inboxOfWebChat(f.WEB_CHAT)?.id).toBe(stored!.inboxId);

		const [got] = json('Get conversation');
		expect(got).toMatchObject({
			id: created.id,
			inbox: { id: stored!.inboxId },
			createdAtIso: expect.any(String),
		});
	});

	test('Message > Create (waiting for the reply), Get and Get Many', () => {
		const conversation = json('Create conversation')[0].id;
		const [created] = json('Create message');
		expect(created).toMatchObject({
			conversation,
			type: 'incoming',
			content: 'Do you ship abroad?',
			reply: { type: 'outgoing', content: expect.any(String) },
		});

		const [got] = json('Get message');
		expect(got).toMatchObject({
			id: created.reply.id,
			type: 'outgoing',
			content: created.reply.content,
		});

		const listed = json('Get many messages');
		expect(listed.map((message) => message.id)).toEqual([created.reply.id, created.id]);
	});

	test('Conversation > Get Many lists the newest activity first, up to the limit', () => {
		const listed = json('Get many conversations');
		const expected = env.sandbox.store
			.conversationsByActivity()
			.slice(0, 3)
			.map((conversation) => conversation.id);
		expect(listed.map((conversation) => conversation.id)).toEqual(expected);
		expect(listed[0].id).toBe(json('Create conversation')[0].id);
	});

	test('Chat Record > Get Many returns every record of the assistant, including the ones just made', () => {
		const records = json('Get many chat records');
		const stored = env.sandbox.store.recordsOf(f.CHATBOT);
		expect(records.map((record) => record.id)).toEqual(stored.map((record) => record.id));
		expect(records[records.length - 1]).toEqual(
			expect.objectContaining({ inputMessage: expect.any(String) }),
		);
		expect(records.some((record) => record.inputMessage === QUESTION)).toBe(true);
	});

	test('Chat Record > Export to Excel outputs the workbook as binary data', () => {
		const [item] = launcher.nodeOutput(run, 'Export to Excel');
		const fileName = `chatbot_records_${f.CHATBOT}.xlsx`;
		expect(item.json).toEqual({ fileName, mimeType: XLSX_MIME, fileSize: expect.any(Number) });
		expect(item.binary?.workbook).toMatchObject({
			fileName,
			mimeType: XLSX_MIME,
			fileExtension: 'xlsx',
		});
		expect(item.json.fileSize).toBeGreaterThan(1000);
	});

	test('a failing operation stops the run with a NodeApiError naming the operation', () => {
		const error = run.data.resultData.error as unknown as Record<string, any>;
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Get a conversation failed: MaiAgent answered 404 - Not found.',
			httpCode: '404',
			node: { name: 'Get unknown conversation' },
		});
		expect(run.data.resultData.lastNodeExecuted).toBe('Get unknown conversation');
		const task = run.data.resultData.runData['Get unknown conversation'][0];
		expect(task.error?.message).toBe(error.message);
		expect(task.error?.description).toMatch(/Not found: check the ID/);
	});
});
