/**
 * The in-memory model of one MaiAgent tenant. Entities keep MaiAgent's field names (camelCase,
 * 13-digit millisecond string timestamps) and link to each other by id; `views.cts` turns them into
 * API payloads. All ids come from the store's seeded PRNG, so a given seed and call sequence always
 * produces the same ids.
 */
import type { Random as RandomType } from './random.cts';
import * as random from './random.cts';

export type ChannelType = 'web' | 'line' | 'telegram' | 'messenger';
export type MessageType = 'incoming' | 'outgoing';
export type AttachmentType = 'image' | 'video' | 'audio' | 'sticker' | 'other';
export const ATTACHMENT_TYPES: readonly AttachmentType[] = [
	'image',
	'video',
	'audio',
	'sticker',
	'other',
];

export interface NamedModel {
	id: string;
	name: string;
	isDefault: boolean;
}

/** A knowledge-base file of a chatbot; replies cite these (ChatbotFile in the spec). */
export interface KnowledgeFile {
	id: string;
	filename: string;
	fileType: string;
	size: number;
	chatbotFileContent: string;
	createdAt: string;
	/** Paragraphs that become `citationNodes[].chatbotTextNode`. */
	nodes: Array<{ id: string; text: string; updatedAt: string }>;
}

export interface Chatbot {
	id: string;
	/** Integer id used when the chatbot appears as a message `sender`. */
	senderId: number;
	name: string;
	instructions: string;
	largeLanguageModel: NamedModel;
	embeddingModel: NamedModel;
	rerankerModel: NamedModel;
	rag: { id: string; name: string };
	enableChineseConversion: boolean;
	webhookUrl: string | null;
	apiWebChatId: string;
	knowledgeFiles: KnowledgeFile[];
	createdAt: string;
	updatedAt: string;
}

export interface WebChat {
	id: string;
	chatbotId: string;
	name: string;
	avatar: string | null;
}

export interface Inbox {
	id: string;
	chatbotId: string;
	name: string;
	channelType: ChannelType;
	/** The channel behind the inbox; for web inboxes `channel.id` is the web chat id. */
	channel: { id: string; name: string };
	createdAt: string;
}

/** A member of the organisation answering by hand (the API key's user when it posts `messages/outgoing/`). */
export interface Agent {
	id: string;
	senderId: number;
	name: string;
	avatar: string | null;
}

export interface Contact {
	id: string;
	senderId: number;
	name: string;
	avatar: string | null;
	email: string | null;
	phoneNumber: string | null;
	sourceId: string | null;
	queryMetadata: Record<string, unknown>;
	inboxIds: string[];
	createdAt: string;
	updatedAt: string;
	/** Set by `DELETE contacts/{id}/` (a soft delete): the contact leaves lists and lookups by the API. */
	deletedAt: string | null;
}

export interface Conversation {
	id: string;
	inboxId: string;
	contactId: string | null;
	title: string;
	lastMessageId: string | null;
	/** The max `createdAt` of the conversation's messages (a late insert with an older time leaves it). */
	lastMessageCreatedAt: string | null;
	autoReplyEnabled: boolean;
	createdAt: string;
	/** Insertion order; breaks ties between identical timestamps. */
	seq: number;
}

export interface MessageAttachment {
	id: string;
	type: AttachmentType;
	filename: string;
	file: string;
}

export interface Citation {
	id: string;
	filename: string;
	file: string;
	fileType: string;
	size: number;
	status: 'done';
	labels: Array<{ id: string; name: string }>;
	chatbotFileContent: string;
	parser: { id: string; name: string; provider: 'maiagent'; priority: number };
	createdAt: string;
}

export interface CitationNode {
	chatbotTextNode: {
		id: string;
		charactersCount: number;
		hitsCount: number;
		text: string;
		updatedAt: string;
		filename: string;
	};
	score: number;
	displayScore: string;
}

export interface Message {
	id: string;
	conversationId: string;
	type: MessageType;
	content: string;
	/**
	 * Who wrote it: a contact (incoming), the chatbot or a human agent (outgoing, `messages/outgoing/`),
	 * or nobody known.
	 */
	sender: { kind: 'contact' | 'chatbot' | 'agent'; id: string } | null;
	feedback: 'like' | 'dislike' | '' | null;
	attachments: MessageAttachment[];
	citations: Citation[];
	citationNodes: CitationNode[];
	contentPayload: unknown;
	queryMetadata: unknown;
	metadata: unknown;
	createdAt: string;
	seq: number;
}

