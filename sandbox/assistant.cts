/**
 * What a chatbot does with a user's message: compose the reply, store it as an `outgoing` message and
 * log the turn as a chat record. Used by completions (synchronously) and by `POST messages/`
 * (asynchronously, like MaiAgent's webhook flow).
 */
import type { App } from './http.cts';
import type { Chatbot, Conversation, Message } from './store.cts';
import type { Reply } from './replies.cts';
import * as replies from './replies.cts';
import * as views from './views.cts';
import { deliver } from './webhooks.cts';

export function composeFor(app: App, chatbot: Chatbot, question: string): Reply {
	return replies.composeReply(chatbot, question, (file) => views.knowledgeFileUrl(app, file));
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
