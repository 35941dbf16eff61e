import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	StructuredChunk,
} from 'n8n-workflow';

import type { StreamVariant } from '../../../../../../sandbox/index.cts';
import { BUCKET } from '../../../../../../sandbox/views.cts';
import { sessionSourceId } from '../../../../../../nodes/MaiAgent/resources/message/session';
import { storeBinary } from '../../../../../../scripts/lib/engine.cts';
import { rl, useSandbox } from '../../fixture.cts';

const sb = useSandbox();

const bot = () => sb.sandbox.store.chatbots[0];

const send = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	chatbot: rl(bot().id),
	content: '營業時間是幾點？',
	options,
	...extra,
});

interface Captured {
	chunks: StructuredChunk[];
	onChunk(chunk: StructuredChunk): void;
}

function captureChunks(): Captured {
	const chunks: StructuredChunk[] = [];
	return { chunks, onChunk: (chunk) => chunks.push(chunk) };
}

const itemTexts = (chunks: StructuredChunk[]) =>
	chunks.filter((c) => c.type === 'item').map((c) => c.content);

/** The reply the sandbox stored for the newest completion. */
const storedReply = (conversationId: unknown) =>
	sb.sandbox.store
		.messagesOf(String(conversationId))
		.filter((m) => m.type === 'outgoing')
		.at(-1)?.content;

const leaksKey = (value: unknown) => JSON.stringify(value).includes(sb.sandbox.apiKey);

interface StreamClosed {
	by: 'server' | 'client';
	at: number;
}

/** The next streamed completion's connection closing, as the sandbox saw it. */
const nextStreamClosed = () =>
	new Promise<StreamClosed>((resolve) => sb.sandbox.events.once('streamClosed', resolve));

/** The 'item' chunks a chat shows, the failure line the node adds last. */
const failureLine = (chunks: StructuredChunk[]) => itemTexts(chunks).at(-1) ?? '';

