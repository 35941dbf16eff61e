/**
 * `POST chatbots/{id}/completions/`: stores the user's message (in `conversation`, or in a new
 * conversation of the chatbot's API web chat when it is absent/null/""), composes the reply, stores it
 * with a chat record, and answers either as JSON `{conversationId, content, done: true, citations,
 * citationNodes}` or, with `isStreaming: true`, as an event stream (see stream.cts).
 */
import type { Ctx } from '../http.cts';
import type { Chatbot, Contact, Conversation, MessageAttachment } from '../store.cts';
import type { Route } from '../router.cts';
import * as assistant from '../assistant.cts';
import * as attachments from './attachments.cts';
import * as chatbots from './chatbots.cts';
import * as http from '../http.cts';
import * as replies from '../replies.cts';
import * as stream from '../stream.cts';

interface CompletionRequest {
	conversation?: Conversation;
	sender?: Contact;
	content: string;
	attachments: MessageAttachment[];
	/** `contentPayload`, `queryMetadata`, `metadata`: stored on the message as sent. */
	extras: Record<string, unknown>;
	isStreaming: boolean;
}

function parseRequest(ctx: Ctx, chatbot: Chatbot): CompletionRequest {
	const { store } = ctx.app;
	const body = http.bodyObject(ctx);
	const errors = new http.FieldErrors();
	const belongsToChatbot = (id: string) => {
		const conversation = store.conversation(id);
		return conversation && store.inbox(conversation.inboxId)?.chatbotId === chatbot.id
			? conversation
			: undefined;
	};
	const conversation = http.refField(errors, body, 'conversation', belongsToChatbot, false);
	const message = body.message;
	const messageErrors = new http.FieldErrors();
	let content: string | undefined;
	let sender: Contact | undefined;
	let files: MessageAttachment[] = [];
	let extras: Record<string, unknown> = {};
	if (message === undefined || message === null) errors.add('message', http.REQUIRED);
	else if (typeof message !== 'object' || Array.isArray(message)) {
		errors.add('message', {
			nonFieldErrors: [`Invalid data. Expected a dictionary, but got ${typeof message}.`],
		});
	} else {
		const fields = message as Record<string, unknown>;
		content = http.stringField(messageErrors, fields, 'content');
		sender = http.refField(messageErrors, fields, 'sender', (id) => store.liveContact(id), false);
		files = attachments.attachmentList(messageErrors, fields.attachments);
		extras = {
			contentPayload: fields.contentPayload,
			queryMetadata: fields.queryMetadata,
			metadata: fields.metadata,
		};
		if (!messageErrors.empty) errors.add('message', messageErrors.map);
	}
	const isStreaming = body.isStreaming ?? false;
	if (typeof isStreaming !== 'boolean' && isStreaming !== 'true' && isStreaming !== 'false')
		errors.add('isStreaming', 'Must be a valid boolean.');
	errors.throwIfAny();
	return {
		conversation,
		sender,
		content: content!,
		attachments: files,
		extras,
		isStreaming: isStreaming === true || isStreaming === 'true',
	};
}

async function complete(ctx: Ctx): Promise<void> {
	const { app } = ctx;
	const { store } = app;
	const chatbot = chatbots.chatbotParam(ctx);
	const request = parseRequest(ctx, chatbot);
	let conversation = request.conversation;
	if (!conversation) {
		const inbox = store.inboxOfWebChat(chatbot.apiWebChatId);
		if (!inbox) throw new http.ApiError(400, { detail: 'This chatbot has no API web chat inbox.' });
		conversation = store.startConversation(inbox.id, request.sender?.id);
	} else if (request.sender) {
		conversation.contactId = request.sender.id;
		store.joinInbox(request.sender, conversation.inboxId);
	}
	const question = store.addMessage({
		conversationId: conversation.id,
		type: 'incoming',
		content: request.content,
		sender: conversation.contactId ? { kind: 'contact', id: conversation.contactId } : null,
		attachments: request.attachments,
		...request.extras,
	});
	const reply = assistant.composeFor(app, chatbot, request.content);
	const variant = { ...app.controls.stream };
	const deltas = Array.isArray(variant.deltas)
		? variant.deltas
		: typeof variant.deltas === 'number'
			? replies.repeatDeltas(reply.content, variant.deltas)
			: replies.splitDeltas(reply.content);
	const content = deltas.join('');
	const saveReply = () => assistant.storeReply(app, chatbot, question, content, reply);
	if (!request.isStreaming) {
		saveReply();
		http.json(ctx, 200, {
			conversationId: conversation.id,
			content,
			done: true,
			citations: reply.citations,
			citationNodes: reply.citationNodes,
		});
		return;
	}
	await stream.streamReply(ctx.res, {
		conversationId: conversation.id,
		deltas,
		citations: reply.citations,
		variant,
		events: app.events,
		onGenerated: saveReply,
	});
}

export const routes: Route[] = [
	{ method: 'POST', pattern: 'chatbots/:chatbotId/completions/', handler: complete },
];
