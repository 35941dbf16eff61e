/**
 * Message > Send and Wait for Response through n8n-core (issue 34): the message and its signed
 * links, the wait, bad input refused before anything is sent, and the node's webhook (the pages a
 * customer opens and the answer it resumes the execution with).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { validateUrlSignature } from 'n8n-core';

import {
	hmacSignatureSecret,
	maiAgentCredentials,
	runWebhook,
} from '../../../../../../scripts/lib/engine.cts';
import { nodeType, rl, useSandbox } from '../../fixture.cts';

const sb = useSandbox({ replyDelayMs: 0 });
const MISSING = '00000000-0000-4000-8000-000000000000';
const DAY_MS = 86_400_000;
/** The node's id in the engine harness (what the resume URL names). */
const NODE_ID = 'maiAgent-id';

const store = () => sb.sandbox.store;
const inbox = () => store().inboxOfWebChat(store().chatbots[0].apiWebChatId)!.id;
const newConversation = (contactId?: string) => store().startConversation(inbox(), contactId);

const ask = (parameters: IDataObject): INodeParameters => ({
	resource: 'message',
	operation: 'sendAndWait',
	message: 'Shall we refund order #1234 (NT$1,200) to your card?',
	...(parameters as INodeParameters),
});

/** The agent messages the sandbox received, by content. */
const sentContents = () =>
	sb.requestsTo('messages/outgoing/').map((request) => (request.body as IDataObject).content);

/** The URLs on the lines of a message after its question, with the label before each. */
function links(content: string): Array<{ label: string; url: URL }> {
	const [, list] = content.split('\n\n');
	return list.split('\n').map((line) => {
		const at = line.lastIndexOf(': http');
		return { label: line.slice(0, at), url: new URL(line.slice(at + 2)) };
	});
}

