import {
	attachmentTypeOf,
	parseAttachments,
} from '../../../../../../nodes/MaiAgent/resources/message/attachments';
import { maiAgentNode } from '../../../../../helpers/node.cts';

const node = maiAgentNode;

describe('attachmentTypeOf', () => {
	it.each([
		['image/png', 'image'],
		['IMAGE/JPEG', 'image'],
		['audio/mpeg', 'audio'],
		['video/mp4', 'video'],
		['application/pdf', 'other'],
		['text/plain', 'other'],
		['', 'other'],
		[undefined, 'other'],
	])('%s → %s', (mimeType, type) => {
		expect(attachmentTypeOf(mimeType)).toBe(type);
	});
});

describe('parseAttachments', () => {
	const attachment = {
		id: '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
		type: 'image',
		filename: 'photo.png',
		file: 'https://example.com/photo.png',
	};

	it('accepts attachment objects as text or as an array, defaulting the type to other', () => {
		expect(parseAttachments(node, JSON.stringify([attachment]), 0)).toEqual([attachment]);
		const untyped: Partial<typeof attachment> = { ...attachment };
		delete untyped.type;
		expect(parseAttachments(node, [untyped], 0)).toEqual([{ ...attachment, type: 'other' }]);
		expect(parseAttachments(node, '', 0)).toEqual([]);
		expect(parseAttachments(node, '[]', 0)).toEqual([]);
	});

	it.each([
		['[{"id": "x"}]', 'item 1: "id" must be the attachment ID (a UUID)'],
		[
			JSON.stringify([attachment, { ...attachment, type: 'pdf' }]),
			'item 2: "type" must be one of image, audio, video, sticker, other',
		],
		[JSON.stringify([{ ...attachment, filename: '' }]), 'item 1: "filename" is required'],
		[
			JSON.stringify([{ ...attachment, file: undefined }]),
			'item 1: "file" (the file URL) is required',
		],
	])('rejects %s', (value, problem) => {
		expect(() => parseAttachments(node, value, 0)).toThrow(
			`Existing Attachments (JSON), ${problem}`,
		);
	});

	it('rejects JSON that is not an array of objects', () => {
		expect(() => parseAttachments(node, '{', 0)).toThrow(
			'Existing Attachments (JSON) is not valid JSON',
		);
		expect(() => parseAttachments(node, '{"id": 1}', 0)).toThrow(
			'Existing Attachments (JSON) must be a JSON array of objects',
		);
	});
});
