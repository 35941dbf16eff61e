/**
 * The legacy FAQ route of the examples' `faqs/add_faq.py`: `POST faqs/ {chatbot, question, answer}`
 * → 201 `{id, chatbot, question, answer, createdAt}`, kept in `store.legacyFaqs`. (Knowledge-base FAQs
 * live under `knowledge-bases/{id}/faqs/`.)
 */
import type { Route } from '../router.cts';
import * as http from '../http.cts';

export const routes: Route[] = [
	{
		method: 'POST',
		pattern: 'faqs/',
		handler: (ctx) => {
			const { store } = ctx.app;
			const body = http.bodyObject(ctx);
			const errors = new http.FieldErrors();
			const chatbot = http.refField(errors, body, 'chatbot', (id) => store.chatbot(id));
			const question = http.stringField(errors, body, 'question');
			const answer = http.stringField(errors, body, 'answer');
			errors.throwIfAny();
			const faq = {
				id: store.id(),
				chatbotId: chatbot!.id,
				question: question!,
				answer: answer!,
				createdAt: store.now(),
			};
			store.legacyFaqs.push(faq);
			http.json(ctx, 201, {
				id: faq.id,
				chatbot: faq.chatbotId,
				question: faq.question,
				answer: faq.answer,
				createdAt: faq.createdAt,
			});
		},
	},
];