describe('Message > Send (streaming)', () => {
	it('relays the first delta before the sandbox writes the last, then outputs the whole reply', async () => {
		// 750 ms from the first write to the last: a busy machine delays the relay, not that much.
		sb.sandbox.control.setStream({
			deltas: ['從前', '有一隻', '小狗', '在玩球'],
			deltaDelayMs: 250,
		});
		const written: number[] = [];
		const onDelta = (delta: { index: number }) => written.push(delta.index);
		sb.sandbox.events.on('delta', onDelta);
		const captured = captureChunks();
		let writtenAtFirstItem: number | undefined;
		const onChunk = (chunk: StructuredChunk) => {
			if (chunk.type === 'item') writtenAtFirstItem ??= written.length;
			captured.onChunk(chunk);
		};
		try {
			const { output, error } = await sb.run(send(), { onChunk });
			expect(error).toBeUndefined();
			// Counted, not timed: the deltas the sandbox had written when the first reached the chat.
			expect(writtenAtFirstItem).toBeLessThan(4);

			const reply = output[0][0].json;
			const texts = itemTexts(captured.chunks);
			expect(captured.chunks.map((c) => c.type)).toEqual([
				'begin',
				...texts.map(() => 'item'),
				'end',
			]);
			expect(captured.chunks.every((c) => c.metadata.itemIndex === 0)).toBe(true);
			expect(texts.join('')).toBe(reply.content);
			expect(reply.deltas).toBe(written.length);
			expect(reply.content).toBe(storedReply(reply.conversationId));
			expect(reply.citations).toEqual(
				expect.arrayContaining([expect.objectContaining({ filename: expect.any(String) })]),
			);
			expect(output[0][0].pairedItem).toEqual({ item: 0 });
		} finally {
			sb.sandbox.events.off('delta', onDelta);
		}
	});

	it('asks for a stream and sends the message fields camelCased', async () => {
		await sb.json(
			send({
				contentPayload: '{"channel": "n8n"}',
				queryMetadata: { knowledge_bases: ['kb-1'] },
				metadata: '{"timezone": "Asia/Taipei"}',
			}),
		);
		const [request] = sb.requestsTo(`chatbots/${bot().id}/completions/`);
		expect(request.body).toEqual({
			message: {
				content: '營業時間是幾點？',
				contentPayload: { channel: 'n8n' },
				queryMetadata: { knowledge_bases: ['kb-1'] },
				metadata: { timezone: 'Asia/Taipei' },
			},
			isStreaming: true,
		});
	});

	const variants: Array<[string, StreamVariant]> = [
		['CRLF line ends', { crlf: true }],
		['"data:" without a space', { noSpaceAfterData: true }],
		['multi-line data', { multiLineData: true }],
		['heartbeat comments', { heartbeat: true }],
		['a [DONE] line', { doneLine: true }],
		['conversation_id', { conversationIdKey: 'conversation_id' }],
		['a UTF-8 character split across reads', { splitUtf8: true }],
		['a malformed event', { malformedLine: true }],
		[
			'all of them at once',
			{
				crlf: true,
				noSpaceAfterData: true,
				multiLineData: true,
				heartbeat: true,
				doneLine: true,
				conversationIdKey: 'conversation_id',
				splitUtf8: true,
			},
		],
	];

	it.each(variants)('gives the same reply with %s', async (_, variant) => {
		const [plain] = await sb.json(send());
		sb.sandbox.control.setStream(variant);
		const captured = captureChunks();
		const [reply] = await sb.json(send(), { onChunk: captured.onChunk });
		expect(reply.content).toBe(plain.content);
		expect(itemTexts(captured.chunks).join('')).toBe(plain.content);
		expect(reply.conversationId).toEqual(expect.any(String));
		expect(reply.citations).toEqual(plain.citations);
	});

	it('takes a stream ending with [DONE] and no "done" event as the complete reply', async () => {
		const [plain] = await sb.json(send());
		sb.sandbox.control.setStream({ doneMarkerOnly: true });
		const [reply] = await sb.json(send());
		expect(reply).toMatchObject({ content: plain.content, conversationId: expect.any(String) });
		expect(reply.content).toBe(storedReply(reply.conversationId));

		const captured = captureChunks();
		const { output, error } = await sb.run(send(), { onChunk: captured.onChunk });
		expect(error).toBeUndefined();
		expect(output[0][0].json.content).toBe(plain.content);
		expect(itemTexts(captured.chunks).join('')).toBe(plain.content);
		expect(captured.chunks.at(-1)?.type).toBe('end');
	});

	// MaiAgent may keep the connection open after the last event: the node must not wait for it
	// (n8n's axios hands over a body that would wait for the next chunk) nor leave it open.
	it.each([
		['"done" event', {}],
		['[DONE] marker', { doneMarkerOnly: true }],
	])(
		'closes the connection once the reply is complete (%s), while MaiAgent still holds it open',
		async (_, variant: StreamVariant) => {
			sb.sandbox.control.setStream({ ...variant, holdOpenMs: 60_000 });
			const closed = nextStreamClosed();
			const [reply] = await sb.json(send());
			expect(reply.content).toBe(storedReply(reply.conversationId));
			// Well within the 60 s hold, or the sandbox would close it itself ('server').
			expect(await closed).toMatchObject({ by: 'client' });
		},
		30_000,
	);

	it('closes the connection at the timeout, before MaiAgent writes its next delta', async () => {
		// A delta every 2 s keeps the socket busy (no idle timeout closes it); the timeout is 3 s.
		sb.sandbox.control.setStream({ deltas: ['第一段', '第二段', '第三段'], deltaDelayMs: 2_000 });
		const deltas: number[] = [];
		const onDelta = (delta: { index: number }) => deltas.push(delta.index);
		sb.sandbox.events.on('delta', onDelta);
		try {
			const closed = nextStreamClosed();
			const { error } = await sb.run(send({ timeout: 3 }));
			expect(error?.message).toMatch(/no complete reply within the timeout/);
			expect(await closed).toMatchObject({ by: 'client' });
			expect(deltas).toEqual([0, 1]);
		} finally {
			sb.sandbox.events.off('delta', onDelta);
		}
	}, 30_000);

	it('fails a stream cut before its "done" event, quoting the partial reply', async () => {
		// A pause between deltas, so the response is under way before the connection drops.
		sb.sandbox.control.setStream({
			deltas: ['從前', '有一隻', '小狗'],
			deltaDelayMs: 30,
			cutBeforeDone: true,
		});
		const captured = captureChunks();
		const { error } = await sb.run(send(), { onChunk: captured.onChunk });
		expect(error?.message).toMatch(
			/^Send a message to an AI assistant failed: (the reply stream ended|the connection dropped) before the reply was complete/,
		);
		expect(error?.description).toBe('Partial reply (3 deltas): "從前有一隻小狗"');
		// The chat sees why the reply stopped before the reply's 'end'; n8n itself adds an 'error'
		// chunk (the description) once the node has failed.
		expect(captured.chunks.map((c) => c.type)).toEqual([
			'begin',
			'item',
			'item',
			'item',
			'item',
			'end',
			'error',
		]);
		expect(itemTexts(captured.chunks).slice(0, 3).join('')).toBe('從前有一隻小狗');
		expect(failureLine(captured.chunks)).toContain(`⚠️ ${error?.message}`);
		expect(failureLine(captured.chunks)).toMatch(/^\n\n⚠️ .*before the reply was complete/);
		expect(captured.chunks.at(-1)?.content).toContain('從前有一隻小狗');
		expect(leaksKey(captured.chunks)).toBe(false);
		expect(leaksKey(error)).toBe(false);
	});

	it('tells the chat that the reply timed out, before its end', async () => {
		sb.sandbox.control.setStream({ deltas: ['第一段', '第二段'], deltaDelayMs: 60_000 });
		const captured = captureChunks();
		const { error } = await sb.run(send({ timeout: 1 }), { onChunk: captured.onChunk });
		expect(captured.chunks.map((c) => c.type)).toEqual(['begin', 'item', 'item', 'end', 'error']);
		expect(failureLine(captured.chunks)).toBe(
			'\n\n⚠️ Send a message to an AI assistant failed: no complete reply within the timeout (1 s)\n\n',
		);
		expect(error?.message).toMatch(/timeout/);
	}, 30_000);

	it.each([true, false])(
		'tells the chat the operation, status and detail of a 500 (streaming %s)',
		async (streaming) => {
			sb.sandbox.control.fail({
				route: /completions/,
				status: 500,
				body: { detail: '模型服務暫時無法使用' },
			});
			const captured = captureChunks();
			const { error } = await sb.run(send({ streaming }), { onChunk: captured.onChunk });
			expect(error?.message).toBe(
				'Send a message to an AI assistant failed: MaiAgent answered 500 - 模型服務暫時無法使用',
			);
			expect(captured.chunks.map((c) => [c.type, c.content])).toEqual([
				['begin', undefined],
				['item', `⚠️ ${error?.message}\n\n`],
				['end', undefined],
				['error', expect.any(String)],
			]);
		},
	);

	it('outputs the partial reply of a cut stream under continue-on-fail', async () => {
		sb.sandbox.control.setStream({
			deltas: ['從前', '有一隻'],
			deltaDelayMs: 30,
			cutBeforeDone: true,
		});
		const { output } = await sb.run(send(), { continueOnFail: true });
		expect(output[0][0].json).toEqual({
			error: expect.stringMatching(/before the reply was complete/),
			details: {
				content: '從前有一隻',
				conversationId: expect.any(String),
				citations: [],
				deltas: 2,
				complete: false,
			},
		});
	});

	it('fails at the timeout with the part of the reply received so far', async () => {
		sb.sandbox.control.setStream({
			deltas: ['第一段', '第二段', '第三段', '第四段'],
			// Two deltas at once, then a stall far beyond the 1 s timeout: no race with the clock.
			deltaDelayMs: [0, 60_000],
		});
		const { error, output } = await sb.run(send({ timeout: 1 }), { continueOnFail: false });
		expect(output).toEqual([]);
		expect(error?.message).toBe(
			'Send a message to an AI assistant failed: no complete reply within the timeout (1 s)',
		);
		expect(error?.description).toBe('Partial reply (2 deltas): "第一段第二段"');
	});

	it('fails at the timeout while waiting for the response headers', async () => {
		sb.sandbox.control.setLatency('chatbots/', 1500);
		const { error } = await sb.run(send({ timeout: 1 }));
		expect(error?.message).toBe(
			'Send a message to an AI assistant failed: no complete reply within the timeout (1 s)',
		);
	});
});

