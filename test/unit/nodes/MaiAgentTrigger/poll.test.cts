/**
 * The poll's walks with a fake transport: stopping early when lists are newest first, reading to the
 * end when they are not, and in creation order; a second round after a walk of several pages.
 */
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import * as pollModule from '../../../../nodes/MaiAgentTrigger/poll';
import { PAGE_SIZE } from '../../../../nodes/MaiAgentTrigger/walk';

const BASE = 'http://maiagent.test/api/v1';
const conv = (id: string, at: number): IDataObject => ({
	id,
	lastMessageCreatedAt: String(at),
	inbox: { id: 'i1' },
	contact: null,
	title: id,
});
const msg = (id: string, conversation: string, at: number): IDataObject => ({
	id,
	conversation,
	type: 'incoming',
	createdAt: String(at),
});

/** A fake MaiAgent: `conversations` is served as given (in pages of `pages` sizes). */
function fakeContext(conversationPages: IDataObject[][], messages: IDataObject[]) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({
			name: 'MaiAgent Trigger',
			type: 'maiAgentTrigger',
			typeVersion: 1,
			parameters: {},
		}),
		getCredentials: async () => ({ baseUrl: BASE, apiKey: 'k' }),
		getPollBudgetMs: () => 60_000,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const url = new URL(options.url);
				const qs = { ...(options.qs as IDataObject), ...Object.fromEntries(url.searchParams) };
				calls.push(
					`${url.pathname.replace('/api/v1/', '')}${qs.page ? `#${String(qs.page)}` : ''}`,
				);
				if (url.pathname.endsWith('/conversations/')) {
					const page = Number(qs.page ?? 1);
					const next =
						page < conversationPages.length ? `${BASE}/conversations/?page=${page + 1}` : null;
					return {
						statusCode: 200,
						headers: {},
						body: { next, results: conversationPages[page - 1] },
					};
				}
				const results = messages
					.filter((m) => m.conversation === qs.conversation)
					.sort((a, b) => Number(b.createdAt) - Number(a.createdAt));
				return { statusCode: 200, headers: {}, body: { next: null, results } };
			},
		},
	};
	return { ctx: ctx as unknown as IPollFunctions, calls };
}

const filters = {
	type: 'both' as const,
	source: 'all',
	chatbots: [],
	inboxes: [],
	conversation: '',
};
const state = { origin: 'now', from: 1000, cursor: 1000, seen: {} };

describe('poll walks', () => {
	it('stops at the first page reaching older conversations when the list is newest first', async () => {
		// 'a' was created before 'old' but is more recently active: the list is by activity.
		const { ctx, calls } = fakeContext(
			[
				[
					{ ...conv('a', 3000), createdAt: '10' },
					{ ...conv('old', 500), createdAt: '20' },
				],
				[conv('older', 400)],
			],
			[msg('m1', 'a', 3000), msg('m0', 'a', 900)],
		);
		const outcome = await pollModule.pollNewMessages(ctx, {
			filters,
			state,
			lookbackMs: 0,
			budgetMs: 60_000,
		});
		expect(outcome.items.map((i) => i.id)).toEqual(['m1']);
		expect(calls).toEqual(['conversations/', 'messages/']);
		expect(outcome.state).toMatchObject({
			from: 3000,
			cursor: 3000,
			seen: { m1: 3000 },
			byActivity: true,
		});
	});

	it('reads the whole list when it is not newest first, and still finds everything', async () => {
		const { ctx, calls } = fakeContext(
			[
				[conv('old', 500), conv('a', 2000)],
				[conv('b', 3000), conv('older', 400)],
			],
			[msg('ma', 'a', 2000), msg('mb', 'b', 3000)],
		);
		const outcome = await pollModule.pollNewMessages(ctx, {
			filters,
			state,
			lookbackMs: 0,
			budgetMs: 60_000,
		});
		expect(outcome.items.map((i) => i.id)).toEqual(['ma', 'mb']);
		// A second round checks that nothing moved past the walk: it finds nothing new, the pass is done.
		expect(calls.filter((c) => c.startsWith('conversations/'))).toEqual([
			'conversations/',
			'conversations/#2',
			'conversations/',
			'conversations/#2',
		]);
		// A complete pass leaves no pass in progress in the state.
		expect(outcome.complete).toBe(true);
		expect(outcome.state.pass).toBeUndefined();
	});

	it('out of budget, a poll stops after its first page of messages and says where to go on', async () => {
		const { ctx, calls } = fakeContext(
			[
				[conv('old', 500), conv('a', 2000)],
				[conv('b', 3000), conv('older', 400)],
			],
			[msg('ma', 'a', 2000), msg('mb', 'b', 3000)],
		);
		// A budget of 0 has passed before the first request: one page of each kind, then it stops.
		const outcome = await pollModule.pollNewMessages(ctx, {
			filters,
			state,
			lookbackMs: 0,
			budgetMs: 0,
		});
		expect(calls).toEqual(['conversations/', 'messages/']);
		expect(outcome.complete).toBe(false);
		expect(outcome.items.map((i) => i.id)).toEqual(['ma']);
		expect(outcome.state).toMatchObject({ from: 1000, cursor: 1000, seen: { ma: 2000 } });
		expect(outcome.state.pass).toEqual({
			horizon: 2000,
			done: ['a'],
			walk: { round: 1, next: `${BASE}/conversations/?page=2`, found: true },
		});
	});

	it('does not stop early while the list is also in creation order (it may be by creation)', async () => {
		const c = (id: string, at: number, created: number) => ({
			...conv(id, at),
			createdAt: String(created),
		});
		const { ctx, calls } = fakeContext(
			[[c('a', 3000, 30), c('old', 500, 20)], [c('b', 2500, 10)]],
			[msg('ma', 'a', 3000), msg('mb', 'b', 2500)],
		);
		const outcome = await pollModule.pollNewMessages(ctx, {
			filters,
			state,
			lookbackMs: 0,
			budgetMs: 60_000,
		});
		expect(outcome.items.map((i) => i.id)).toEqual(['mb', 'ma']);
		expect(calls.filter((call) => call.startsWith('conversations/')).slice(0, 2)).toEqual([
			'conversations/',
			'conversations/#2',
		]);
	});

	it('stops reading once it has MAX_BATCH messages; the page that reaches it is emitted whole', async () => {
		const { MAX_BATCH } = pollModule;
		const many = (conversation: string, count: number) =>
			Array.from({ length: count }, (_, i) => msg(`${conversation}${i}`, conversation, 1001 + i));
		// Oldest activity first: 'a' leaves the poll one short of MAX_BATCH, 'b' is a full page.
		const { ctx, calls } = fakeContext(
			[[conv('c', 4000), conv('b', 3000), conv('a', 2000)]],
			[...many('a', MAX_BATCH - 1), ...many('b', PAGE_SIZE), ...many('c', 1)],
		);
		const outcome = await pollModule.pollNewMessages(ctx, {
			filters,
			state,
			lookbackMs: 0,
			budgetMs: 60_000,
		});
		expect(outcome.items).toHaveLength(MAX_BATCH - 1 + PAGE_SIZE);
		expect(calls).toEqual(['conversations/', 'messages/', 'messages/']);
		expect(outcome.complete).toBe(false);
		expect(outcome.state.pass?.done).toEqual(['a', 'b']);
	});
});
