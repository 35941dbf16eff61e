/**
 * One reading of text parameters for the whole node (issue 32, item 1): an expression that
 * resolves to `undefined` (a cell Extract from File left out), `null`, "" or blanks is empty. A
 * required field then fails before any request, naming the field and the item; an optional one is
 * left out of the request. Never the text "undefined" or "null".
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from './fixture.cts';
import { newKnowledgeBase, sandboxApi } from '../../../helpers/knowledge.cts';

const sb = useSandbox();

const EMPTY = ['={{ $json.missing }}', '={{ null }}', '={{ "  " }}'];
const ID = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';
const store = () => sb.sandbox.store;
const webInbox = () => store().inboxes.find((i) => i.channelType === 'web')!.id;
const seedKb = () => sb.sandbox.knowledge.basesInOrder().find((k) => k.name === '客服知識庫')!.id;
const row: INodeExecutionData[] = [{ json: { present: 'yes' } }];
const bodies = (method: string) =>
	sb.sandbox.requests.filter((r) => r.method === method).map((r) => r.body as IDataObject);

/** Every operation with a required text field: its parameters with that field set to `value`. */
const REQUIRED: Array<[string, string, (value: string) => INodeParameters]> = [
	[
		'FAQ > Create: Question',
		'Question',
		(v) => ({
			resource: 'knowledgeBaseFaq',
			operation: 'create',
			knowledgeBase: rl(ID),
			question: v,
			answer: 'a',
		}),
	],
	[
		'FAQ > Create: Answer',
		'Answer',
		(v) => ({
			resource: 'knowledgeBaseFaq',
			operation: 'create',
			knowledgeBase: rl(ID),
			question: 'q',
			answer: v,
		}),
	],
	[
		'FAQ > Sync: Answer',
		'Answer',
		(v) => ({
			resource: 'knowledgeBaseFaq',
			operation: 'sync',
			knowledgeBase: rl(ID),
			question: 'q',
			answer: v,
		}),
	],
	[
		'FAQ > Sync: Question',
		'Question',
		(v) => ({
			resource: 'knowledgeBaseFaq',
			operation: 'sync',
			knowledgeBase: rl(ID),
			question: v,
			answer: 'a',
		}),
	],
	[
		'Knowledge Base > Search: Query',
		'Query',
		(v) => ({ resource: 'knowledgeBase', operation: 'search', knowledgeBase: rl(ID), query: v }),
	],
	[
		'Knowledge Base > Create: Name',
		'Name',
		(v) => ({
			resource: 'knowledgeBase',
			operation: 'create',
			name: v,
			embeddingModel: ID,
			rerankerModel: ID,
		}),
	],
	[
		'AI Assistant > Create: Name',
		'Name',
		(v) => ({ resource: 'aiAssistant', operation: 'create', name: v, largeLanguageModel: rl(ID) }),
	],
	[
		'Contact > Create or Update: Source ID',
		'Source ID',
		(v) => ({ resource: 'contact', operation: 'upsert', inbox: rl(ID), sourceId: v, name: 'n' }),
	],
	[
		'Contact > Create or Update: Name',
		'Name',
		(v) => ({ resource: 'contact', operation: 'upsert', inbox: rl(ID), sourceId: 's', name: v }),
	],
	[
		'Contact > Create: Name',
		'Name',
		(v) => ({
			resource: 'contact',
			operation: 'create',
			name: v,
			inboxes: { inbox: [{ id: rl(ID) }] },
		}),
	],
	[
		'Contact > Broadcast: Message',
		'Message',
		(v) => ({
			resource: 'contact',
			operation: 'broadcast',
			target: 'contacts',
			contactIds: ID,
			message: v,
		}),
	],
	[
		'Message > Create: Content',
		'Content',
		(v) => ({ resource: 'message', operation: 'create', conversation: rl(ID), content: v }),
	],
	[
		'Message > Send as Agent: Content',
		'Content',
		(v) => ({ resource: 'message', operation: 'sendAsAgent', conversation: rl(ID), content: v }),
	],
	[
		'Message > Send: Message',
		'Message',
		(v) => ({ resource: 'message', operation: 'send', chatbot: rl(ID), content: v }),
	],
	[
		'Label > Create: Name',
		'Name',
		(v) => ({
			resource: 'knowledgeBaseLabel',
			operation: 'create',
			knowledgeBase: rl(ID),
			name: v,
		}),
	],
	[
		'Label > Update: Name',
		'Name',
		(v) => ({
			resource: 'knowledgeBaseLabel',
			operation: 'update',
			knowledgeBase: rl(ID),
			label: rl(ID),
			name: v,
		}),
	],
];

