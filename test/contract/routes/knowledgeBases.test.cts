// What MaiAgent's knowledge-base example clients (examples/python/knowledges, batch_upload/ and the
// helper utils/maiagent.py) send and read, stated here so CI catches a regression without them.
import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox({ seed: 'empty' });

const call = (method: string, path: string, body?: unknown) =>
	helpers.call(ctx.sandbox, method, path, body === undefined ? {} : { body });

async function createKb(name = `KB ${Math.random()}`) {
	const reply = await call('POST', 'knowledge-bases/', { name });
	expect(reply.status).toBe(201);
	return reply.json.id as string;
}

/** The three steps of the examples: presign (chatbot-file), storage POST, register the key. */
async function upload(kb: string, filename: string, text: string, extra: object = {}) {
	const data = Buffer.from(text);
	const presigned = await call('POST', 'upload-presigned-url/', {
		filename,
		modelName: 'chatbot-file',
		fieldName: 'file',
		fileSize: data.length,
	});
	const { body, contentType } = helpers.multipart([
		...(Object.entries(presigned.json.fields) as helpers.FormPart[]),
		['file', { filename, data, type: 'text/plain' }],
	]);
	const stored = await helpers.call(ctx.sandbox, 'POST', presigned.json.url, {
		body,
		headers: { 'content-type': contentType },
		auth: false,
	});
	expect(stored.status).toBe(204);
	return call('POST', `knowledge-bases/${kb}/files/`, {
		files: [{ file: presigned.json.fields.key, filename, ...extra }],
	});
}

/** Whether the file's status is now `want`. */
const untilStatus = async (kb: string, id: string, want: unknown) =>
	JSON.stringify((await call('GET', `knowledge-bases/${kb}/files/${id}/`)).json.status) ===
	JSON.stringify(want);

describe('knowledge-bases/', () => {
	it('creates from the example helper snake_case body without models, with the defaults', async () => {
		const reply = await call('POST', 'knowledge-bases/', {
			name: '測試知識庫',
			description: 'desc',
			number_of_retrieved_chunks: 10,
			sentence_window_size: 3,
			enable_hyde: true,
			similarity_cutoff: 0.1,
			enable_rerank: true,
			chatbots: [],
		});
		expect(reply.status).toBe(201);
		const models = await call('GET', 'embedding-models/');
		const rerankers = await call('GET', 'reranker-models/');
		expect(reply.json).toMatchObject({
			name: '測試知識庫',
			description: 'desc',
			numberOfRetrievedChunks: 10,
			sentenceWindowSize: 3,
			enableHyde: true,
			similarityCutoff: 0.1,
			filesCount: 0,
			embeddingModel: models.json.results.find((m: any) => m.isDefault).id,
			rerankerModel: rerankers.json.results[0].id,
		});
		expect(reply.json.createdAt).toMatch(/^\d{13}$/);
	});

	it('rejects a missing name and an unknown model', async () => {
		const reply = await call('POST', 'knowledge-bases/', {
			embeddingModel: '00000000-0000-4000-8000-000000000000',
		});
		expect(reply.status).toBe(400);
		expect(Object.keys(reply.json).sort()).toEqual(['embeddingModel', 'name']);
	});

	it('gets, updates by PUT and PATCH, and deletes', async () => {
		const id = await createKb();
		const chatbot = ctx.sandbox.store.chatbots[0];
		const put = await call('PUT', `knowledge-bases/${id}/`, {
			name: '改名',
			chatbots: [{ id: chatbot.id }],
		});
		expect(put.json).toMatchObject({
			name: '改名',
			chatbots: [{ id: chatbot.id, name: chatbot.name }],
		});
		expect((await call('PUT', `knowledge-bases/${id}/`, {})).status).toBe(400);
		const patch = await call('PATCH', `knowledge-bases/${id}/`, { enable_rerank: false });
		expect(patch.json).toMatchObject({ name: '改名', enableRerank: false });
		expect((await call('GET', `knowledge-bases/${id}/`)).json.name).toBe('改名');
		expect((await call('DELETE', `knowledge-bases/${id}/`)).status).toBe(204);
		expect((await call('GET', `knowledge-bases/${id}/`)).status).toBe(404);
	});

	it('lists newest first with page/pageSize, limit/offset and a name query', async () => {
		for (const name of ['甲-list', '乙-list', '丙-list']) await createKb(name);
		const paged = await call('GET', 'knowledge-bases/?query=-list&page=1&pageSize=2');
		expect(paged.json.count).toBe(3);
		expect(paged.json.results.map((kb: any) => kb.name)).toEqual(['丙-list', '乙-list']);
		expect(paged.json.next).toContain('page=2');
		const offset = await call('GET', 'knowledge-bases/?query=-list&limit=2&offset=2');
		expect(offset.json.results.map((kb: any) => kb.name)).toEqual(['甲-list']);
		expect(offset.json.previous).toContain('offset=0');
	});
});

