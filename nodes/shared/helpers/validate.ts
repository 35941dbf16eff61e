import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/**
 * The ID a resource locator or text field holds, checked before any request: empty values and
 * strings that are not MaiAgent IDs (UUIDs) fail with a message naming the field.
 */
export function requireId(node: INode, value: unknown, field: string, itemIndex: number): string {
	const id = typeof value === 'string' ? value.trim() : '';
	if (!id) {
		throw new NodeOperationError(node, `${field} is required`, {
			itemIndex,
			description: `Pick the ${field.toLowerCase()} from the list, or enter its ID`,
		});
	}
	if (!isUuid(id)) {
		throw new NodeOperationError(node, `${field} "${id}" is not a valid MaiAgent ID`, {
			itemIndex,
			description: 'MaiAgent IDs are UUIDs such as 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
		});
	}
	return id;
}

/** Reads a resource locator's ID and validates it (see `requireId`). */
export function getId(
	ctx: IExecuteFunctions,
	parameter: string,
	field: string,
	itemIndex: number,
): string {
	return requireId(
		ctx.getNode(),
		ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }),
		field,
		itemIndex,
	);
}

/**
 * Whether a parameter's value is empty: `undefined` (an expression naming a field the item does not
 * have, e.g. a cell Extract from File left out), `null`, `""` or only whitespace.
 */
export function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && !value.trim());
}

/**
 * The one reading of a text value for the whole node: empty (see `isEmpty`) is `undefined`, never
 * the text "undefined" or "null"; a number or boolean is its text; an object or a list fails naming
 * the field (`[object Object]` is no one's name). Text is answered as given, not trimmed.
 */
export function textOf(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	if (isEmpty(value)) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new NodeOperationError(node, `${field} must be text`, {
		itemIndex,
		description: `The expression gives ${Array.isArray(value) ? 'a list' : 'an object'}: map one of its fields instead`,
	});
}

/** An optional text parameter: its text, or `undefined` when empty (then left out of the request). */
export function readText(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	field: string,
): string | undefined {
	return textOf(ctx.getNode(), ctx.getNodeParameter(parameter, itemIndex, ''), field, itemIndex);
}

/**
 * A required text parameter, or a NodeOperationError before any request: "<field> is required"
 * (for the item), with `hint` as its description. Empty is as `readText` reads it.
 */
export function getText(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	{ field, hint }: { field: string; hint: string },
): string {
	const text = readText(ctx, parameter, itemIndex, field);
	if (text === undefined) {
		throw new NodeOperationError(ctx.getNode(), `${field} is required`, {
			itemIndex,
			description: hint,
		});
	}
	return text;
}

/**
 * The fields of a collection (Additional Fields, Update Fields, Options) without the empty ones
 * (see `isEmpty`): a field mapped to an empty cell is left out of the request, as if not added.
 */
export function presentFields(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => !isEmpty(value)));
}

/** A JSON parameter as a value: parsed when it is text, or a NodeOperationError naming the field. */
function parseJson(node: INode, value: unknown, field: string, itemIndex: number): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw new NodeOperationError(node, `${field} is not valid JSON`, {
			itemIndex,
			description: (error as Error).message,
		});
	}
}

/** Parses a JSON parameter holding an array of objects (e.g. attachments), or fails naming the field. */
export function parseJsonArray(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject[] {
	if (isEmpty(value)) return [];
	const parsed = parseJson(node, value, field, itemIndex);
	if (
		!Array.isArray(parsed) ||
		parsed.some((entry) => typeof entry !== 'object' || entry === null)
	) {
		throw new NodeOperationError(node, `${field} must be a JSON array of objects`, {
			itemIndex,
			description:
				'For example [{"id": "…", "type": "image", "filename": "a.png", "file": "https://…"}]',
		});
	}
	return parsed as IDataObject[];
}

/** Parses a JSON object parameter (given as text or object), or fails naming the field. */
export function parseJsonObject(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): Record<string, unknown> | undefined {
	if (isEmpty(value)) return undefined;
	const parsed = parseJson(node, value, field, itemIndex);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(node, `${field} must be a JSON object`, {
			itemIndex,
			description: 'For example {"timezone": "Asia/Taipei"}',
		});
	}
	return parsed as Record<string, unknown>;
}

/** "a, b" (or an array) → ["a", "b"], blanks and repeats dropped. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return [...new Set(parts.map((part) => part.trim()).filter(Boolean))];
}