/** RAG-evaluation scores of a record (null where the platform has no ground truth). */
export interface Scores {
	faithfulnessScore: number | null;
	answerRelevancyScore: number | null;
	contextPrecisionScore: number | null;
	answerCorrectnessScore: number | null;
	answerSimilarityScore: number | null;
	contextRecallScore: number | null;
}

export interface ChatbotRecord extends Scores {
	id: string;
	chatbotId: string;
	conversationId: string;
	/** "New" for the first turn of a conversation, "Follow" afterwards (the export's 型態 column). */
	turn: 'New' | 'Follow';
	inputMessage: string;
	condenseMessage: string;
	outputMessage: string;
	context: string | null;
	replyTime: string | null;
	error: string | null;
	createdAt: string;
	seq: number;
}

export interface Attachment {
	id: string;
	type: AttachmentType;
	filename: string;
	/** Storage key from the presigned upload. */
	key: string;
	conversationId: string | null;
	createdAt: string;
}

/** A FAQ added through the legacy `POST faqs/` `{chatbot, question, answer}`. */
export interface LegacyFaq {
	id: string;
	chatbotId: string;
	question: string;
	answer: string;
	createdAt: string;
}

/** A presigned POST policy handed out by `upload-presigned-url/`. */
export interface PresignedUpload {
	key: string;
	filename: string;
	modelName: string;
	fieldName: string;
	fileSize: number;
	expiresAt: number;
}

/** Bytes that reached storage through a presigned POST. */
export interface Upload {
	key: string;
	filename: string;
	contentType: string;
	bytes: Buffer;
	uploadedAt: string;
}

export interface NewMessage {
	conversationId: string;
	type: MessageType;
	content: string;
	createdAt?: string;
	sender?: Message['sender'];
	attachments?: MessageAttachment[];
	citations?: Citation[];
	citationNodes?: CitationNode[];
	contentPayload?: unknown;
	queryMetadata?: unknown;
	metadata?: unknown;
}

/** Position in a list ordered by (time desc, seq desc): what cursor pagination pages over. */
export interface Ordered {
	time: number;
	seq: number;
}

const byRecency = (a: Ordered, b: Ordered): number => b.time - a.time || b.seq - a.seq;

export class Store {
	readonly random: RandomType;
	private seq = 0;
	private nextSenderId = 1;
	private readonly chatbotMap = new Map<string, Chatbot>();
	private readonly webChatMap = new Map<string, WebChat>();
	private readonly inboxMap = new Map<string, Inbox>();
	private readonly contactMap = new Map<string, Contact>();
	private readonly agentMap = new Map<string, Agent>();
	private readonly conversationMap = new Map<string, Conversation>();
	private readonly messageMap = new Map<string, Message>();
	private readonly messagesByConversation = new Map<string, Message[]>();
	private readonly recordMap = new Map<string, ChatbotRecord>();
	private readonly attachmentMap = new Map<string, Attachment>();
	readonly presigned = new Map<string, PresignedUpload>();
	/** Legacy FAQs (`POST faqs/`), in insertion order. */
	readonly legacyFaqs: LegacyFaq[] = [];
	private readonly uploadMap = new Map<string, Upload>();

	constructor(
		seed = 20241006,
		private readonly clock: () => number = Date.now,
	) {
		this.random = new random.Random(seed);
	}

	now(): string {
		return random.timestamp(this.clock());
	}

	id(): string {
		return this.random.uuid();
	}

	senderId(): number {
		return this.nextSenderId++;
	}

	// ---- typed accessors (snapshots, in insertion order) ----
	get chatbots(): Chatbot[] {
		return [...this.chatbotMap.values()];
	}
	get webChats(): WebChat[] {
		return [...this.webChatMap.values()];
	}
	get inboxes(): Inbox[] {
		return [...this.inboxMap.values()];
	}
	get contacts(): Contact[] {
		return [...this.contactMap.values()];
	}
	get conversations(): Conversation[] {
		return [...this.conversationMap.values()];
	}
	get messages(): Message[] {
		return [...this.messageMap.values()];
	}
	get records(): ChatbotRecord[] {
		return [...this.recordMap.values()];
	}
	get attachments(): Attachment[] {
		return [...this.attachmentMap.values()];
	}
	get uploads(): Upload[] {
		return [...this.uploadMap.values()];
	}