describe('Message > Send (not streaming)', () => {
	it('sends isStreaming: false and outputs the JSON reply, also to a streaming chat', async () => {
		const captured = captureChunks();
		const { output } = await sb.run(send({ streaming: false }), { onChunk: captured.onChunk });
		const reply = output[0][0].json;
		expect(sb.requestsTo(`chatbots/${bot().id}/completions/`)[0].body).toMatchObject({
			isStreaming: false,
		});
		expect(reply).toMatchObject({
			conversationId: expect.any(String),
			done: true,
			citations: expect.any(Array),
		});
		expect(reply.content).toBe(storedReply(reply.conversationId));
		expect(captured.chunks.map((c) => [c.type, c.content])).toEqual([
			['begin', undefined],
			['item', reply.content],
			['end', undefined],
		]);
	});

	it('continues an explicit conversation', async () => {
		const [first] = await sb.json(send({ streaming: false }));
		const [second] = await sb.json(
			send({ streaming: false }, { conversation: rl(String(first.conversationId)) }),
		);
		expect(second.conversationId).toBe(first.conversationId);
	});

	it('starts a new conversation when Conversation is left empty in By ID mode', async () => {
		const before = sb.sandbox.store.conversations.length;
		const [reply] = await sb.json(send({ streaming: false }, { conversation: rl('  ') }));
		expect(sb.sandbox.store.conversation(String(reply.conversationId))).toBeDefined();
		expect(sb.sandbox.store.conversations).toHaveLength(before + 1);
		const { error } = await sb.run(send({ streaming: false }, { conversation: rl('12345') }));
		expect(error?.message).toMatch(/Not a valid conversation ID/);
	});
});