describe('Message > Send and Wait for Response: the message and the wait', () => {
	it('asks in the conversation as the agent with signed approve and decline links, and waits one day', async () => {
		const conversation = newConversation();
		const before = Date.now();
		const run = await sb.run(
			ask({ conversation: rl(conversation.id), approveLabel: '同意退款', disapproveLabel: '不要' }),
			{ input: [{ json: { orderId: 1234 } }] },
		);
		const after = Date.now();
		expect(run.error).toBeUndefined();
		const [request] = sb.requestsTo('messages/outgoing/');
		expect(request.body).toMatchObject({ conversation: conversation.id, type: 'outgoing' });
		const content = String((request.body as IDataObject).content);
		expect(content.startsWith('Shall we refund order #1234 (NT$1,200) to your card?\n\n')).toBe(
			true,
		);
		const found = links(content);
		expect(found.map((link) => link.label)).toEqual(['同意退款', '不要']);
		for (const [index, { url }] of found.entries()) {
			// n8n's signed resume URL of this execution and node, carrying the choice and nothing else.
			expect(url.origin + url.pathname).toBe(
				`http://127.0.0.1:5678/webhook-waiting/${run.executionId}/${NODE_ID}`,
			);
			expect([...url.searchParams.keys()]).toEqual(['approved', 'signature']);
			expect(url.searchParams.get('approved')).toBe(index === 0 ? 'true' : 'false');
			const signature = url.searchParams.get('signature')!;
			expect(validateUrlSignature(signature, url, hmacSignatureSecret())).toBe(true);
			const forged = new URL(url);
			forged.searchParams.set('approved', index === 0 ? 'false' : 'true');
			expect(validateUrlSignature(signature, forged, hmacSignatureSecret())).toBe(false);
		}
		expect(content).not.toContain(sb.sandbox.apiKey);
		// The execution waits one day (the default limit) from when the node ran.
		expect(run.waitTill!.getTime()).toBeGreaterThanOrEqual(before + DAY_MS);
		expect(run.waitTill!.getTime()).toBeLessThanOrEqual(after + DAY_MS);
		// Until resumed, its output is its input item.
		expect(run.output[0].map((item) => item.json)).toEqual([{ orderId: 1234 }]);
	});

	it('Approve Only gives one link; Free Text one link to the form; the wait limit is an option', async () => {
		const conversation = newConversation();
		const single = await sb.run(
			ask({ conversation: rl(conversation.id), approvalType: 'single', approveLabel: 'OK' }),
		);
		expect(single.error).toBeUndefined();
		const freeText = await sb.run(
			ask({
				conversation: rl(conversation.id),
				responseType: 'freeText',
				options: { formLinkLabel: '回覆這裡', waitLimit: 2.5, waitLimitUnit: 'hours' },
			}),
		);
		expect(freeText.error).toBeUndefined();
		const [approveOnly, form] = sentContents().map((content) => links(String(content)));
		expect(approveOnly.map((link) => [link.label, link.url.searchParams.get('approved')])).toEqual([
			['OK', 'true'],
		]);
		expect(form).toHaveLength(1);
		expect(form[0].label).toBe('回覆這裡');
		expect([...form[0].url.searchParams.keys()]).toEqual(['signature']);
		expect(
			validateUrlSignature(
				form[0].url.searchParams.get('signature')!,
				form[0].url,
				hmacSignatureSecret(),
			),
		).toBe(true);
		const hours = (freeText.waitTill!.getTime() - Date.now()) / 3_600_000;
		expect(hours).toBeGreaterThan(2);
		expect(hours).toBeLessThanOrEqual(2.5);
	});

	it("asks in a contact's latest conversation", async () => {
		const contact = store().addContact({ name: '王小明' });
		newConversation(contact.id);
		const latest = newConversation(contact.id);
		const run = await sb.run(ask({ askIn: 'contact', contact: rl(contact.id) }));
		expect(run.error).toBeUndefined();
		expect(sb.requestsTo('messages/outgoing/')[0].body).toMatchObject({
			conversation: latest.id,
		});
		expect(store().messagesOf(latest.id)[0].content).toContain('Shall we refund');
	});

	it('sends nothing for a contact without a conversation, and names an unknown contact', async () => {
		const lonely = store().addContact({ name: '沒聊過' });
		const none = await sb.run(ask({ askIn: 'contact', contact: rl(lonely.id) }));
		expect(none.error?.message).toBe(`Contact ${lonely.id} has no conversation to ask in`);
		const unknown = await sb.run(ask({ askIn: 'contact', contact: rl(MISSING) }));
		expect(unknown.error?.message).toMatch(
			/^Send a message and wait for response failed: MaiAgent answered 404/,
		);
		expect(sentContents()).toHaveLength(0);
		expect(none.waitTill).toBeUndefined();
	});
});

