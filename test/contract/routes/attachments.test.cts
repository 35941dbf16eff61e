/**
 * The one-step upload of the examples' `messages/upload_attachment.py`: a multipart `POST attachments/`
 * whose `file` part holds the bytes, answered like the two-step registration (see uploads.test.cts).
 */
import { useSandbox } from '../../helpers/sandbox.cts';
import * as helpers from '../helpers.cts';

const ctx = useSandbox();

const CAT = Buffer.from('ffd8ffe000104a464946000173616e64626f78ffd9', 'hex');

function upload(path: string, parts: helpers.FormPart[]) {
	const { body, contentType } = helpers.multipart(parts);
	return helpers.call(ctx.sandbox, 'POST', path, {
		body,
		headers: { 'content-type': contentType },
	});
}

describe('POST attachments/ (multipart, one step)', () => {
	it('stores the file part and answers 201 {id, type, filename, file}', async () => {
		const reply = await upload('attachments/', [
			['file', { filename: 'cat.jpg', data: CAT, type: 'image/jpeg' }],
		]);
		expect(reply.status).toBe(201);
		expect(reply.json).toEqual({
			id: expect.any(String),
			type: 'other',
			filename: 'cat.jpg',
			file: expect.stringMatching(new RegExp(`^${ctx.sandbox.origin}/storage/.+/cat\\.jpg$`)),
		});
		const download = await helpers.call(ctx.sandbox, 'GET', reply.json.file, { auth: false });
		expect(download.raw.equals(CAT)).toBe(true);
		expect(ctx.sandbox.store.attachment(reply.json.id)).toMatchObject({ conversationId: null });
	});

	it('takes type and filename parts, and a conversation route', async () => {
		const conversation = ctx.sandbox.store.conversations[0];
		const reply = await upload(`conversations/${conversation.id}/attachments/`, [
			['type', 'image'],
			['filename', '貓.jpg'],
			['file', { filename: 'cat.jpg', data: CAT }],
		]);
		expect(reply.status).toBe(201);
		expect(reply.json).toMatchObject({ type: 'image', filename: '貓.jpg' });
		expect(ctx.sandbox.store.attachment(reply.json.id)?.conversationId).toBe(conversation.id);
	});

	it('refuses a form without a file part and a bad type, with 400', async () => {
		const reply = await upload('attachments/', [['type', 'pdf']]);
		expect(reply.status).toBe(400);
		expect(Object.keys(reply.json).sort()).toEqual(['file', 'type']);
		expect((await upload('attachments/', [['file', 'not a file']])).status).toBe(400);
	});

	it('still needs the API key', async () => {
		const { body, contentType } = helpers.multipart([['file', { filename: 'a', data: CAT }]]);
		const reply = await helpers.call(ctx.sandbox, 'POST', 'attachments/', {
			body,
			headers: { 'content-type': contentType },
			auth: false,
		});
		expect(reply.status).toBe(401);
	});
});