describe('labels/', () => {
	it('keeps names unique within a knowledge base, not across them', async () => {
		const [a, b] = [await createKb(), await createKb()];
		expect((await call('POST', `knowledge-bases/${a}/labels/`, { name: '技術' })).status).toBe(201);
		const twice = await call('POST', `knowledge-bases/${a}/labels/`, { name: '技術' });
		expect(twice.status).toBe(400);
		expect(twice.json.nonFieldErrors).toHaveLength(1);
		expect((await call('POST', `knowledge-bases/${b}/labels/`, { name: '技術' })).status).toBe(201);
	});
});

describe('files/', () => {
	it('registers an uploaded key and answers a bare array (batch_upload reads response[0]["id"])', async () => {
		const kb = await createKb();
		const reply = await upload(kb, '須知.txt', '內容');
		expect(reply.status).toBe(201);
		expect(Array.isArray(reply.json)).toBe(true);
		expect(reply.json[0]).toMatchObject({
			filename: '須知.txt',
			fileType: 'txt',
			knowledgeBase: kb,
			size: Buffer.byteLength('內容'),
			status: 'initial',
			labels: [],
			rawUserDefineMetadata: {},
		});
		const download = await helpers.call(ctx.sandbox, 'GET', reply.json[0].file, { auth: false });
		expect(download.text).toBe('內容');
	});

	it('answers a page and status objects when configured so', async () => {
		ctx.sandbox.control.knowledge.setAnswerForms({ fileCreated: 'page', fileStatus: 'object' });
		const kb = await createKb();
		const reply = await upload(kb, 'a.txt', 'x');
		expect(reply.json).toMatchObject({ count: 1, next: null, previous: null });
		expect(reply.json.results[0].status).toEqual({ code: 'initial', message: expect.any(String) });
	});

	it('rejects a key that never reached storage', async () => {
		const kb = await createKb();
		const reply = await call('POST', `knowledge-bases/${kb}/files/`, {
			files: [{ file: 'media/chatbot-file/file/nope/a.txt', filename: 'a.txt' }],
		});
		expect(reply.status).toBe(400);
		expect(reply.json.files[0]).toHaveProperty('file');
		expect((await call('POST', `knowledge-bases/${kb}/files/`, {})).json).toEqual({
			files: ['This field is required.'],
		});
	});

	it("takes a parser listed for the file's type, and refuses others (parsers/supported-file-types/)", async () => {
		const types = (await call('GET', 'parsers/supported-file-types/')).json as Array<{
			fileType: string;
			parsers: Array<{ id: string; name: string; provider: string; isDefault: boolean }>;
		}>;
		// The bare list MaiAgent's parser example walks, extension with its dot.
		const pdf = types.find((t) => t.fileType === '.pdf')!;
		const txt = types.find((t) => t.fileType === '.txt')!;
		expect(pdf.parsers.filter((p) => p.isDefault)).toHaveLength(1);
		const llama = pdf.parsers.find((p) => p.provider === 'llama')!;
		expect(txt.parsers.map((p) => p.id)).not.toContain(llama.id);
		const kb = await createKb();
		const taken = await upload(kb, 'manual.pdf', '%PDF', { parser: llama.id });
		expect([taken.status, taken.json[0].parser]).toEqual([201, llama.id]);
		const wrongType = await upload(kb, 'notes.txt', 'text', { parser: llama.id });
		expect(wrongType.status).toBe(400);
		expect(JSON.stringify(wrongType.json)).toContain('does not parse .txt files');
		const unknown = await upload(kb, 'x.pdf', '%PDF', { parser: crypto.randomUUID() });
		expect(JSON.stringify(unknown.json)).toContain('object does not exist');
	});

	it('lists with page and page_size (scan_file_status.py) and filters by status', async () => {
		const kb = await createKb();
		ctx.sandbox.control.knowledge.setFileProcessing('held.txt', { initialMs: Infinity });
		for (const name of ['a.txt', 'b.txt', 'held.txt']) await upload(kb, name, 'x');
		const page = await call('GET', `knowledge-bases/${kb}/files/?page=1&page_size=2`);
		expect(page.json.count).toBe(3);
		expect(page.json.results.map((f: any) => f.filename)).toEqual(['held.txt', 'b.txt']);
		expect(page.json.next).toContain('page=2');
		const initial = await call('GET', `knowledge-bases/${kb}/files/?status=initial`);
		expect(initial.json.results.map((f: any) => f.filename)).toContain('held.txt');
		await helpers.eventually(async () => {
			const done = await call('GET', `knowledge-bases/${kb}/files/?status=done`);
			return done.json.count === 2;
		});
	});

	it.each(['PATCH', 'POST'])(
		'updates labels and metadata by %s, keeping the metadata keys as sent',
		async (method) => {
			const kb = await createKb();
			const label = (await call('POST', `knowledge-bases/${kb}/labels/`, { name: 'L' })).json;
			const [file] = (await upload(kb, 'a.txt', 'x')).json;
			const reply = await call(method, `knowledge-bases/${kb}/files/${file.id}/update-metadata/`, {
				labels: [{ id: label.id }],
				raw_user_define_metadata: { source_url: 'https://example.com', priority: 'high' },
			});
			expect(reply.status).toBe(200);
			expect(reply.json.labels).toEqual([{ id: label.id, name: 'L' }]);
			expect(reply.json.rawUserDefineMetadata).toEqual({
				source_url: 'https://example.com',
				priority: 'high',
			});
		},
	);

	it('rejects a label of another knowledge base and a malformed label id', async () => {
		const [kb, other] = [await createKb(), await createKb()];
		const foreign = (await call('POST', `knowledge-bases/${other}/labels/`, { name: 'L' })).json;
		const [file] = (await upload(kb, 'a.txt', 'x')).json;
		const path = `knowledge-bases/${kb}/files/${file.id}/update-metadata/`;
		for (const id of [foreign.id, 'label-id']) {
			const reply = await call('PATCH', path, { labels: [{ id, name: 'general' }] });
			expect(reply.status).toBe(400);
			expect(reply.json).toHaveProperty('labels');
		}
	});
});

