/**
 * Deterministic seed data. Every seed first creates the tenant's configuration (three chatbots, each
 * with its API web chat and web inbox, plus a LINE and a Telegram inbox). Then:
 * - 'default': contacts and eight conversations with chat history and chat records;
 * - 'empty': nothing more;
 * - { conversations, messages }: that many conversations and messages (benchmarks), built in O(n).
 * Configuration timestamps count from 2025-01-01T00:00:00Z; the default chat history (and its
 * chat records) falls on yesterday in Asia/Taipei, the day the demo's daily examples report. Both
 * are in the past, so live traffic always sorts above them.
 */
import type { App } from './http.cts';
import type { ChannelType, Chatbot, Contact, Inbox, KnowledgeFile, Store } from './store.cts';
import * as assistant from './assistant.cts';
import * as random from './random.cts';

export type SeedOption = 'default' | 'empty' | { conversations: number; messages: number };

export const SEED_EPOCH = Date.UTC(2025, 0, 1);
/**
 * 客服小幫手, the first chatbot of every seed (ids come from a seeded PRNG), and its API web chat:
 * the examples, the demo and the tests name it by these (test/contract/seed.test.cts checks them).
 */
export const SEED_CHATBOT_ID = 'c42f69d6-3d65-44f3-9ab8-02104e56568c';
export const SEED_WEB_CHAT_ID = '2cb5be1d-565c-4c20-94f4-4510f5d4e03e';
const MINUTE = 60_000;
const at = (minutes: number): string => random.timestamp(SEED_EPOCH + minutes * MINUTE);
const DAY = 24 * 60 * MINUTE;
const TAIPEI_OFFSET = 8 * 60 * MINUTE; // UTC+8, no daylight saving time

/** The start of yesterday in Asia/Taipei: where the default chat history begins. */
export function historyEpoch(now = Date.now()): number {
	return Math.floor((now + TAIPEI_OFFSET) / DAY) * DAY - TAIPEI_OFFSET - DAY;
}

interface ChatbotPlan {
	name: string;
	instructions: string;
	files: Array<{ filename: string; nodes: string[] }>;
	inboxes: Array<{ name: string; channelType: ChannelType }>;
}

const CHATBOTS: ChatbotPlan[] = [
	{
		name: '客服小幫手',
		instructions: '你是電商網站的客服，以繁體中文親切回答。',
		files: [
			{
				filename: '退換貨政策.pdf',
				nodes: [
					'商品到貨七天內可申請退貨，請保持包裝完整。',
					'退款將於收到退貨後五個工作天內退回原付款方式。',
				],
			},
			{
				filename: '運送說明.docx',
				nodes: ['單筆訂單滿新臺幣一千元免運費。', '超商取貨約二至三個工作天送達。'],
			},
			{ filename: '常見問題.md', nodes: ['客服時間為週一至週五上午九點到下午六點。'] },
		],
		inboxes: [
			{ name: '官網客服', channelType: 'web' },
			{ name: 'LINE 官方帳號', channelType: 'line' },
		],
	},
	{
		name: '產品顧問',
		instructions: 'You advise on plans and pricing; answer in Traditional Chinese.',
		files: [
			{
				filename: '方案比較表.xlsx',
				nodes: [
					'標準方案適合十人以下團隊，每月新臺幣兩千元。',
					'企業方案提供專屬客戶經理與單一登入。',
				],
			},
			{
				filename: 'API 使用手冊.pdf',
				nodes: [
					'所有 API 請求需附上 Authorization: Api-Key 標頭。',
					'串流回覆使用 server-sent events 格式。',
				],
			},
		],
		inboxes: [
			{ name: '產品諮詢', channelType: 'web' },
			{ name: 'Telegram 社群', channelType: 'telegram' },
		],
	},
	{
		name: '人資助理',
		instructions: '回答公司內部人事規章問題。',
		files: [{ filename: '員工手冊.pdf', nodes: ['特休假依年資計算，滿一年給七天。'] }],
		inboxes: [{ name: '內部入口', channelType: 'web' }],
	},
];

export const MODELS = {
	largeLanguageModel: {
		id: 'b1f2a3c4-1111-4111-8111-000000000001',
		name: 'GPT-4o',
		isDefault: true,
	},
	embeddingModel: {
		id: 'b1f2a3c4-2222-4222-8222-000000000002',
		name: 'text-embedding-3-large',
		isDefault: true,
	},
	rerankerModel: {
		id: 'b1f2a3c4-3333-4333-8333-000000000003',
		name: 'bge-reranker-v2-m3',
		isDefault: false,
	},
};

function addChatbot(store: Store, plan: ChatbotPlan, index: number): Chatbot {
	const id = store.id();
	const webChatId = store.id();
	const knowledgeFiles: KnowledgeFile[] = plan.files.map((f) => ({
		id: store.id(),
		filename: f.filename,
		fileType: f.filename.split('.').pop()!,
		size: 20_000 + f.nodes.join('').length * 37,
		chatbotFileContent: store.id(),
		createdAt: at(-1000 + index),
		nodes: f.nodes.map((text) => ({ id: store.id(), text, updatedAt: at(-900 + index) })),
	}));
	const chatbot = store.addChatbot({
		id,
		senderId: store.senderId(),
		name: plan.name,
		instructions: plan.instructions,
		...MODELS,
		rag: { id: store.id(), name: 'MaiAgent RAG' },
		enableChineseConversion: true,
		webhookUrl: null,
		apiWebChatId: webChatId,
		knowledgeFiles,
		createdAt: at(-2000 + index),
		updatedAt: at(-100 + index),
	});
	store.addWebChat({ id: webChatId, chatbotId: id, name: `${plan.name} 網頁聊天`, avatar: null });
	for (const inbox of plan.inboxes) {
		store.addInbox({
			id: store.id(),
			chatbotId: id,
			name: inbox.name,
			channelType: inbox.channelType,
			channel:
				inbox.channelType === 'web'
					? { id: webChatId, name: `${plan.name} 網頁聊天` }
					: { id: store.id(), name: inbox.name },
			createdAt: at(-1500 + index),
		});
	}
	return chatbot;
}