describe('Message > Send (sessions)', () => {
	const sessionContacts = (key: string) =>
		sb.sandbox.store.contacts.filter((c) => c.sourceId === sessionSourceId(bot().id, key));
	const completions = () =>
		sb.requestsTo(`chatbots/${bot().id}/completions/`).map((r) => r.body as IDataObject);

	it('continues one conversation per session key, kept as a MaiAgent contact, not in n8n', async () => {
		const turn = async (sessionKey: string, content: string) => {
			const { output, error, staticData } = await sb.run(send({ sessionKey }, { content }));
			expect(error).toBeUndefined();
			// Nothing in the workflow's static data: a queue-mode worker's save would clobber it.
			expect(staticData).toEqual({});
			return output[0][0].json.conversationId;
		};
		const alice = [
			await turn('alice', '你好'),
			await turn('alice', '營業時間？'),
			await turn('alice', '謝謝'),
		];
		const bob = await turn('bob', '你好');
		expect(new Set(alice).size).toBe(1);
		expect(bob).not.toBe(alice[0]);
		const incoming = sb.sandbox.store
			.messagesOf(String(alice[0]))
			.filter((m) => m.type === 'incoming')
			.sort((a, b) => a.seq - b.seq);
		expect(incoming.map((m) => m.content)).toEqual(['你好', '營業時間？', '謝謝']);
		const [aliceContact] = sessionContacts('alice');
		expect(sessionContacts('alice')).toHaveLength(1);
		expect(sessionContacts('bob')).toHaveLength(1);
		const webInbox = sb.sandbox.store.inboxOfWebChat(bot().apiWebChatId)!;
		expect(aliceContact.inboxIds).toEqual([webInbox.id]);
		expect(sb.sandbox.store.conversation(String(alice[0]))?.contactId).toBe(aliceContact.id);
		const sent = completions().slice(-4);
		expect(sent.map((body) => body.conversation)).toEqual([
			undefined,
			alice[0],
			alice[0],
			undefined,
		]);
		expect(sent.map((body) => (body.message as IDataObject).sender)).toEqual([
			aliceContact.id,
			aliceContact.id,
			aliceContact.id,
			sessionContacts('bob')[0].id,
		]);
	});

	it('keeps the session keys of different items apart within one run', async () => {
		const { output } = await sb.run(send({ sessionKey: '={{ $json.session }}' }), {
			input: [
				{ json: { session: 'carol' } },
				{ json: { session: 'dave' } },
				{ json: { session: 'carol' } },
			],
		});
		const ids = output[0].map((item) => item.json.conversationId);
		expect(ids[2]).toBe(ids[0]);
		expect(ids[1]).not.toBe(ids[0]);
	});

	it('agrees on one contact when two first turns of a session run at once', async () => {
		const key = `race-${Date.now()}`;
		const replies = await Promise.all([
			sb.json(send({ sessionKey: key, streaming: false }, { content: '第一則' })),
			sb.json(send({ sessionKey: key, streaming: false }, { content: '第二則' })),
		]);
		expect(sessionContacts(key)).toHaveLength(1);
		const contactId = sessionContacts(key)[0].id;
		const conversations = replies.map(([reply]) => String(reply.conversationId));
		for (const id of conversations)
			expect(sb.sandbox.store.conversation(id)?.contactId).toBe(contactId);
		// The next turn continues the contact's latest conversation.
		const [next] = await sb.json(
			send({ sessionKey: key, streaming: false }, { content: '第三則' }),
		);
		expect(conversations).toContain(next.conversationId);
	});

	it('uses the oldest contact when MaiAgent holds two for one session', async () => {
		const key = 'duplicated';
		const inbox = sb.sandbox.store.inboxOfWebChat(bot().apiWebChatId)!;
		const make = (name: string, createdAt: string) =>
			sb.sandbox.store.addContact({
				name,
				sourceId: sessionSourceId(bot().id, key),
				inboxIds: [inbox.id],
				createdAt,
			});
		make('newer', '1760000000500');
		const older = make('older', '1760000000000');
		await sb.json(send({ sessionKey: key, streaming: false }));
		expect(completions().at(-1)?.message).toMatchObject({ sender: older.id });
	});

	it("makes an explicit Conversation the session's conversation", async () => {
		const key = `explicit-${Date.now()}`;
		const [first] = await sb.json(send({ sessionKey: 'other-session', streaming: false }));
		await sb.json(
			send(
				{ sessionKey: key, streaming: false },
				{ conversation: rl(String(first.conversationId)) },
			),
		);
		const [next] = await sb.json(send({ sessionKey: key, streaming: false }));
		expect(next.conversationId).toBe(first.conversationId);
	});

	it('refuses Sender Contact ID together with Session Key before any request', async () => {
		const before = sb.sandbox.requests.length;
		const { error } = await sb.run(
			send({ sessionKey: 'x', sender: sb.sandbox.store.contacts[0].id, streaming: false }),
		);
		expect(error?.message).toBe('Set either Sender Contact ID or Session Key, not both');
		expect(sb.sandbox.requests.length).toBe(before);
	});

	it('finds the session contact on a later page, in limit/offset form, among loose matches', async () => {
		const key = 'paged';
		const sourceId = sessionSourceId(bot().id, key);
		// `query` also matches names: 30 older contacts named after the source id come first.
		for (let i = 0; i < 30; i++)
			sb.sandbox.store.addContact({ name: `${sourceId} ${i}`, createdAt: '1' });
		sb.sandbox.control.setContactsPagination('limitOffset');
		const [first] = await sb.json(send({ sessionKey: key, streaming: false }));
		sb.sandbox.control.clearRequests();
		const [next] = await sb.json(send({ sessionKey: key, streaming: false }));
		expect(next.conversationId).toBe(first.conversationId);
		expect(sb.requestsTo('contacts/').map((r) => r.query.offset)).toEqual([undefined, '20']);
		expect(sessionContacts(key)).toHaveLength(1);
	});

	it('names the step when the session contact cannot be found', async () => {
		sb.sandbox.control.fail({ route: /contacts\/$/, method: 'GET', status: 403, times: 1 });
		const { error } = await sb.run(send({ sessionKey: 'forbidden', streaming: false }));
		expect(error?.message).toMatch(
			/^Send a message to an AI assistant \(find the session contact\) failed: MaiAgent answered 403/,
		);
		expect(sessionContacts('forbidden')).toHaveLength(0);
	});
});

