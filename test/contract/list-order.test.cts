// Sandbox controls the trigger's tests model MaiAgent variants with: list orders, a page-size cap,
// an HTML error page.
import * as helpers from './helpers.cts';

const ctx = helpers.useSandbox();

/** Every page of a list, following `next`. */
async function all(path: string): Promise<Array<Record<string, unknown>>> {
	const items: Array<Record<string, unknown>> = [];
	let next: string | null = path;
	while (next) {
		const reply: helpers.Reply<{ results: Array<Record<string, unknown>>; next: string | null }> =
			await helpers.call(ctx.sb, 'GET', next);
		items.push(...reply.json.results);
		next = reply.json.next;
	}
	return items;
}

describe('control.setListOrder and setMaxPageSize', () => {
	it('orders conversations by creation and messages oldest first, in pages of at most n', async () => {
		const { store, control } = ctx.sb;
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
		const page = await helpers.call(ctx.sb, 'GET', 'conversations/?pageSize=50');
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
			(await helpers.call(ctx.sb, 'GET', 'conversations/?pageSize=50')).json.results[0].id,
		).toBe(older.id);
	});
});

describe('control.fail with an HTML page', () => {
	it('answers the page as text/html with the status', async () => {
		const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
		ctx.sb.control.fail({ route: 'conversations/', status: 502, html: page });
		const reply = await helpers.call(ctx.sb, 'GET', 'conversations/');
		expect(reply.status).toBe(502);
		expect(reply.headers['content-type']).toBe('text/html');
		expect(reply.text).toBe(page);
	});
});
