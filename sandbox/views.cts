/**
 * Serializers: model entities → MaiAgent's JSON payloads (camelCase, nested objects, absolute URLs).
 */
import type { App } from './http.cts';
import type {
	Attachment,
	Chatbot,
	ChatbotRecord,
	Contact,
	Conversation,
	Inbox,
	KnowledgeFile,
	Message,
	WebChat,
} from './store.cts';
import * as replies from './replies.cts';

/** Bucket of the sandbox's fake S3; presigned uploads POST to `<origin>/storage/<bucket>/`. */
export const BUCKET = 'maiagent-sandbox-media';

export const storageUrl = (app: App, key = ''): string =>
	`${app.origin}/storage/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;

export const knowledgeFileUrl = (app: App, file: KnowledgeFile): string =>
	storageUrl(app, `chatbot-file/${file.id}/${file.filename}`);

export function chatbotSummary(chatbot: Chatbot) {
	return {
		id: chatbot.id,
		name: chatbot.name,
		largeLanguageModel: chatbot.largeLanguageModel,
		rag: chatbot.rag,
		embeddingModel: chatbot.embeddingModel,
		rerankerModel: chatbot.rerankerModel,
		enableChineseConversion: chatbot.enableChineseConversion,
		updatedAt: chatbot.updatedAt,
	};
}

/** SPEC's `Chatbot`: unlike the list item, the model fields are bare ids here. */
export function chatbotDetail(chatbot: Chatbot) {
	return {
		id: chatbot.id,
		name: chatbot.name,
		largeLanguageModel: chatbot.largeLanguageModel.id,
		rag: chatbot.rag.id,
		embeddingModel: chatbot.embeddingModel.id,
		rerankerModel: chatbot.rerankerModel.id,
		instructions: chatbot.instructions,
		webhookUrl: chatbot.webhookUrl,
		apiWebChatId: chatbot.apiWebChatId,
		replyMode: 'normal',
		enableChineseConversion: chatbot.enableChineseConversion,
		updatedAt: chatbot.updatedAt,
	};
}

export const webChat = (w: WebChat) => ({ id: w.id, avatar: w.avatar, name: w.name });

/** The sandbox tracks no read state: unread counters are always 0. */
const inboxRef = (i: Inbox) => ({
	id: i.id,
	name: i.name,
	channelType: i.channelType,
	unreadConversationsCount: 0,
});

export const inbox = (i: Inbox) => ({ ...inboxRef(i), channel: i.channel });

function sender(app: App, m: Message) {
	if (!m.sender) return null;
	const { store } = app;
	const who =
		m.sender.kind === 'contact'
			? store.contact(m.sender.id)
			: m.sender.kind === 'agent'
				? store.agent(m.sender.id)
				: store.chatbot(m.sender.id);
	if (!who) return null;
	return { id: who.senderId, name: who.name, avatar: 'avatar' in who ? who.avatar : null };
}

export function message(app: App, m: Message) {
	return {
		id: m.id,
		conversation: m.conversationId,
		sender: sender(app, m),
		type: m.type,
		content: m.content,
		feedback: m.feedback,
		createdAt: m.createdAt,
		attachments: m.attachments,
		citations: m.citations,
		citationNodes: m.citationNodes,
	};
}

export function conversation(app: App, c: Conversation) {
	const contact = c.contactId ? app.store.contact(c.contactId) : undefined;
	const last = c.lastMessageId ? app.store.message(c.lastMessageId) : undefined;
	return {
		id: c.id,
		contact: contact
			? { id: contact.id, name: contact.name, avatar: contact.avatar, createdAt: contact.createdAt }
			: null,
		inbox: inboxRef(app.store.inbox(c.inboxId)!),
		title: c.title,
		lastMessage: last ? message(app, last) : null,
		lastMessageCreatedAt: c.lastMessageCreatedAt,
		unreadMessagesCount: 0,
		autoReplyEnabled: c.autoReplyEnabled,
		isAutoReplyNow: c.autoReplyEnabled,
		lastReadAt: null,
		createdAt: c.createdAt,
		isGroupChat: false,
		enableGroupMention: false,
	};
}

export function contact(app: App, c: Contact) {
	const inboxes = c.inboxIds
		.map((id) => app.store.inbox(id))
		.filter((i): i is Inbox => i !== undefined)
		.map((i) => ({ id: i.id, name: i.name }));
	return {
		id: c.id,
		inboxes,
		inbox: inboxes[0] ?? null,
		name: c.name,
		avatar: c.avatar,
		phoneNumber: c.phoneNumber,
		email: c.email,
		sourceId: c.sourceId,
		queryMetadata: c.queryMetadata,
		mcpCredentials: [],
		createdAt: c.createdAt,
		updatedAt: c.updatedAt,
	};
}

export function record(r: ChatbotRecord) {
	return {
		id: r.id,
		inputMessage: r.inputMessage,
		condenseMessage: r.condenseMessage,
		outputMessage: r.outputMessage,
		context: r.context,
		faithfulnessScore: r.faithfulnessScore,
		answerRelevancyScore: r.answerRelevancyScore,
		contextPrecisionScore: r.contextPrecisionScore,
		answerCorrectnessScore: r.answerCorrectnessScore,
		answerSimilarityScore: r.answerSimilarityScore,
		contextRecallScore: r.contextRecallScore,
		displayFaithfulnessScore: replies.displayScore(r.faithfulnessScore),
		displayAnswerRelevancyScore: replies.displayScore(r.answerRelevancyScore),
		displayContextPrecisionScore: replies.displayScore(r.contextPrecisionScore),
		displayAnswerCorrectnessScore: replies.displayScore(r.answerCorrectnessScore),
		displayAnswerSimilarityScore: replies.displayScore(r.answerSimilarityScore),
		displayContextRecallScore: replies.displayScore(r.contextRecallScore),
		replyTime: r.replyTime,
		createdAt: r.createdAt,
		error: r.error,
	};
}

export const attachment = (app: App, a: Attachment) => ({
	id: a.id,
	type: a.type,
	filename: a.filename,
	file: storageUrl(app, a.key),
});