describe('faqs/', () => {
	it('batch-deletes the given ids, and all of them for an empty list (the helper says so)', async () => {
		const kb = await createKb();
		const ids = [];
		for (const q of ['1', '2', '3'])
			ids.push(
				(await call('POST', `knowledge-bases/${kb}/faqs/`, { question: q, answer: q })).json.id,
			);
		await call('POST', `knowledge-bases/${kb}/faqs/batch-delete/`, { ids: [ids[0]] });
		expect((await call('GET', `knowledge-bases/${kb}/faqs/`)).json.count).toBe(2);
		expect(
			(await call('POST', `knowledge-bases/${kb}/faqs/batch-delete/`, { ids: [] })).status,
		).toBe(204);
		expect((await call('GET', `knowledge-bases/${kb}/faqs/`)).json.count).toBe(0);
	});

	it('updates labels and metadata of a FAQ', async () => {
		const kb = await createKb();
		const label = (await call('POST', `knowledge-bases/${kb}/labels/`, { name: 'L' })).json;
		const faq = (await call('POST', `knowledge-bases/${kb}/faqs/`, { question: 'q', answer: 'a' }))
			.json;
		const reply = await call('PATCH', `knowledge-bases/${kb}/faqs/${faq.id}/update-metadata/`, {
			labels: [{ id: label.id }],
			rawUserDefineMetadata: { team: 'cs' },
		});
		expect(reply.json).toMatchObject({
			labels: [{ id: label.id }],
			rawUserDefineMetadata: { team: 'cs' },
		});
	});
});

describe('documents/ and search/', () => {
	async function processed(kb: string, filename: string, text: string) {
		const [file] = (await upload(kb, filename, text)).json;
		await helpers.eventually(() => untilStatus(kb, file.id, 'done'));
		return file.id as string;
	}

	it('chunks a done text file by paragraphs (chatbot_file_id)', async () => {
		const kb = await createKb();
		const id = await processed(kb, '高鐵.txt', '高鐵車票可網路購買。\n\n自由座在 10 到 12 車。');
		await processed(kb, 'other.txt', 'other');
		const docs = await call('GET', `knowledge-bases/${kb}/documents/?chatbot_file_id=${id}`);
		expect(docs.json.results.map((d: any) => d.content)).toEqual([
			'高鐵車票可網路購買。',
			'自由座在 10 到 12 車。',
		]);
		expect(docs.json.results[0].chatbotFile).toEqual({ id, filename: '高鐵.txt' });
		expect((await call('GET', `knowledge-bases/${kb}/documents/`)).json.count).toBe(3);
	});

	it('searches only done files, and edited or deleted chunks count as edited', async () => {
		const kb = await createKb();
		ctx.sandbox.control.knowledge.setFileProcessing('pending.txt', { initialMs: Infinity });
		await upload(kb, 'pending.txt', 'apple pie');
		const id = await processed(kb, 'done.txt', 'banana bread');
		const search = async (query: string) =>
			(await call('POST', `knowledge-bases/${kb}/search/`, { query })).json.map((r: any) => r.text);
		expect(await search('apple')).toEqual([]);
		const [doc] = (await call('GET', `knowledge-bases/${kb}/documents/?chatbot_file_id=${id}`)).json
			.results;
		const put = await call('PUT', `knowledge-bases/${kb}/documents/${doc.id}/`, {
			content: 'cherry tart',
			metadata: { edited_by: 'me' },
		});
		expect(put.json).toMatchObject({ content: 'cherry tart', metadata: { edited_by: 'me' } });
		expect(await search('cherry')).toEqual(['cherry tart']);
		expect((await call('DELETE', `knowledge-bases/${kb}/documents/${doc.id}/`)).status).toBe(204);
		expect(await search('cherry')).toEqual([]);
	});
});