const CONTACTS: Array<{ name: string; email: string; phone: string }> = [
	{ name: '陳小明', email: 'ming.chen@example.com', phone: '+886912345001' },
	{ name: '林美玲', email: 'meiling.lin@example.com', phone: '+886912345002' },
	{ name: '王大同', email: 'datong.wang@example.com', phone: '+886912345003' },
	{ name: '張雅婷', email: 'yating.chang@example.com', phone: '+886912345004' },
	{ name: '李志豪', email: 'chihhao.lee@example.com', phone: '+886912345005' },
	{ name: '黃怡君', email: 'yijun.huang@example.com', phone: '+886912345006' },
];

function addContact(
	store: Store,
	inbox: Inbox,
	index: number,
	person?: (typeof CONTACTS)[number],
): Contact {
	return store.addContact({
		name: person?.name ?? `訪客 ${String(index).padStart(4, '0')}`,
		avatar: null,
		email: person?.email ?? null,
		phoneNumber: person?.phone ?? null,
		sourceId:
			inbox.channelType === 'line'
				? `U${random.hash(`line-${index}`).toString(16).padStart(32, '0')}`
				: `${inbox.channelType}-${index}`,
		queryMetadata: {},
		inboxIds: [inbox.id],
		createdAt: at(-500 + index),
		updatedAt: at(-400 + index),
	});
}

/** [inbox index, contact index (-1 = an anonymous visitor), questions in order]. */
const CONVERSATIONS: Array<[number, number, string[]]> = [
	[0, 0, ['我想查詢退貨流程', '退款多久會入帳？']],
	[0, 1, ['你們的營業時間是？']],
	[0, -1, ['運費怎麼計算？', '超商取貨可以嗎？', '謝謝']],
	[1, 2, ['訂單還沒收到']],
	[1, 3, ['可以改收件地址嗎？', '好的謝謝']],
	[2, 4, ['推薦適合小型辦公室的方案', '有試用期嗎？']],
	[2, -1, ['Enterprise plan pricing?']],
	[3, 5, ['API 有文件嗎？']],
];

function seedHistory(app: App, chatbots: Chatbot[]): void {
	const { store } = app;
	// Eight conversations three hours apart: all within yesterday.
	const epoch = historyEpoch();
	const at = (minutes: number): string => random.timestamp(epoch + minutes * MINUTE);
	const inboxes = store.inboxes;
	const contacts = CONTACTS.map((person, i) =>
		addContact(store, inboxes[CONVERSATIONS.find((c) => c[1] === i)![0]], i, person),
	);
	CONVERSATIONS.forEach(([inboxIndex, contactIndex, questions], n) => {
		const inbox = inboxes[inboxIndex];
		const chatbot = chatbots.find((c) => c.id === inbox.chatbotId)!;
		const contact = contactIndex >= 0 ? contacts[contactIndex] : addContact(store, inbox, 100 + n);
		const start = n * 180;
		const conversation = store.addConversation({
			inboxId: inbox.id,
			contactId: contact.id,
			createdAt: at(start),
		});
		questions.forEach((content, turn) => {
			const question = store.addMessage({
				conversationId: conversation.id,
				type: 'incoming',
				content,
				sender: { kind: 'contact', id: contact.id },
				createdAt: at(start + turn * 10 + 1),
			});
			const reply = assistant.composeFor(app, chatbot, content);
			assistant.storeReply(
				app,
				chatbot,
				question,
				reply.content,
				reply,
				random.timestamp(Number(question.createdAt) + 2_500 + turn * 700),
			);
		});
	});
}

/** Bulk data for benchmarks: plain alternating messages, no replies composed, O(conversations + messages). */
function seedScale(store: Store, size: { conversations: number; messages: number }): void {
	const inboxes = store.inboxes;
	const contacts = Array.from({ length: Math.min(100, Math.max(1, size.conversations)) }, (_, i) =>
		addContact(store, inboxes[i % inboxes.length], i),
	);
	const conversations = Array.from({ length: size.conversations }, (_, i) => {
		const contact = contacts[i % contacts.length];
		const inbox = store.inbox(contact.inboxIds[0])!;
		return store.addConversation({
			inboxId: inbox.id,
			contactId: contact.id,
			createdAt: random.timestamp(SEED_EPOCH + i * 1_000),
		});
	});
	if (conversations.length === 0) return;
	for (let j = 0; j < size.messages; j++) {
		const conversation = conversations[j % conversations.length];
		const incoming = Math.floor(j / conversations.length) % 2 === 0;
		store.addMessage({
			conversationId: conversation.id,
			type: incoming ? 'incoming' : 'outgoing',
			content: incoming
				? `第 ${j} 則訊息：請問訂單 #${j} 的狀態？`
				: `您好，訂單 #${j} 已出貨，預計兩天內送達。`,
			sender: incoming
				? { kind: 'contact', id: conversation.contactId! }
				: { kind: 'chatbot', id: store.inbox(conversation.inboxId)!.chatbotId },
			createdAt: random.timestamp(SEED_EPOCH + size.conversations * 1_000 + j * 1_000),
		});
	}
}

export function seed(app: App, option: SeedOption = 'default'): void {
	const chatbots = CHATBOTS.map((plan, i) => addChatbot(app.store, plan, i));
	if (option === 'default') seedHistory(app, chatbots);
	else if (typeof option === 'object') seedScale(app.store, option);
}
