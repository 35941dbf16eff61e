// The controls whose effect no engine test would notice missing (the engine tests prove the
// others by depending on them): Retry-After, an HTML error page, and the list orders the
// trigger's simulations and soak test run in.
import { useSandbox } from '../helpers/sandbox.cts';
import * as helpers from './helpers.cts';

const ctx = useSandbox();

/** Every item of a list, following `next`. */
const all = async (path: string) =>
	(await helpers.walk(ctx.sandbox, path)).flatMap((page) => page.results);

describe('control.fail', () => {
	it('forces 429 with Retry-After for the next `times` matching requests', async () => {
		ctx.sandbox.control.fail({ route: 'conversations/', status: 429, retryAfter: 2, times: 2 });
		for (let i = 0; i < 2; i++) {
			const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations/');
			expect(reply.status).toBe(429);
			expect(reply.headers['retry-after']).toBe('2');
			expect(reply.json).toEqual({
				detail: 'Request was throttled. Expected available in 2 seconds.',
			});
		}
		expect((await helpers.call(ctx.sandbox, 'GET', 'conversations/')).status).toBe(200);
	});

	it('answers an HTML page as text/html with the status', async () => {
		const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
		ctx.sandbox.control.fail({ route: 'conversations/', status: 502, html: page });
		const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations/');
		expect(reply.status).toBe(502);
		expect(reply.headers['content-type']).toBe('text/html');
		expect(reply.text).toBe(page);
	});
});

describe('control.setListOrder and setMaxPageSize', () => {
	it('orders conversations by creation and messages oldest first, in pages of at most n', async () => {
		const { store, control } = ctx.sandbox;
		const [older, newer] = [store.conversations[0], store.conversations[1]].sort(
			(a, b) => Number(a.createdAt) - Number(b.createdAt) || a.seq - b.seq,
		);
		// The older conversation becomes the most recently active.
		const t = Date.now() + 60_000;
		control.injectMessage({ conversationId: older.id, createdAt: t });
		control.injectMessage({ conversationId: older.id, createdAt: t + 1 });
		control.setMaxPageSize(2);

		const byActivity = await all('conversations/?pageSize=50');
		expect(byActivity[0].id).toBe(older.id);

		control.setListOrder({ conversations: 'created' });
		const page = await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=50');
		expect(page.json.results).toHaveLength(2);
		const byCreation = await all('conversations/?pageSize=50');
		expect(byCreation).toHaveLength(store.conversations.length);
		const created = byCreation.map((c) => Number(c.createdAt));
		expect(created).toEqual([...created].sort((a, b) => b - a));
		expect(byCreation.findIndex((c) => c.id === newer.id)).toBeLessThan(
			byCreation.findIndex((c) => c.id === older.id),
		);

		control.setListOrder({ messages: 'oldest' });
		for (const style of ['cursor', 'page'] as const) {
			control.setMessagesPagination(style);
			const messages = await all(`messages/?conversation=${older.id}&pageSize=50`);
			const times = messages.map((m) => Number(m.createdAt));
			expect(times).toEqual([...times].sort((a, b) => a - b));
			expect(times.slice(-2)).toEqual([t, t + 1]);
		}

		control.reset();
		expect(
			(await helpers.call(ctx.sandbox, 'GET', 'conversations/?pageSize=50')).json.results[0].id,
		).toBe(older.id);
	});
});
