// Issue 16 inside real n8n (`n8n execute`): the AI Assistant and Inbox resources, the human
// handover operations (Conversation > Set Auto-Reply, Message > Send as Agent) with their effect on
// the sandbox's model, and the example that mails yesterday's chat records of every assistant as one
// workbook each (records seeded on several days; the mail must hold only the chosen day's).
import type { IRun, INodeExecutionData } from 'n8n-workflow';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';

import type { ChatbotRecord, Sandbox } from '../../sandbox/index.cts';
import { EXPORT_COLUMNS } from '../../sandbox/routes/records.cts';
import type { ReceivedMail } from '../../scripts/smtp-sink.cts';
import { attachmentName, decodeBody, mimeParts } from '../../scripts/smtp-sink.cts';
import { nodeOutput } from '../../scripts/lib/n8n.cts';
import { EXPORT_COLUMNS as EXPORT_HEADERS } from '../helpers/spec.cts';
import {
	CHATBOT,
	WEB_CHAT,
	byId,
	describeEachN8n,
	example,
	linearWorkflow,
	maiAgent,
	manualTrigger,
	useN8n,
} from './fixtures.cts';

const DAY_MS = 86_400_000;
const TAIPEI_MS = 8 * 3_600_000;
const UNKNOWN_CONVERSATION = crypto.randomUUID();
const AGENT_TEXT = '您好，我是客服專員小林，接下來由我為您服務。';
const once = { executeOnce: true };

const operations = linearWorkflow('E2E: AI assistants, inboxes, human handover', [
	manualTrigger(),
	maiAgent('Get many assistants', { resource: 'aiAssistant', operation: 'getAll', limit: 2 }),
	maiAgent('Get assistant', {
		resource: 'aiAssistant',
		operation: 'get',
		chatbot: byId('={{ $json.id }}'),
	}),
	maiAgent(
		'Get web inboxes of the assistant',
		{
			resource: 'inbox',
			operation: 'getAll',
			returnAll: true,
			filters: { chatbot: byId(CHATBOT), channelType: 'web' },
		},
		once,
	),
	maiAgent(
		'Create conversation',
		{ resource: 'conversation', operation: 'create', webChat: byId(WEB_CHAT) },
		once,
	),
	maiAgent('Pause the assistant', {
		resource: 'conversation',
		operation: 'setAutoReply',
		conversation: byId('={{ $json.id }}'),
		autoReplyEnabled: false,
	}),
	maiAgent('Send as agent', {
		resource: 'message',
		operation: 'sendAsAgent',
		conversation: byId("={{ $('Create conversation').item.json.id }}"),
		content: AGENT_TEXT,
	}),
	maiAgent('Customer writes while paused', {
		resource: 'message',
		operation: 'create',
		conversation: byId("={{ $('Create conversation').item.json.id }}"),
		content: '好的，我等您',
	}),
	maiAgent('Resume the assistant', {
		resource: 'conversation',
		operation: 'setAutoReply',
		conversation: byId("={{ $('Create conversation').item.json.id }}"),
		autoReplyEnabled: true,
	}),
	maiAgent(
		'Send as agent to an unknown conversation',
		{
			resource: 'message',
			operation: 'sendAsAgent',
			conversation: byId(UNKNOWN_CONVERSATION),
			content: 'x',
		},
		{ ...once, onError: 'continueRegularOutput' },
	),
]);

