import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

describe('chatbots/{id}/records/', () => {
	it('pages every record once, newest first, with the ChatbotRecord fields', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const pages = await helpers.walk(ctx.sandbox, `chatbots/${chatbot.id}/records/?pageSize=4`);
		const records = pages.flatMap((p) => p.results);
		expect(pages[0].count).toBe(records.length);
		expect(records.map((r) => r.id)).toEqual(
			ctx.sandbox.store.recordsOf(chatbot.id).map((r) => r.id),
		);
		expect(Object.keys(records[0]).sort()).toEqual(
			[
				'id',
				'inputMessage',
				'condenseMessage',
				'outputMessage',
				'context',
				'faithfulnessScore',
				'answerRelevancyScore',
				'contextPrecisionScore',
				'answerCorrectnessScore',
				'answerSimilarityScore',
				'contextRecallScore',
				'displayFaithfulnessScore',
				'displayAnswerRelevancyScore',
				'displayContextPrecisionScore',
				'displayAnswerCorrectnessScore',
				'displayAnswerSimilarityScore',
				'displayContextRecallScore',
				'replyTime',
				'createdAt',
				'error',
			].sort(),
		);
		expect(records[0].createdAt).toMatch(/^\d{13}$/);
		expect(records[0].displayContextRecallScore).toBe('-');
	});
});