describe('A required text field that resolves to nothing fails before any request', () => {
	it.each(
		REQUIRED.flatMap(([name, field, params]) =>
			EMPTY.map((v) => [name, v, field, params] as const),
		),
	)('%s = %s', async (_name, value, field, params) => {
		const input = [{ json: { present: 'yes' } }, { json: { other: 1 } }];
		const { error } = await sb.run(params(value), { input });
		expect(error?.message).toBe(`${field} is required`);
		expect((error as { context?: IDataObject }).context).toEqual({ itemIndex: 0 });
		const { output } = await sb.run(params(value), { input, continueOnFail: true });
		expect(output[0].map((item) => [item.json.error, item.pairedItem])).toEqual([
			[`${field} is required`, { item: 0 }],
			[`${field} is required`, { item: 1 }],
		]);
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('An optional text field that resolves to nothing is left out of the request', () => {
	it.each(EMPTY)('Contact > Create, Create or Update, Update: %s', async (empty) => {
		const fields = { email: empty, phoneNumber: empty, avatar: empty, sourceId: empty };
		const [created] = await sb.json(
			{
				resource: 'contact',
				operation: 'create',
				name: 'Ann',
				inboxes: { inbox: [{ id: rl(webInbox()) }] },
				additionalFields: fields,
			},
			{ input: row },
		);
		await sb.json(
			{
				resource: 'contact',
				operation: 'update',
				contact: rl(String(created.id)),
				updateFields: { ...fields, name: '={{ "Ann Lee" }}' },
			},
			{ input: row },
		);
		await sb.json(
			{
				resource: 'contact',
				operation: 'upsert',
				inbox: rl(webInbox()),
				sourceId: `crm-${EMPTY.indexOf(empty)}`,
				name: 'Bo',
				additionalFields: { email: empty, phoneNumber: empty },
			},
			{ input: row },
		);
		expect(bodies('POST')).toEqual([
			{ name: 'Ann', inboxes: [{ id: webInbox() }] },
			{ name: 'Bo', sourceId: `crm-${EMPTY.indexOf(empty)}`, inboxes: [{ id: webInbox() }] },
		]);
		expect(bodies('PATCH')).toEqual([{ name: 'Ann Lee' }]);
	});

	it.each(EMPTY)('an Update with only empty fields has nothing to update: %s', async (empty) => {
		const contact = store().contacts.find((c) => c.deletedAt === null)!;
		const { error } = await sb.run(
			{
				resource: 'contact',
				operation: 'update',
				contact: rl(contact.id),
				updateFields: { email: empty, name: empty },
			},
			{ input: row },
		);
		expect(error?.message).toBe('Nothing to update');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it.each(EMPTY)('FAQ > Update keeps what resolves to nothing: %s', async (empty) => {
		const kb = seedKb();
		const faq = sb.sandbox.knowledge.faqsOf(kb)[0];
		const before = { question: faq.question, answer: faq.answer };
		const [updated] = await sb.json(
			{
				resource: 'knowledgeBaseFaq',
				operation: 'update',
				knowledgeBase: rl(kb),
				faq: rl(faq.id),
				updateFields: { question: `={{ "${before.question}" }}`, answer: empty },
			},
			{ input: row },
		);
		expect(updated).toMatchObject(before);
		expect(bodies('PUT')).toEqual([before]);
	});

	it.each(EMPTY)('AI Assistant > Create and Update, Knowledge Base > Update: %s', async (empty) => {
		const model = store().chatbots[0].largeLanguageModel.id;
		const [bot] = await sb.json(
			{
				resource: 'aiAssistant',
				operation: 'create',
				name: 'Bot',
				largeLanguageModel: rl(model),
				instructions: empty,
			},
			{ input: row },
		);
		await sb.json(
			{
				resource: 'aiAssistant',
				operation: 'update',
				chatbot: rl(String(bot.id)),
				updateFields: { name: 'Bot 2', instructions: empty },
			},
			{ input: row },
		);
		await sb.json(
			{
				resource: 'knowledgeBase',
				operation: 'update',
				knowledgeBase: rl(seedKb()),
				updateFields: { name: '={{ "客服知識庫" }}', description: empty },
			},
			{ input: row },
		);
		expect(bodies('POST')[0]).not.toHaveProperty('instructions');
		expect(bodies('PATCH')).toEqual([{ name: 'Bot 2' }, { name: '客服知識庫' }]);
	});

	it.each(EMPTY)('filters that resolve to nothing filter nothing: %s', async (empty) => {
		const all = await sb.json({ resource: 'knowledgeBase', operation: 'getAll', returnAll: true });
		const filtered = await sb.json(
			{
				resource: 'knowledgeBase',
				operation: 'getAll',
				returnAll: true,
				filters: { query: empty },
			},
			{ input: row },
		);
		expect(filtered.map((kb) => kb.id)).toEqual(all.map((kb) => kb.id));
		const kb = seedKb();
		const faqs = await sb.json(
			{
				resource: 'knowledgeBaseFaq',
				operation: 'getAll',
				knowledgeBase: rl(kb),
				returnAll: true,
				filters: { question: empty },
			},
			{ input: row },
		);
		expect(faqs).toHaveLength(sb.sandbox.knowledge.faqsOf(kb).length);
	});
});

describe('Sync: keys, file names, labels and metadata that resolve to nothing', () => {
	const file = (name: string): INodeExecutionData => ({
		json: {},
		binary: {
			data: { data: Buffer.from(name).toString('base64'), mimeType: 'text/plain', fileName: name },
		},
	});

	it.each(EMPTY)(
		'File Sync: an empty key is the file name, never "undefined": %s',
		async (empty) => {
			const kb = await newKnowledgeBase(sb.sandbox);
			const out = await sb.json(
				{
					resource: 'knowledgeBaseFile',
					operation: 'sync',
					knowledgeBase: rl(kb),
					binaryPropertyName: 'data',
					key: empty,
					options: { fileName: empty, labels: empty, metadata: empty, parser: empty },
				},
				{ input: [file('a.txt'), file('b.txt')] },
			);
			expect(out.map((o) => [o.status, o.key, o.filename])).toEqual([
				['created', 'a.txt', 'a.txt'],
				['created', 'b.txt', 'b.txt'],
			]);
			const stored = sb.sandbox.knowledge
				.filesOf(kb)
				.map((f) => f.filename)
				.sort();
			expect(stored).toEqual(['a.txt', 'b.txt']);
		},
	);

	it.each(EMPTY)(
		'FAQ Sync: an empty key is the question; empty labels and metadata are none: %s',
		async (empty) => {
			const kb = await newKnowledgeBase(sb.sandbox);
			const out = await sb.json(
				{
					resource: 'knowledgeBaseFaq',
					operation: 'sync',
					knowledgeBase: rl(kb),
					question: '={{ $json.q }}',
					answer: '={{ $json.a }}',
					key: empty,
					options: { labels: empty, metadata: empty },
				},
				{ input: [{ json: { q: 'Q1', a: 'A1' } }, { json: { q: 'Q2', a: 'A2' } }] },
			);
			expect(out.map((o) => [o.status, o.key])).toEqual([
				['created', 'Q1'],
				['created', 'Q2'],
			]);
			const faqs = await sandboxApi(sb.sandbox, 'GET', `knowledge-bases/${kb}/faqs/`);
			expect((faqs.results as unknown as IDataObject[]).map((f) => f.answer).sort()).toEqual([
				'A1',
				'A2',
			]);
		},
	);
});