/** The per-assistant example with its Schedule Trigger replaced by a Manual Trigger of the same name. */
function exportWorkflow() {
	const workflow = example('daily-records-per-assistant-by-email.json');
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	Object.assign(schedule, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	return workflow;
}

/** Midnight (Asia/Taipei, UTC+8 without DST) that starts the day of `ms`. */
const taipeiMidnight = (ms: number) => Math.floor((ms + TAIPEI_MS) / DAY_MS) * DAY_MS - TAIPEI_MS;

/** Chat records on several days around yesterday (Taipei): on its first and last millisecond too. */
function seedRecords(sandbox: Sandbox): void {
	const { store } = sandbox;
	const yesterday = taipeiMidnight(Date.now()) - DAY_MS;
	const [first, second, third] = store.chatbots;
	const plan: Array<[typeof first, number[]]> = [
		[
			first,
			[yesterday, yesterday + 3_600_000, yesterday + DAY_MS - 1, yesterday - 1, yesterday + DAY_MS],
		],
		[second, [yesterday + 12 * 3_600_000, yesterday + DAY_MS + 60_000]],
		[third, [yesterday - DAY_MS, yesterday - 1]],
	];
	for (const [chatbot, times] of plan) {
		const inbox = store.inboxes.find((candidate) => candidate.chatbotId === chatbot.id)!;
		const conversationId = store.startConversation(inbox.id).id;
		times.forEach((at, index) => {
			const question = `第 ${index + 1} 題：${new Date(at).toISOString()}`;
			store.addRecord({
				chatbotId: chatbot.id,
				conversationId,
				turn: index === 0 ? 'New' : 'Follow',
				inputMessage: question,
				condenseMessage: index === 0 ? question : `（延續）${question}`,
				outputMessage: `回答 ${index + 1}`,
				context: index % 2 ? null : '退貨須知.pdf',
				faithfulnessScore: 0.9,
				answerRelevancyScore: index % 2 ? null : 0.75,
				contextPrecisionScore: 0.5,
				answerCorrectnessScore: null,
				answerSimilarityScore: 0.66,
				contextRecallScore: 1,
				replyTime: index % 2 ? null : '1.25',
				error: null,
				createdAt: String(at),
			});
		});
	}
}

/** Every output item of every run of a node (a node in a loop runs once per batch). */
function allRuns(run: IRun, name: string): INodeExecutionData[] {
	return (run.data.resultData.runData[name] ?? []).flatMap((task) => task.data?.main[0] ?? []);
}

async function sheetRows(bytes: Buffer): Promise<{ name: string; rows: string[][] }> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0];
	const rows: string[][] = [];
	sheet.eachRow((row) => {
		const values = (row.values as unknown[]).slice(1);
		rows.push(Array.from({ length: EXPORT_COLUMNS.length }, (_, i) => String(values[i] ?? '')));
	});
	return { name: sheet.name, rows };
}