	chatbot(id: string): Chatbot | undefined {
		return this.chatbotMap.get(id);
	}
	webChat(id: string): WebChat | undefined {
		return this.webChatMap.get(id);
	}
	inbox(id: string): Inbox | undefined {
		return this.inboxMap.get(id);
	}
	contact(id: string): Contact | undefined {
		return this.contactMap.get(id);
	}
	agent(id: string): Agent | undefined {
		return this.agentMap.get(id);
	}
	get agents(): Agent[] {
		return [...this.agentMap.values()];
	}

	/** The agent behind the API key: created on first use, so seeded ids stay as they were. */
	apiAgent(): Agent {
		const existing = this.agents[0];
		if (existing) return existing;
		const agent: Agent = {
			id: this.id(),
			senderId: this.senderId(),
			name: 'API 使用者',
			avatar: null,
		};
		this.agentMap.set(agent.id, agent);
		return agent;
	}
	conversation(id: string): Conversation | undefined {
		return this.conversationMap.get(id);
	}
	message(id: string): Message | undefined {
		return this.messageMap.get(id);
	}
	record(id: string): ChatbotRecord | undefined {
		return this.recordMap.get(id);
	}
	attachment(id: string): Attachment | undefined {
		return this.attachmentMap.get(id);
	}
	upload(key: string): Upload | undefined {
		return this.uploadMap.get(key);
	}

	/** The web inbox that serves a web chat (where `POST conversations/ {webChat}` puts conversations). */
	inboxOfWebChat(webChatId: string): Inbox | undefined {
		return this.inboxes.find(
			(inbox) => inbox.channelType === 'web' && inbox.channel.id === webChatId,
		);
	}

	/** Messages of a conversation (of all conversations when omitted), most recent first. */
	messagesOf(conversationId?: string): Message[] {
		const messages =
			conversationId === undefined
				? this.messages
				: [...(this.messagesByConversation.get(conversationId) ?? [])];
		return messages.sort((a, b) => byRecency(order(a), order(b)));
	}

	/** Records of a chatbot, most recent first. */
	recordsOf(chatbotId: string): ChatbotRecord[] {
		return this.records
			.filter((r) => r.chatbotId === chatbotId)
			.sort((a, b) => byRecency(order(a), order(b)));
	}

	/** Conversations by most recent activity: `lastMessageCreatedAt` (else `createdAt`) desc. */
	conversationsByActivity(filter: (c: Conversation) => boolean = () => true): Conversation[] {
		return this.conversations
			.filter(filter)
			.sort((a, b) => byRecency(conversationOrder(a), conversationOrder(b)));
	}

	// ---- mutations ----
	addChatbot(chatbot: Chatbot): Chatbot {
		this.chatbotMap.set(chatbot.id, chatbot);
		return chatbot;
	}
	addWebChat(webChat: WebChat): WebChat {
		this.webChatMap.set(webChat.id, webChat);
		return webChat;
	}
	addInbox(inbox: Inbox): Inbox {
		this.inboxMap.set(inbox.id, inbox);
		return inbox;
	}
	/** A contact; what `contact` leaves out is MaiAgent's default for a visitor created now. */
	addContact(contact: Partial<Omit<Contact, 'id' | 'senderId'>> = {}): Contact {
		const createdAt = contact.createdAt ?? this.now();
		const created: Contact = {
			id: this.id(),
			senderId: this.senderId(),
			name: `訪客 ${this.contactMap.size + 1}`,
			avatar: null,
			email: null,
			phoneNumber: null,
			sourceId: null,
			queryMetadata: {},
			inboxIds: [],
			createdAt,
			updatedAt: createdAt,
			deletedAt: null,
			...contact,
		};
		this.contactMap.set(created.id, created);
		return created;
	}

	/** A contact the API still shows (`DELETE contacts/{id}/` is soft: the record stays here). */
	liveContact(id: string): Contact | undefined {
		const contact = this.contactMap.get(id);
		return contact && contact.deletedAt === null ? contact : undefined;
	}

