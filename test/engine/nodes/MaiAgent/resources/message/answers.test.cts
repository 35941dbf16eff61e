/**
 * What the sandbox's assistant answers (issue 35): from the knowledge bases it has, so that the
 * demo's own question 「退貨要怎麼辦？」 gets the return policy, citing the file the knowledge base
 * holds, not the shipping times of a file it does not. Asked through Message > Send, as a user does.
 */
import type { IDataObject } from 'n8n-workflow';

import { uploadKnowledgeFile } from '../../../../../../scripts/lib/knowledge-upload.cts';
import { rl, useSandbox } from '../../fixture.cts';

// As npm start runs it: file statuses in the form that carries MaiAgent's reason.
const sb = useSandbox({ knowledge: { fileStatus: 'object' } });

const bot = () => sb.sandbox.store.chatbots[0];
/** 客服知識庫 of the seed, the knowledge base of 客服小幫手. */
const knowledgeBase = () =>
	sb.sandbox.knowledge.basesInOrder().find((kb) => kb.chatbotIds.includes(bot().id))!;
const heldFiles = () =>
	sb.sandbox.knowledge.filesOf(knowledgeBase().id).map((file) => file.filename);

async function ask(question: string): Promise<IDataObject> {
	const [reply] = await sb.json({
		resource: 'message',
		operation: 'send',
		chatbot: rl(bot().id),
		content: question,
		options: {},
	});
	return reply;
}

const cited = (reply: IDataObject) =>
	(reply.citations as IDataObject[]).map((citation) => citation.filename);

it('「退貨要怎麼辦？」: the return policy of its knowledge base, citing the file it holds', async () => {
	const faq = sb.sandbox.knowledge.faqsOf(knowledgeBase().id)[0];
	expect(faq.question).toBe('退貨要怎麼辦？');
	const reply = await ask('退貨要怎麼辦？');
	expect(reply.content).toContain(faq.answer);
	expect(reply.content).toContain('商品到貨七天內可申請退貨');
	expect(reply.content).not.toMatch(/運費|送達/);
	expect(cited(reply)).toEqual(['退貨政策.txt']);
	expect(heldFiles()).toContain('退貨政策.txt');
});

it('a file added to the knowledge base answers the question it is about', async () => {
	const api = { baseUrl: sb.sandbox.baseUrl, apiKey: sb.sandbox.apiKey };
	const id = await uploadKnowledgeFile(
		api,
		knowledgeBase().id,
		'保固說明.txt',
		Buffer.from('所有商品提供一年保固，保固期間內免費維修。'),
	);
	const file = sb.sandbox.knowledge.files.get(id)!;
	while (file.status !== 'done') await new Promise((resolve) => setTimeout(resolve, 10));
	const reply = await ask('保固多久？');
	expect(reply.content).toContain('所有商品提供一年保固');
	expect(cited(reply)).toEqual(['保固說明.txt']);
});

it("the seed's replies, composed before the knowledge bases exist, leave the sandbox's answer forms alone", async () => {
	const response = await fetch(
		`${sb.sandbox.baseUrl}/knowledge-bases/${knowledgeBase().id}/files/`,
		{
			headers: { authorization: `Api-Key ${sb.sandbox.apiKey}` },
		},
	);
	const { results } = (await response.json()) as { results: IDataObject[] };
	expect(results[0].status).toEqual({ code: 'done', message: expect.any(String) });
});