describeEachN8n((version) => {
	let run: IRun;
	let exported: IRun;
	let mail: ReceivedMail;

	const json = (name: string) =>
		nodeOutput(run, name).map((item) => item.json as Record<string, any>);

	const env = useN8n(version, {
		// No reply delay: a reply the paused assistant must not give would be stored before n8n's
		// next request arrives.
		sandbox: { replyDelayMs: 0 },
		smtp: true,
		setup: async ({ n8n, sandbox, sink }) => {
			seedRecords(sandbox);
			exported = await n8n.execute(await n8n.importWorkflow(exportWorkflow()));
			mail = sink.mails[0];
			run = await n8n.execute(await n8n.importWorkflow(operations));
		},
	});

	test('AI Assistant > Get Many (limit) and Get (simplified, ids from the list)', () => {
		const listed = json('Get many assistants');
		expect(listed.map((chatbot) => chatbot.id)).toEqual(
			env.sandbox.store.chatbots.slice(0, 2).map((c) => c.id),
		);
		expect(listed[0]).toMatchObject({
			name: '客服小幫手',
			largeLanguageModel: 'GPT-4o',
			updatedAtIso: expect.any(String),
		});
		const got = json('Get assistant');
		expect(got.map((chatbot) => chatbot.id)).toEqual(listed.map((chatbot) => chatbot.id));
		expect(got[0]).toMatchObject({
			apiWebChatId: env.sandbox.store.chatbots[0].apiWebChatId,
			webhookUrl: null,
		});
	});

	test('Inbox > Get Many filters by assistant and channel type on the server', () => {
		const inboxes = json('Get web inboxes of the assistant');
		const expected = env.sandbox.store.inboxes.filter(
			(i) => i.chatbotId === CHATBOT && i.channelType === 'web',
		);
		expect(inboxes.map((inbox) => inbox.id)).toEqual(expected.map((inbox) => inbox.id));
		expect(inboxes[0]).toMatchObject({ channelType: 'web', channel: { id: WEB_CHAT } });
		const request = env.sandbox.requests.find((r) => /\/inboxes\/$/.test(r.path))!;
		expect(request.query).toMatchObject({ chatbot: CHATBOT, channelType: 'web' });
	});

	test('Set Auto-Reply pauses the assistant, Send as Agent posts the reply, and a paused conversation stays unanswered', () => {
		const conversation = json('Create conversation')[0].id as string;
		expect(json('Pause the assistant')[0]).toMatchObject({
			id: conversation,
			autoReplyEnabled: false,
		});
		const [agentMessage] = json('Send as agent');
		expect(agentMessage).toMatchObject({
			conversation,
			type: 'outgoing',
			content: AGENT_TEXT,
			sender: { name: 'API 使用者' },
		});
		expect(json('Resume the assistant')[0]).toMatchObject({
			id: conversation,
			autoReplyEnabled: true,
		});
		// Oldest first: the agent's message and the customer's, no assistant reply to either.
		const stored = env.sandbox.store.messagesOf(conversation).reverse();
		expect(stored.map((m) => [m.type, m.sender?.kind])).toEqual([
			['outgoing', 'agent'],
			['incoming', 'contact'],
		]);
		expect(env.sandbox.store.conversation(conversation)!.autoReplyEnabled).toBe(true);
		const patches = env.sandbox.requests.filter((r) => r.method === 'PATCH');
		expect(patches.map((r) => r.body)).toEqual([
			{ autoReplyEnabled: false, enabled: false },
			{ autoReplyEnabled: true, enabled: true },
		]);
	});

	test('an API error with continue-on-fail becomes an item naming the operation, the status and the detail', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(json('Send as agent to an unknown conversation')).toEqual([
			{
				error: expect.stringMatching(
					/^Send a message as a human agent failed: MaiAgent answered 400 - conversation: Invalid pk ".+" - object does not exist\.$/,
				),
			},
		]);
	});

	test("the per-assistant example mails one workbook per assistant with records that day, only that day's", async () => {
		expect(exported.data.resultData.error).toBeUndefined();
		expect(env.sink.mails).toHaveLength(1);
		const day = /^Subject: MaiAgent chat records of (\d{4}-\d{2}-\d{2})$/m.exec(mail.raw)?.[1];
		expect(day).toBeDefined();
		const from = Date.parse(`${day}T00:00:00+08:00`);
		const ofDay = (chatbotId: string): ChatbotRecord[] =>
			env.sandbox.store
				.recordsOf(chatbotId)
				.filter((r) => Number(r.createdAt) >= from && Number(r.createdAt) < from + DAY_MS);
		const expected = env.sandbox.store.chatbots
			.map((chatbot) => ({ chatbot, records: ofDay(chatbot.id) }))
			.filter(({ records }) => records.length > 0);
		// The seed put records on other days too, and one assistant had none that day.
		expect(expected.length).toBe(env.sandbox.store.chatbots.length - 1);
		expect(env.sandbox.store.records.length).toBeGreaterThan(
			expected.flatMap((e) => e.records).length,
		);

		const attachments = mimeParts(mail.raw).filter((part) => attachmentName(part));
		expect(attachments.map(attachmentName).sort()).toEqual(
			expected.map(({ chatbot }) => `${chatbot.name}_${day}.xlsx`).sort(),
		);
		for (const { chatbot, records } of expected) {
			const part = attachments.find((p) => attachmentName(p) === `${chatbot.name}_${day}.xlsx`)!;
			const { name, rows } = await sheetRows(decodeBody(part));
			expect(name).toBe('對話紀錄');
			expect(rows[0]).toEqual(EXPORT_HEADERS);
			// The same cells as MaiAgent's export of these records, newest first.
			expect(rows.slice(1)).toEqual(records.map((r) => EXPORT_COLUMNS.map(([, cell]) => cell(r))));
		}
		expect(allRuns(exported, "Yesterday's chat records").length).toBeGreaterThan(0);
	});
});
