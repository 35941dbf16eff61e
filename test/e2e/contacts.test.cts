// The contact examples inside real n8n, run with `n8n execute` against the sandbox: the
// spreadsheet-to-contacts sync twice (the second run finds every customer and creates nothing),
// then the inbox announcement, whose per-contact results arrive as an HTML table at an SMTP sink:
// a table of names, under a subject whose time is the workflow's (Asia/Taipei), not the machine's.
import type { IRun } from 'n8n-workflow';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import * as smtp from '../../scripts/smtp-sink.cts';

const UPSERT = 'Create or update the contact';
/** 客服知識庫, the knowledge base of the demo's sandbox the example grants. */
const KB = 'fabc4114-ad4b-479a-9043-d1970ef2d339';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `yyyy-MM-dd HH:mm` of a moment in Asia/Taipei. */
const taipeiMinute = (at: Date) =>
	new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Asia/Taipei',
		dateStyle: 'short',
		timeStyle: 'short',
	}).format(at);

f.describeEachN8n((version) => {
	let contactsBefore: number;
	const runs: IRun[] = [];
	let announce: IRun;

	const env = f.useN8n(version, {
		smtp: true,
		setup: async ({ n8n, sandbox }) => {
			contactsBefore = sandbox.store.contacts.length;
			const sync = await n8n.importWorkflow(
				f.example('customers-from-spreadsheet-to-contacts.json'),
			);
			runs.push(await n8n.execute(sync));
			runs.push(await n8n.execute(sync));
			announce = await n8n.execute(await n8n.importWorkflow(f.example('announce-to-inbox.json')));
		},
	});

	test("the first sync creates the three customers, with access to the demo's knowledge base", () => {
		expect(runs[0].data.resultData.error).toBeUndefined();
		const created = launcher.nodeOutput(runs[0], UPSERT).map((item) => item.json);
		expect(created.map((c) => [c.sourceId, c.upsertResult])).toEqual([
			['C-1001', 'created'],
			['C-1002', 'created'],
			['C-1003', 'created'],
		]);
		const vip = env.sandbox.store.contacts.find((c) => c.sourceId === 'C-1001')!;
		expect(vip).toMatchObject({ name: '陳小華', email: 'hua.chen@example.com' });
		expect(vip.queryMetadata).toEqual({
			knowledgeBases: [{ knowledgeBaseId: KB, hasUserSelectedAll: true }],
		});
		expect(env.sandbox.knowledge.bases.get(KB)?.name).toBe('客服知識庫');
	});

	test('the second sync updates the same contacts and creates nothing', () => {
		expect(runs[1].data.resultData.error).toBeUndefined();
		const second = launcher.nodeOutput(runs[1], UPSERT).map((item) => item.json);
		expect(second.map((c) => c.upsertResult)).toEqual(['updated', 'updated', 'updated']);
		const first = launcher.nodeOutput(runs[0], UPSERT).map((item) => item.json.id);
		expect(second.map((c) => c.id)).toEqual(first);
		expect(env.sandbox.store.contacts).toHaveLength(contactsBefore + 3);
		const posts = env.sandbox.requests.filter(
			(r) => r.method === 'POST' && r.path === '/api/v1/contacts/',
		);
		expect(posts).toHaveLength(3);
	});

	test('the announcement reaches the inbox and mails a table naming every contact', () => {
		expect(announce.data.resultData.error).toBeUndefined();
		const results = launcher.nodeOutput(announce, 'Broadcast to the inbox').map((i) => i.json);
		const [request] = env.sandbox.requests.filter((r) =>
			r.path.endsWith('/contacts/broadcast-message'),
		);
		expect(request.body).toMatchObject({ inboxId: '0e7fee15-7520-4a59-b981-32091b423b56' });
		expect(results.some((r) => r.status === 'success')).toBe(true);
		// The three synced customers have no conversation yet: reported, not dropped.
		expect(results.filter((r) => r.status === 'error')).toHaveLength(3);
		expect(env.sink.mails).toHaveLength(1);
		const [mail] = env.sink.mails;
		// As the terminal of npm start shows it: a row per contact, its name first.
		const rows = smtp.mailText(mail.raw)!.split('\n');
		for (const result of results) {
			expect(result.contactName).toEqual(expect.any(String));
			expect(rows).toContainEqual(
				expect.stringMatching(
					new RegExp(
						`^${escape(String(result.contactName))} \\| ${result.contactId} \\| ${result.status}\\b`,
					),
				),
			);
		}
		expect(rows.some((row) => row.endsWith('No conversation found for this contact.'))).toBe(true);
		// Sent at the Date the mail carries: its subject gives that minute in Asia/Taipei.
		const sent = new Date(/^Date: (.+)$/m.exec(mail.raw)![1]);
		const [, minute] = /^MaiAgent announcement sent (.+) \(Asia\/Taipei\)$/.exec(mail.subject)!;
		expect([taipeiMinute(sent), taipeiMinute(new Date(sent.getTime() - 60_000))]).toContain(minute);
	});
});
