/**
 * The node's resources and operations, declared once from the operation files: the Resource and
 * Operation selectors, every operation's fields (shown only for it: `showFor`), and
 * `chosenOperation`, which the node's `execute` calls once per run. It answers what runs per item:
 * the operation's `execute` with Simplify applied, or, for a batch operation (Sync), the item's
 * share of the batch it has already run across all items.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readRequestScope } from '../shared/transport/retry';
import type { ItemResult } from './helpers/items';
import { aiAssistant } from './resources/aiAssistant';
import { batchQa } from './resources/batchQa';
import { chatRecord } from './resources/chatRecord';
import { contact } from './resources/contact';
import { conversation } from './resources/conversation';
import { inbox } from './resources/inbox';
import { knowledgeBase } from './resources/knowledgeBase';
import { knowledgeBaseFaq } from './resources/knowledgeBaseFaq';
import { knowledgeBaseFile } from './resources/knowledgeBaseFile';
import { knowledgeBaseLabel } from './resources/knowledgeBaseLabel';
import { message } from './resources/message';
import type { Operation, Resource } from './helpers/interfaces';

/** In the order the Resource selector shows them. */
export const resources: Resource[] = [
	aiAssistant,
	batchQa,
	chatRecord,
	contact,
	conversation,
	inbox,
	knowledgeBase,
	knowledgeBaseFaq,
	knowledgeBaseFile,
	knowledgeBaseLabel,
	message,
];

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : 1);

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(({ name, value }) => ({ name, value })),
		default: 'message',
	},
	...resources.flatMap((resource) => [
		operationSelector(resource),
		...resource.operations.flatMap((operation) =>
			showFor(resource.value, operation.option.value as string, operation.properties),
		),
	]),
];

/**
 * An operation's fields, each shown only for its resource and operation (its own conditions kept):
 * the one place operation files get their display options. A filter in a Filters collection names
 * them too, from the top level: n8n checks a collection's fields against the node's top-level
 * values, so a filter named like another operation's field (the AI Assistant filter, `chatbot`)
 * would repeat that field's issues ("Not a valid AI assistant ID" three times).
 */
function showFor(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	const own = { resource: [resource], operation: [operation] };
	const fromTop = { '/resource': [resource], '/operation': [operation] };
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...own, ...property.displayOptions?.show },
		},
		...(property.name === 'filters'
			? {
					options: (property.options as INodeProperties[]).map((filter) => ({
						...filter,
						displayOptions: {
							...filter.displayOptions,
							show: { ...filter.displayOptions?.show, ...fromTop },
						},
					})),
				}
			: {}),
	}));
}

function operationSelector({ value, operations }: Resource): INodeProperties {
	const defaultOperation = operations[0].option.value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options: operations.map((operation) => operation.option).sort(byName),
		default: defaultOperation,
	};
}

/** The operation a resource and operation value name, or undefined. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	return resources
		.find((candidate) => candidate.value === resource)
		?.operations.find((candidate) => candidate.option.value === operation);
}

/** Runs the chosen operation for one input item. */
export type ItemRun = (ctx: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;

/**
 * The operation the node's Resource and Operation name, ready to run per item with its request
 * scope (its label in errors, the item's retry settings). A batch operation runs here, once for all
 * items.
 */
export async function chosenOperation(ctx: IExecuteFunctions): Promise<ItemRun> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const chosen = findOperation(resource, operation);
	if (!chosen) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const { option, execute, executeBatch, simplify } = chosen;
	const scopeOf = (itemCtx: IExecuteFunctions, i: number) =>
		readRequestScope(itemCtx, option.action, i);
	if (executeBatch) {
		// Runs across all items first (Sync); each item then gets its own result or error.
		const scopes = ctx.getInputData().map((_item, i) => scopeOf(ctx, i));
		const results = await executeBatch.call(ctx, scopes);
		return async (_itemCtx, i) => {
			const result = results[i];
			if (result instanceof Error) throw result;
			return result;
		};
	}
	return async (itemCtx, i) => {
		const result = await execute!.call(itemCtx, i, scopeOf(itemCtx, i));
		if (!simplify || !itemCtx.getNodeParameter('simplify', i, false)) return result;
		return Array.isArray(result)
			? (result as IDataObject[]).map(simplify)
			: simplify(result as IDataObject);
	};
}
