import { NodeOperationError } from 'n8n-workflow';

import {
	parseJsonArray,
	parseJsonObject,
	requireId,
	splitList,
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
