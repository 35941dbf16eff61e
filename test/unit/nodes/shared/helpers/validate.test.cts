import { NodeOperationError } from 'n8n-workflow';

import {
	isEmpty,
	parseJsonArray,
	parseJsonObject,
	presentFields,
	requireId,
	splitList,
	textOf,
} from '../../../../../nodes/shared/helpers/validate';
import { maiAgentNode } from '../../../../helpers/node.cts';

const node = maiAgentNode;
const id = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';

describe('IDs', () => {
	it('accepts UUIDs (trimmed) and names the field otherwise', () => {
		expect(requireId(node, ` ${id} `, 'Conversation', 0)).toBe(id);
		expect(() => requireId(node, '', 'Conversation', 0)).toThrow('Conversation is required');
		expect(() => requireId(node, undefined, 'Conversation', 0)).toThrow(NodeOperationError);
		expect(() => requireId(node, '12345', 'AI assistant', 0)).toThrow(
			'AI assistant "12345" is not a valid MaiAgent ID',
		);
	});
});

describe('JSON parameters', () => {
	it('parses objects and arrays of objects, with clear errors', () => {
		expect(parseJsonObject(node, '{"a":1}', 'Query Metadata', 0)).toEqual({ a: 1 });
		expect(parseJsonObject(node, '', 'Query Metadata', 0)).toBeUndefined();
		expect(() => parseJsonObject(node, '{a:1}', 'Query Metadata', 0)).toThrow(
			'Query Metadata is not valid JSON',
		);
		expect(() => parseJsonObject(node, '[1]', 'Query Metadata', 0)).toThrow(
			'must be a JSON object',
		);
		expect(parseJsonArray(node, '[{"id":"x"}]', 'Attachments', 0)).toEqual([{ id: 'x' }]);
		expect(parseJsonArray(node, '', 'Attachments', 0)).toEqual([]);
		expect(() => parseJsonArray(node, '[1]', 'Attachments', 0)).toThrow(
			'must be a JSON array of objects',
		);
	});
});

describe('splitList', () => {
	it('splits text on commas or takes an array, trims, and drops blanks and repeats', () => {
		expect(splitList(' data, image ,,data ')).toEqual(['data', 'image']);
		expect(splitList([' a', 'b', 'a'])).toEqual(['a', 'b']);
		expect(splitList('')).toEqual([]);
		expect(splitList(undefined)).toEqual([]);
	});
});

describe('Text values (one reading for the whole node)', () => {
	it('reads undefined, null, empty and blank as empty, never as "undefined" or "null"', () => {
		for (const value of [undefined, null, '', '  \n']) {
			expect(isEmpty(value)).toBe(true);
			expect(textOf(node, value, 'Answer', 0)).toBeUndefined();
		}
		expect(textOf(node, ' a ', 'Answer', 0)).toBe(' a ');
		expect(textOf(node, 0, 'Answer', 0)).toBe('0');
		expect(textOf(node, false, 'Answer', 0)).toBe('false');
	});

	it('refuses an object or a list, naming the field and the item', () => {
		let error: NodeOperationError | undefined;
		try {
			textOf(node, { a: 1 }, 'Source ID', 4);
		} catch (caught) {
			error = caught as NodeOperationError;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Source ID must be text');
		expect(error?.context.itemIndex).toBe(4);
		expect(() => textOf(node, ['x'], 'Answer', 0)).toThrow('Answer must be text');
	});

	it('leaves the empty fields of a collection out', () => {
		const fields = { a: undefined, b: null, c: ' ', d: 'x', e: 0, f: false, g: [] };
		expect(presentFields(fields)).toEqual({ d: 'x', e: 0, f: false, g: [] });
	});
});
