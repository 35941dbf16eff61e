/** Inbox > Get Many: through n8n-core against the sandbox (issue 16). */
import { rl, useSandbox } from '../fixture.cts';

const sb = useSandbox();

const store = () => sb.sandbox.store;

describe('Inbox > Get Many', () => {
	it('filters by assistant and channel type in the query', async () => {
		const bot = store().chatbots[0];
		const inboxes = await sb.json({
			resource: 'inbox',
			operation: 'getAll',
			returnAll: true,
			filters: { chatbot: rl(bot.id), channelType: 'line' },
		});
		const expected = store().inboxes.filter(
			(i) => i.chatbotId === bot.id && i.channelType === 'line',
		);
		expect(expected).toHaveLength(1);
		expect(inboxes).toEqual([
			{
				id: expected[0].id,
				name: expected[0].name,
				channelType: 'line',
				unreadConversationsCount: 0,
				channel: expected[0].channel,
			},
		]);
		expect(sb.requestsTo('inboxes/')[0].query).toMatchObject({
			chatbot: bot.id,
			channelType: 'line',
		});
	});

	it('lists every inbox without filters, up to the limit', async () => {
		const all = await sb.json({
			resource: 'inbox',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(all.map((i) => i.id)).toEqual(store().inboxes.map((i) => i.id));
		const two = await sb.json({ resource: 'inbox', operation: 'getAll', limit: 2 });
		expect(two).toHaveLength(2);
		const queries = sb.requestsTo('inboxes/').map((r) => r.query);
		expect(queries.length).toBeGreaterThanOrEqual(2);
		for (const query of queries) expect(query).not.toHaveProperty('chatbot');
	});

	it('refuses a malformed assistant ID before any request', async () => {
		const { error } = await sb.run({
			resource: 'inbox',
			operation: 'getAll',
			filters: { chatbot: rl('={{ "x" }}') },
		});
		expect(error?.message).toBe('AI assistant "x" is not a valid MaiAgent ID');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});