describe('Message > Send (attachments)', () => {
	const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
	const pdf = Buffer.from('%PDF-1.7\n報價單\n%%EOF\n');
	const input: INodeExecutionData[] = [
		{
			json: {},
			binary: {
				data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'photo.png' },
				doc: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: '報價單.pdf' },
			},
		},
	];

	it('uploads binary properties, registers them and references them from the message', async () => {
		const [reply] = await sb.json(send({ binaryProperties: 'data, doc', streaming: false }), {
			input,
		});
		const uploads = sb.sandbox.store.uploads;
		const bytesOf = (name: string) => uploads.find((u) => u.filename === name)?.bytes;
		expect(bytesOf('photo.png')).toEqual(png);
		expect(bytesOf('報價單.pdf')).toEqual(pdf);

		const message = sb.sandbox.store
			.messagesOf(String(reply.conversationId))
			.find((m) => m.type === 'incoming')!;
		expect(message.attachments.map((a) => [a.filename, a.type])).toEqual([
			['photo.png', 'image'],
			['報價單.pdf', 'other'],
		]);
		for (const attachment of message.attachments) {
			expect(sb.sandbox.store.attachment(attachment.id)).toBeDefined();
		}
		const storagePosts = sb.sandbox.requests.filter((r) => r.path.startsWith('/storage/'));
		expect(storagePosts).toHaveLength(2);
		expect(storagePosts.every((r) => r.headers.authorization === undefined)).toBe(true);
	});

	it('names the storage when the upload to it fails, retries included, before anything is sent', async () => {
		const bucket = new URL(sb.sandbox.origin);
		const storage = new RegExp(`^${BUCKET}/$`);
		sb.sandbox.control.fail({ route: storage, method: 'POST', reset: true, times: 2 });
		const { error } = await sb.run(
			send({ binaryProperties: 'data', streaming: false, maxRetries: 1 }),
			{ input },
		);
		expect(error?.message).toBe(
			'Upload the attachment "photo.png" failed: could not reach the file storage',
		);
		expect(error?.description).toContain(bucket.origin);
		expect(sb.sandbox.requests.filter((r) => r.path.startsWith('/storage/'))).toHaveLength(2);
		expect(sb.requestsTo(`chatbots/${bot().id}/completions/`)).toHaveLength(0);
	});

	it("retries a storage 5xx with the file streamed again from n8n's binary store, never sending the API key there", async () => {
		const bytes = Buffer.from('%PDF-1.7\n' + '報價 '.repeat(5000));
		const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'attachment-'));
		fs.writeFileSync(nodePath.join(dir, 'q.pdf'), bytes);
		const meta = { fileName: 'q.pdf', mimeType: 'application/pdf' };
		// n8n's filesystem binary mode keeps its own copy: the binary has an id.
		const data = await storeBinary(nodePath.join(dir, 'q.pdf'), meta);
		fs.rmSync(dir, { recursive: true });
		expect(data.id).toBeDefined();
		sb.sandbox.control.fail({ route: new RegExp(`^${BUCKET}/$`), method: 'POST', status: 503 });
		const [reply] = await sb.json(send({ binaryProperties: 'data', streaming: false }), {
			input: [{ json: {}, binary: { data } }],
		});
		expect(sb.sandbox.store.uploads.find((u) => u.filename === 'q.pdf')?.bytes).toEqual(bytes);
		const [presign] = sb.requestsTo('upload-presigned-url/');
		expect(presign.body).toMatchObject({ modelName: 'attachment', fileSize: bytes.length });
		const storagePosts = sb.sandbox.requests.filter((r) => r.path.startsWith('/storage/'));
		expect(storagePosts).toHaveLength(2);
		expect(storagePosts.every((r) => r.headers.authorization === undefined)).toBe(true);
		expect(storagePosts.some((r) => leaksKey(r.headers))).toBe(false);
		const message = sb.sandbox.store
			.messagesOf(String(reply.conversationId))
			.find((m) => m.type === 'incoming')!;
		expect(message.attachments.map((a) => [a.filename, a.type])).toEqual([['q.pdf', 'other']]);
	});

	it('applies the attachment type override and adds existing attachments first', async () => {
		const [uploaded] = await sb.json(
			send({ binaryProperties: 'doc', attachmentType: 'other', streaming: false }),
			{ input },
		);
		const existing = sb.sandbox.store
			.messagesOf(String(uploaded.conversationId))
			.find((m) => m.type === 'incoming')!.attachments;
		sb.sandbox.control.clearRequests();
		await sb.json(
			send({
				binaryProperties: 'data',
				attachmentType: 'other',
				attachments: JSON.stringify(existing),
			}),
			{ input },
		);
		const [request] = sb.requestsTo(`chatbots/${bot().id}/completions/`);
		const attachments = ((request.body as IDataObject).message as IDataObject)
			.attachments as IDataObject[];
		expect(attachments.map((a) => [a.filename, a.type])).toEqual([
			['報價單.pdf', 'other'],
			['photo.png', 'other'],
		]);
	});

	it('rejects a missing binary property and malformed attachment objects before any request', async () => {
		const missing = await sb.run(send({ binaryProperties: 'nothing' }), { input });
		expect(missing.error?.message).toMatch(/nothing/);
		const malformed = await sb.run(send({ attachments: '[{"id": "x"}]' }));
		expect(malformed.error?.message).toBe(
			'Existing Attachments (JSON), item 1: "id" must be the attachment ID (a UUID)',
		);
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});

