import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { binaryFile } from '../../../../../nodes/shared/transport/upload';

/** A context whose one binary property `data` is `binary`; it counts what is read of the store. */
function contextWith(binary: IBinaryData, stored: Buffer, metadataSize?: number) {
	const reads = { buffer: 0, stream: 0 };
	const ctx = {
		helpers: {
			assertBinaryData: () => binary,
			getBinaryDataBuffer: async () => (reads.buffer++, Buffer.from(binary.data, 'base64')),
			getBinaryStream: async () => (reads.stream++, [stored.subarray(0, 3), stored.subarray(3)]),
			getBinaryMetadata: async () => ({ fileSize: metadataSize as number }),
		},
	} as unknown as IExecuteFunctions;
	return { ctx, reads };
}

const bytes = Buffer.from('hello world');

describe('binaryFile', () => {
	it('decodes an in-memory binary once and names it by the property when it has no name', async () => {
		const binary = { data: bytes.toString('base64'), mimeType: 'text/plain', fileExtension: 'txt' };
		const { ctx, reads } = contextWith(binary, bytes);
		const file = await binaryFile(ctx, 0, 'data');
		expect(file).toMatchObject({ filename: 'data.txt', mimeType: 'text/plain', size: 11 });
		expect(await file.open()).toEqual(bytes);
		expect(await file.open()).toEqual(bytes);
		expect(reads).toEqual({ buffer: 1, stream: 0 });
	});

	it("takes a stored binary's size from the store, not its fileSize text, without reading it", async () => {
		const binary = { data: '', id: 'filesystem-v2:x', mimeType: 'text/plain', fileSize: '11 B' };
		const { ctx, reads } = contextWith(binary, bytes, 11);
		const file = await binaryFile(ctx, 0, 'data', ' report.txt ');
		expect(file).toMatchObject({ filename: 'report.txt', size: 11 });
		expect(reads).toEqual({ buffer: 0, stream: 0 });
	});

	it('counts a stored binary by streaming it once when the store gives no size', async () => {
		const binary = { data: '', id: 'database:x', mimeType: 'text/plain', fileName: 'a.txt' };
		const { ctx, reads } = contextWith(binary, bytes);
		const file = await binaryFile(ctx, 0, 'data');
		expect(file).toMatchObject({ filename: 'a.txt', size: 11 });
		expect(reads).toEqual({ buffer: 0, stream: 1 });
	});
});
