/**
 * Return All against a raw undici client doing the same HTTP work in the same run:
 * - cursor: Message > Get Many over 50,000 messages of one conversation (500 cursor pages of 100);
 * - records: Chat Record > Get Many over 5,000 records in page-number pages, with 20 ms of server
 *   latency per page. The node fetches pages a few at a time; the raw client is a sequential
 *   `next` loop, as MaiAgent's own examples do it.
 * Also the peak RSS of the node's Return All and Excel export runs.
 */
import type { INodeParameters } from 'n8n-workflow';
import { request } from 'undici';

import { MaiAgentApi } from '../credentials/MaiAgentApi.credentials';
import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import { startSandbox } from '../sandbox/index.cts';
import type { Sandbox } from '../sandbox/index.cts';
import { runNode } from '../test/helpers/engine.cts';
import { compare, peakRss, round } from './measure.cts';

const MESSAGES = 50_000;
const RECORDS = 5_000;
const RECORD_LATENCY_MS = 20;

async function rawFollowNext(sandbox: Sandbox, url: string): Promise<number> {
	let next: string | null = url;
	let count = 0;
	while (next) {
		const response = await request(next, { headers: { authorization: `Api-Key ${sandbox.apiKey}` } });
		const page = (await response.body.json()) as { next: string | null; results: unknown[] };
		count += page.results.length;
		next = page.next;
	}
	return count;
}

async function runOperation(sandbox: Sandbox, parameters: INodeParameters) {
	const { output, error } = await runNode({
		nodeType: new MaiAgent(),
		parameters,
		credentials: { maiAgentApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl } },
		credentialTypes: [new MaiAgentApi()],
	});
	if (error) throw new Error(error.message);
	return output[0];
}

function fillConversation(sandbox: Sandbox): string {
	const { store } = sandbox;
	const conversation = store.conversations[0];
	const start = Date.now() - MESSAGES * 1000;
	for (let i = store.messagesOf(conversation.id).length; i < MESSAGES; i++) {
		store.addMessage({
			conversationId: conversation.id,
			type: i % 2 ? 'outgoing' : 'incoming',
			content: i % 2 ? `回覆 ${i}：感謝您的來信，我們會盡快處理。` : `Question ${i}: when is the store open?`,
			createdAt: String(start + i * 1000),
		});
	}
	return conversation.id;
}

function fillRecords(sandbox: Sandbox): string {
	const { store } = sandbox;
	const bot = store.chatbots[0];
	for (let i = store.recordsOf(bot.id).length; i < RECORDS; i++) {
		store.addRecord({
			chatbotId: bot.id,
			conversationId: store.conversations[0].id,
			turn: i % 3 ? 'Follow' : 'New',
			inputMessage: `問題 ${i}`,
			condenseMessage: `問題 ${i}（改寫）`,
			outputMessage: `回答 ${i}`,
			context: 'FAQ.pdf',
			faithfulnessScore: 0.9,
			answerRelevancyScore: 0.85,
			contextPrecisionScore: 0.8,
			answerCorrectnessScore: null,
			answerSimilarityScore: null,
			contextRecallScore: null,
			replyTime: '1.4',
			error: null,
		});
	}
	return bot.id;
}

export interface ReturnAllFigures {
	cursor_return_all_ratio: number;
	cursor_return_all_node_ms: number;
	cursor_return_all_raw_ms: number;
	records_return_all_ratio: number;
	records_return_all_node_ms: number;
	records_return_all_raw_ms: number;
	peak_rss_mb: { return_all: number; export: number };
}

export async function benchReturnAll(): Promise<ReturnAllFigures> {
	const sandbox = await startSandbox({ port: 0, seed: 'default' });
	try {
		const conversation = fillConversation(sandbox);
		const messages = { resource: 'message', operation: 'getAll', returnAll: true, simplify: false, conversation: { __rl: true, mode: 'id', value: conversation } };
		const cursor = await compare(
			async () => {
				const items = await runOperation(sandbox, messages);
				if (items.length !== MESSAGES) throw new Error(`node got ${items.length} messages`);
			},
			async () => {
				const count = await rawFollowNext(sandbox, `${sandbox.baseUrl}/messages/?conversation=${conversation}&pageSize=100`);
				if (count !== MESSAGES) throw new Error(`raw got ${count} messages`);
			},
		);

		const chatbot = fillRecords(sandbox);
		sandbox.control.setLatency(/records\/$/, RECORD_LATENCY_MS);
		const records = { resource: 'chatRecord', operation: 'getAll', returnAll: true, simplify: false, chatbot: { __rl: true, mode: 'id', value: chatbot } };
		const paged = await compare(
			async () => {
				const items = await runOperation(sandbox, records);
				if (items.length !== RECORDS) throw new Error(`node got ${items.length} records`);
			},
			async () => {
				const count = await rawFollowNext(sandbox, `${sandbox.baseUrl}/chatbots/${chatbot}/records/?page=1&pageSize=100`);
				if (count !== RECORDS) throw new Error(`raw got ${count} records`);
			},
			{ runs: 3 },
		);
		sandbox.control.reset();

		const rssReturnAll = await peakRss(async () => await runOperation(sandbox, messages));
		const rssExport = await peakRss(async () =>
			await runOperation(sandbox, { resource: 'chatRecord', operation: 'exportExcel', binaryPropertyName: 'data', chatbot: { __rl: true, mode: 'id', value: chatbot } }),
		);

		return {
			cursor_return_all_ratio: round(cursor.ratio),
			cursor_return_all_node_ms: round(cursor.aMs, 0),
			cursor_return_all_raw_ms: round(cursor.bMs, 0),
			records_return_all_ratio: round(paged.ratio),
			records_return_all_node_ms: round(paged.aMs, 0),
			records_return_all_raw_ms: round(paged.bMs, 0),
			peak_rss_mb: { return_all: round(rssReturnAll.mb, 0), export: round(rssExport.mb, 0) },
		};
	} finally {
		await sandbox.stop();
	}
}

if (require.main === module) {
	benchReturnAll().then((figures) => console.table(figures), (error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