	/** Links a contact to an inbox (a contact may talk on several channels). */
	joinInbox(contact: Contact, inboxId: string): void {
		if (!contact.inboxIds.includes(inboxId)) contact.inboxIds.push(inboxId);
	}

	/** A new conversation in an inbox, with the given contact or a fresh anonymous visitor. */
	startConversation(inboxId: string, contactId?: string): Conversation {
		const contact = (contactId ? this.contact(contactId) : undefined) ?? this.addContact();
		this.joinInbox(contact, inboxId);
		return this.addConversation({ inboxId, contactId: contact.id });
	}

	addConversation(init: {
		inboxId: string;
		contactId?: string | null;
		title?: string;
		createdAt?: string;
	}): Conversation {
		const conversation: Conversation = {
			id: this.id(),
			inboxId: init.inboxId,
			contactId: init.contactId ?? null,
			title: init.title ?? '',
			lastMessageId: null,
			lastMessageCreatedAt: null,
			autoReplyEnabled: true,
			createdAt: init.createdAt ?? this.now(),
			seq: ++this.seq,
		};
		this.conversationMap.set(conversation.id, conversation);
		this.messagesByConversation.set(conversation.id, []);
		return conversation;
	}

	/**
	 * Appends a message and keeps the conversation's `lastMessage` pointing at the most recent one.
	 * Identical timestamps are allowed (the later insert wins the tie); a late insert with an older
	 * `createdAt` leaves `lastMessage`/`lastMessageCreatedAt` alone.
	 */
	addMessage(init: NewMessage): Message {
		const conversation = this.conversationMap.get(init.conversationId);
		if (!conversation) throw new Error(`Unknown conversation ${init.conversationId}`);
		const message: Message = {
			id: this.id(),
			conversationId: conversation.id,
			type: init.type,
			content: init.content,
			sender: init.sender ?? null,
			feedback: null,
			attachments: init.attachments ?? [],
			citations: init.citations ?? [],
			citationNodes: init.citationNodes ?? [],
			contentPayload: init.contentPayload ?? null,
			queryMetadata: init.queryMetadata ?? null,
			metadata: init.metadata ?? null,
			createdAt: init.createdAt ?? this.now(),
			seq: ++this.seq,
		};
		this.messageMap.set(message.id, message);
		this.messagesByConversation.get(conversation.id)!.push(message);
		if (
			conversation.lastMessageCreatedAt === null ||
			Number(message.createdAt) >= Number(conversation.lastMessageCreatedAt)
		) {
			conversation.lastMessageId = message.id;
			conversation.lastMessageCreatedAt = message.createdAt;
		}
		if (!conversation.title && init.type === 'incoming')
			conversation.title = init.content.slice(0, 30);
		return message;
	}

	addRecord(
		init: Omit<ChatbotRecord, 'id' | 'seq' | 'createdAt'> & { createdAt?: string },
	): ChatbotRecord {
		const record: ChatbotRecord = {
			...init,
			id: this.id(),
			createdAt: init.createdAt ?? this.now(),
			seq: ++this.seq,
		};
		this.recordMap.set(record.id, record);
		return record;
	}

	addAttachment(init: Omit<Attachment, 'id' | 'createdAt'>): Attachment {
		const attachment: Attachment = { ...init, id: this.id(), createdAt: this.now() };
		this.attachmentMap.set(attachment.id, attachment);
		return attachment;
	}

	addUpload(upload: Upload): Upload {
		this.uploadMap.set(upload.key, upload);
		this.presigned.delete(upload.key);
		return upload;
	}
}

const order = (item: { createdAt: string; seq: number }): Ordered => ({
	time: Number(item.createdAt),
	seq: item.seq,
});

/** The sort position of a conversation in `conversations/` (most recent activity first). */
export function conversationOrder(c: Conversation): Ordered {
	return { time: Number(c.lastMessageCreatedAt ?? c.createdAt), seq: c.seq };
}

/** The sort position of a conversation by creation (`setListOrder({conversations: 'created'})`). */
export function creationOrder(c: Conversation): Ordered {
	return { time: Number(c.createdAt), seq: c.seq };
}

export function messageOrder(m: Message): Ordered {
	return order(m);
}
