/**
 * A sandbox in its own process, so the benchmarks time the clients, not the sandbox sharing their
 * event loop and heap. Started with `fork`; answers commands over IPC:
 *   { fill: 'messages', count }  -> { conversation }   (one conversation with `count` messages)
 *   { fill: 'records', count }   -> { chatbot }        (one assistant with `count` records)
 *   { latency: { route, ms } } / { reset: true }       -> {}
 * and first sends { baseUrl, apiKey } once listening.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import { startSandbox } from '../sandbox/index.cts';
import type { Message, Sandbox } from '../sandbox/index.cts';

type Command =
	| { id: number; fill: 'messages' | 'records'; count: number }
	| { id: number; latency: { route: string; ms: number } }
	| { id: number; reset: true };

function fillMessages(sandbox: Sandbox, count: number): string {
	const { store } = sandbox;
	const conversation = store.conversations[0];
	const start = Date.now() - count * 1000;
	for (let i = store.messagesOf(conversation.id).length; i < count; i++) {
		store.addMessage({
			conversationId: conversation.id,
			type: i % 2 ? 'outgoing' : 'incoming',
			content:
				i % 2
					? `回覆 ${i}：感謝您的來信，我們會盡快處理。`
					: `Question ${i}: when is the store open?`,
			createdAt: String(start + i * 1000),
		});
	}
	return conversation.id;
}

function fillRecords(sandbox: Sandbox, count: number): string {
	const { store } = sandbox;
	const bot = store.chatbots[0];
	for (let i = store.recordsOf(bot.id).length; i < count; i++) {
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

/**
 * The sandbox sorts a conversation's messages for every request (fine for tests); with 50,000
 * messages that is ~20 ms per page, which would swamp the client cost being measured. Here the
 * sorted list is kept until a message is added, as a database index would serve a page.
 */
function indexMessages(sandbox: Sandbox): void {
	const { store } = sandbox;
	const sortedOf = store.messagesOf.bind(store);
	const cache = new Map<string | undefined, { version: number; sorted: Message[] }>();
	store.messagesOf = (conversationId?: string) => {
		const version = store.messages.length;
		let entry = cache.get(conversationId);
		if (entry?.version !== version) {
			entry = { version, sorted: sortedOf(conversationId) };
			cache.set(conversationId, entry);
		}
		return entry.sorted.slice();
	};
}

async function serve(): Promise<void> {
	const sandbox = await startSandbox({ port: 0, seed: 'default' });
	indexMessages(sandbox);
	process.on('message', (command: Command) => {
		let answer: Record<string, unknown> = {};
		if ('fill' in command) {
			answer =
				command.fill === 'messages'
					? { conversation: fillMessages(sandbox, command.count) }
					: { chatbot: fillRecords(sandbox, command.count) };
		} else if ('latency' in command) {
			sandbox.control.setLatency(new RegExp(command.latency.route), command.latency.ms);
		} else {
			sandbox.control.reset();
		}
		process.send!({ id: command.id, ...answer });
	});
	process.on('disconnect', () => void sandbox.stop().then(() => process.exit(0)));
	process.send!({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey });
}

export interface RemoteSandbox {
	baseUrl: string;
	apiKey: string;
	command(command: Record<string, unknown>): Promise<Record<string, string>>;
	stop(): void;
}

/** Forks this file as a sandbox process and resolves once it listens. */
export async function startRemoteSandbox(): Promise<RemoteSandbox> {
	const child = fork(__filename, ['--serve'], {
		execArgv: ['-r', 'ts-node/register'],
		env: { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, '../tsconfig.tools.json') },
	});
	const ready = await new Promise<{ baseUrl: string; apiKey: string }>((resolve, reject) => {
		child.once('message', (message) => resolve(message as { baseUrl: string; apiKey: string }));
		child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
	});
	let nextId = 0;
	return {
		...ready,
		command: (command) =>
			new Promise((resolve) => {
				const id = ++nextId;
				const onMessage = (message: { id?: number }) => {
					if (message.id !== id) return;
					child.off('message', onMessage);
					resolve(message as Record<string, string>);
				};
				child.on('message', onMessage);
				child.send({ id, ...command });
			}),
		stop: () => child.disconnect(),
	};
}

if (process.argv.includes('--serve')) void serve();