describe('Message > Send (items and errors)', () => {
	it('outputs an error item for the failing item only, under continue-on-fail', async () => {
		const missingBot = '00000000-0000-4000-8000-000000000000';
		const { output } = await sb.run(
			send({}, { chatbot: rl('={{ $json.bot }}'), content: '={{ $json.q }}' }),
			{
				continueOnFail: true,
				input: [
					{ json: { bot: bot().id, q: '第一題' } },
					{ json: { bot: missingBot, q: '第二題' } },
					{ json: { bot: bot().id, q: '第三題' } },
				],
			},
		);
		const items = output[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.content).toEqual(expect.stringContaining('第一題'));
		expect(items[1].json.error).toMatch(
			/^Send a message to an AI assistant failed: MaiAgent answered 404/,
		);
		expect(items[2].json.content).toEqual(expect.stringContaining('第三題'));
		expect(leaksKey(output)).toBe(false);
	});

	it('validates the parameters before any request', async () => {
		const { error } = await sb.run(send({ queryMetadata: '[1]', sender: 'abc' }));
		expect(error?.message).toBe('Query Metadata (JSON) must be a JSON object');
		expect((await sb.run(send({ sender: 'abc' }))).error?.message).toBe(
			'Sender Contact ID "abc" is not a valid MaiAgent ID',
		);
		expect((await sb.run(send({}, { content: '  ' }))).error?.message).toBe('Message is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});

	it('does not retry a completion after a 500, and names the status', async () => {
		sb.sandbox.control.fail({ route: /completions/, status: 500 });
		const { error } = await sb.run(send());
		expect(error?.message).toMatch(
			/^Send a message to an AI assistant failed: MaiAgent answered 500/,
		);
		expect(sb.requestsTo(`chatbots/${bot().id}/completions/`)).toHaveLength(1);
		expect(leaksKey(error)).toBe(false);
	});

	it('retries a rate-limited completion before the stream starts', async () => {
		sb.sandbox.control.fail({ route: /completions/, status: 429, retryAfter: 0 });
		const [reply] = await sb.json(send());
		expect(reply.content).toBe(storedReply(reply.conversationId));
		expect(sb.requestsTo(`chatbots/${bot().id}/completions/`)).toHaveLength(2);
	});
});
