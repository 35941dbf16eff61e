import { multipartBody } from '../../../../../nodes/shared/transport/storage';
import { boundaryOf, parseMultipart } from '../../../../../sandbox/multipart.cts';

describe('multipartBody', () => {
	const file = {
		filename: '報價 "final".pdf',
		mimeType: 'application/pdf',
		data: Buffer.from([0, 1, 2, 0xff, 13, 10]),
	};
	const fields = {
		key: 'media/attachment/file/1/報價.pdf',
		policy: 'eyJ9',
		'x-amz-signature': 'abc',
	};

	it('sends every field in order and the file as the last part, bytes intact', () => {
		const { body, contentType, length } = multipartBody(fields, file);
		expect(Buffer.isBuffer(body)).toBe(true);
		expect(length).toBe((body as Buffer).length);
		const parts = parseMultipart(body as Buffer, boundaryOf(contentType)!);
		expect(parts.map((p) => p.name)).toEqual(['key', 'policy', 'x-amz-signature', 'file']);
		expect(parts.slice(0, 3).map((p) => p.data.toString('utf8'))).toEqual(Object.values(fields));
		const last = parts[3];
		expect(last.data).toEqual(file.data);
		expect(last.contentType).toBe('application/pdf');
		expect(last.filename).toBe('報價 %22final%22.pdf');
	});

	it('uses a fresh boundary each time', () => {
		expect(multipartBody(fields, file).contentType).not.toBe(
			multipartBody(fields, file).contentType,
		);
		expect(multipartBody(fields, file).contentType).toMatch(
			/^multipart\/form-data; boundary=----n8nMaiAgent[0-9a-f]{32}$/,
		);
	});

	it('keeps a streamed file a stream: a Blob-shaped body of the same bytes and exact size', async () => {
		async function* chunks() {
			yield file.data.subarray(0, 2);
			yield file.data.subarray(2);
		}
		const streamed = { ...file, data: chunks(), size: file.data.length };
		const { body, contentType, length } = multipartBody(fields, streamed, 'b0undary');
		expect(Buffer.isBuffer(body)).toBe(false);
		expect(Object.prototype.toString.call(body)).toBe('[object Blob]');
		const read: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Uint8Array>) read.push(Buffer.from(chunk));
		const bytes = Buffer.concat(read);
		expect(bytes).toEqual(multipartBody(fields, file, 'b0undary').body);
		expect(length).toBe(bytes.length);
		expect((body as { size: number }).size).toBe(bytes.length);
		expect(contentType).toBe('multipart/form-data; boundary=b0undary');
	});
});
