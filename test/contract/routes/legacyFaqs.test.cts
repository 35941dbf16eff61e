/** The legacy FAQ route of the examples' `faqs/add_faq.py` (it reads only the status code). */
import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('POST faqs/', () => {
	it('adds a FAQ to an assistant: 201', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const reply = await helpers.call(ctx.sandbox, 'POST', 'faqs/', {
			body: { chatbot: chatbot.id, question: '營業時間？', answer: '週一至週五 9:00–18:00' },
		});
		expect(reply.status).toBe(201);
		expect(reply.json).toMatchObject({
			id: expect.any(String),
			chatbot: chatbot.id,
			question: '營業時間？',
		});
		expect(ctx.sandbox.store.legacyFaqs.at(-1)).toMatchObject({
			chatbotId: chatbot.id,
			answer: '週一至週五 9:00–18:00',
		});
	});

	it('refuses missing fields and an unknown assistant with 400', async () => {
		const missing = await helpers.call(ctx.sandbox, 'POST', 'faqs/', { body: {} });
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.json).sort()).toEqual(['answer', 'chatbot', 'question']);
		const unknown = await helpers.call(ctx.sandbox, 'POST', 'faqs/', {
			body: { chatbot: '00000000-0000-4000-8000-000000000000', question: 'q', answer: 'a' },
		});
		expect(unknown.json).toEqual({
			chatbot: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
		});
	});
});
