/**
 * What a chatbot does with a user's message: compose the reply from what it knows (its knowledge
 * bases' files and FAQs first), store it as an `outgoing` message and log the turn as a chat
 * record. Used by completions (synchronously) and by `POST messages/` (asynchronously, like
 * MaiAgent's webhook flow).
 */
import type { App } from './http.cts';
import type { Chatbot, Conversation, Message } from './store.cts';
import type { Reply } from './replies.cts';
import * as knowledge from './knowledge.cts';
import * as replies from './replies.cts';
import * as views from './views.cts';
import { deliver } from './webhooks.cts';

/**
 * Question words that say nothing about what is asked (怎麼, 請問, 可以…): left out when a question
 * is matched against knowledge, so that 「退貨要怎麼辦？」 matches 退貨, not every 怎麼.
 */
const QUESTION_WORDS = new Set([
	'怎麼',
	'要怎',
	'麼辦',
	'麼做',
	'什麼',
	'請問',
	'問一',
	'如何',
	'可以',
	'以嗎',
	'多久',
	'哪裡',
	'為什',
	'麼時',
	'時候',
	'是否',
	'有沒',
	'沒有',
]);

/** A passage and what a question is matched against (an FAQ: its question and its answer). */
interface Candidate {
	passage: replies.Passage;
	matched: string;
}

/** What the chatbot's knowledge bases hold: the paragraphs of their processed files, their FAQs. */
function knowledgeBaseCandidates(app: App, chatbot: Chatbot): Candidate[] {
	// Looked up, not created: the seed's replies are composed before the knowledge state exists,
	// which must then be created with the sandbox's answer forms.
	const k = knowledge.existingKnowledgeOf(app.store);
	if (!k) return [];
	const candidates: Candidate[] = [];
	for (const kb of k.basesInOrder().filter((base) => base.chatbotIds.includes(chatbot.id))) {
		for (const file of k.filesOf(kb.id).filter((f) => f.status === 'done')) {
			const cited = knowledge.citationOf(app, file);
			for (const doc of k.documentsOf(file.id)) {
				const passage = { id: doc.id, text: doc.content, updatedAt: doc.updatedAt };
				candidates.push({
					passage: { ...passage, source: `《${file.filename}》`, file: cited },
					matched: doc.content,
				});
			}
		}
		for (const faq of k.faqsOf(kb.id)) {
			const passage = { id: faq.id, text: faq.answer, updatedAt: faq.updatedAt };
			candidates.push({
				passage: { ...passage, source: `常見問題「${faq.question}」` },
				matched: `${faq.question} ${faq.answer}`,
			});
		}
	}
	return candidates;
}

/** The (at most two) candidates sharing the most of the question's terms; none when none shares any. */
function bestMatches(question: string, candidates: Candidate[]): replies.Passage[] {
	const wanted = [...knowledge.terms(question)].filter((term) => !QUESTION_WORDS.has(term));
	return candidates
		.map((candidate, order) => {
			const have = knowledge.terms(candidate.matched);
			return { candidate, order, hits: wanted.filter((term) => have.has(term)).length };
		})
		.filter((scored) => scored.hits > 0)
		.sort((a, b) => b.hits - a.hits || a.order - b.order)
		.slice(0, 2)
		.map((scored) => scored.candidate.passage);
}

/**
 * The chatbot's answer to `question`, from what it knows: the passages of its knowledge bases that
 * match the question; else those of its own files that do; else (nothing matches) one or two of its
 * own files picked by the question.
 */
export function composeFor(app: App, chatbot: Chatbot, question: string): Reply {
	const own = replies.filePassages(chatbot, (file) => views.knowledgeFileUrl(app, file));
	const fromKnowledgeBases = bestMatches(question, knowledgeBaseCandidates(app, chatbot));
	const fromOwnFiles = bestMatches(
		question,
		own.flat().map((passage) => ({ passage, matched: passage.text })),
	);
	const passages = fromKnowledgeBases.length
		? fromKnowledgeBases
		: fromOwnFiles.length
			? fromOwnFiles
			: replies.fallbackPassages(chatbot, question, own);
	return replies.composeReply(chatbot, question, passages);
}

/** Stores the assistant's reply to `question` (with `content` as actually sent) and its chat record. */
export function storeReply(
	app: App,
	chatbot: Chatbot,
	question: Message,
	content: string,
	reply: Reply,
	createdAt?: string,
): Message {
	const { store } = app;
	const answer = store.addMessage({
		conversationId: question.conversationId,
		type: 'outgoing',
		content,
		createdAt,
		sender: { kind: 'chatbot', id: chatbot.id },
		citations: reply.citations,
		citationNodes: reply.citationNodes,
	});
	const earlier = store
		.messagesOf(question.conversationId)
		.filter((m) => m.type === 'incoming' && m.seq < question.seq);
	store.addRecord({
		chatbotId: chatbot.id,
		conversationId: question.conversationId,
		turn: earlier.length === 0 ? 'New' : 'Follow',
		inputMessage: question.content,
		condenseMessage:
			earlier.length === 0
				? question.content
				: `（延續「${earlier[0].content}」）${question.content}`,
		outputMessage: content,
		context: reply.context || null,
		...replies.scoreReply(question.content, content),
		replyTime: ((Number(answer.createdAt) - Number(question.createdAt)) / 1000).toFixed(2),
		error: null,
		createdAt: answer.createdAt,
	});
	deliver(app, chatbot, answer);
	return answer;
}

/** The chatbot answering in a conversation, if its inbox has one and auto-reply is on. */
export function responder(app: App, conversation: Conversation): Chatbot | undefined {
	if (!conversation.autoReplyEnabled) return undefined;
	const inbox = app.store.inbox(conversation.inboxId);
	return inbox ? app.store.chatbot(inbox.chatbotId) : undefined;
}

/** After the configured reply delay, the chatbot answers an incoming message posted to `messages/`. */
export function replyLater(app: App, question: Message): void {
	const conversation = app.store.conversation(question.conversationId)!;
	const chatbot = responder(app, conversation);
	if (!chatbot || question.type !== 'incoming') return;
	app.later(app.controls.replyDelayMs, () => {
		// Paused while the reply was pending: the assistant stays silent.
		if (!conversation.autoReplyEnabled) return;
		const reply = composeFor(app, chatbot, question.content);
		storeReply(app, chatbot, question, reply.content, reply);
	});
}