describe('Message > Send and Wait for Response: bad input fails before anything is sent', () => {
	const conversation = () => rl(newConversation().id);

	it.each<[string, () => INodeParameters, string]>([
		[
			'no conversation (n8n checks the required field before the run)',
			() => ask({ conversation: rl('') }),
			'The \'MaiAgent\' node has issues:\n- Parameter "Conversation" is required.\n- Not a valid conversation ID (a UUID)',
		],
		[
			'no conversation from an expression',
			() => ask({ conversation: rl('={{ $json.missing }}') }),
			'Conversation is required',
		],
		[
			'a conversation that is not an ID',
			() => ask({ conversation: rl('={{ "abc" }}') }),
			'Conversation "abc" is not a valid MaiAgent ID',
		],
		[
			'no contact',
			() => ask({ askIn: 'contact', contact: rl('={{ "" }}') }),
			'Contact is required',
		],
		[
			'an empty question',
			() => ask({ conversation: conversation(), message: '  \n ' }),
			'Message is required',
		],
		[
			'a message picked in Message > Get, left over after switching operations',
			() => ask({ conversation: conversation(), message: rl(MISSING) as never }),
			'Message is required',
		],
		[
			'a wait limit of 0',
			() => ask({ conversation: conversation(), options: { waitLimit: 0 } }),
			'Wait Limit must be a positive number of minutes, hours or days',
		],
		[
			'a negative wait limit',
			() =>
				ask({ conversation: conversation(), options: { waitLimit: -1, waitLimitUnit: 'hours' } }),
			'Wait Limit must be a positive number of minutes, hours or days',
		],
	])('%s', async (_case, parameters, message) => {
		const run = await sb.run(parameters());
		expect(run.error?.message).toBe(message);
		expect(sb.sandbox.requests).toHaveLength(0);
		expect(run.waitTill).toBeUndefined();
	});

	it('more than one item: one question per execution', async () => {
		const run = await sb.run(ask({ conversation: conversation() }), {
			input: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});
		expect(run.error?.message).toBe(
			'Send and Wait asks one question per execution, but it got 2 items',
		);
		expect(sb.sandbox.requests).toHaveLength(0);
		expect(run.waitTill).toBeUndefined();
	});

	it('a MaiAgent failure names the operation and the execution does not wait', async () => {
		const run = await sb.run(ask({ conversation: rl(MISSING) }));
		expect(run.error?.message).toBe(
			`Send a message and wait for response failed: MaiAgent answered 400 - conversation: Invalid pk "${MISSING}" - object does not exist.`,
		);
		expect(run.waitTill).toBeUndefined();
	});
});

describe("Message > Send and Wait for Response: the node's webhook", () => {
	const call = async (
		parameters: IDataObject,
		request: { method: string; query?: Record<string, string>; body?: unknown },
	) =>
		await runWebhook({
			nodeType,
			parameters: ask({ conversation: rl(MISSING), ...parameters }),
			credentials: maiAgentCredentials(sb.sandbox),
			staticData: {},
			request: { body: {}, ...request },
		});

	it('a GET of an approval link shows the question and its choice; only the POST answers', async () => {
		const parameters = { message: 'Refund <b>now</b>?', disapproveLabel: 'No "thanks"' };
		const opened = await call(parameters, { method: 'GET', query: { approved: 'false' } });
		expect(opened.result).toEqual({ noWebhookResponse: true });
		const html = String(opened.response?.body);
		expect(html).toContain('Refund &lt;b&gt;now&lt;/b&gt;?');
		expect(html).toContain(
			'<form method="post"><button type="submit">No &quot;thanks&quot;</button>',
		);
		expect(opened.headers['content-security-policy']).toContain("form-action 'self'");

		const declined = await call(parameters, { method: 'POST', query: { approved: 'false' } });
		expect(declined.result.workflowData?.[0].map((item) => item.json)).toEqual([
			{ approved: false, respondedAt: expect.any(String) },
		]);
		expect(String(declined.response?.body)).toContain('No &quot;thanks&quot;');
		const approved = await call(parameters, { method: 'POST', query: { approved: 'true' } });
		expect(approved.result.workflowData?.[0][0].json).toMatchObject({ approved: true });
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('free text: the GET shows the form, an empty POST keeps waiting, a POST with text answers', async () => {
		const parameters = { responseType: 'freeText', options: { formButtonLabel: '送出' } };
		const opened = await call(parameters, { method: 'GET' });
		expect(opened.result).toEqual({ noWebhookResponse: true });
		expect(String(opened.response?.body)).toContain('<textarea name="answer"');
		expect(String(opened.response?.body)).toContain('送出');
		const empty = await call(parameters, { method: 'POST', body: { answer: '   ' } });
		expect(empty.result).toEqual({ noWebhookResponse: true });
		expect(empty.response?.status).toBe(400);
		const answered = await call(parameters, { method: 'POST', body: { answer: ' 請改到週五 ' } });
		expect(answered.result.workflowData?.[0].map((item) => item.json)).toEqual([
			{ answer: '請改到週五', respondedAt: expect.any(String) },
		]);
		expect(
			new Date(String(answered.result.workflowData?.[0][0].json.respondedAt)).getTime(),
		).not.toBeNaN();
	});
});
