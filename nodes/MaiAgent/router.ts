/**
 * The node's resources and operations, declared once from the operation files: the Resource and
 * Operation selectors, every operation's fields, and `route`, which runs the chosen operation for
 * each input item. Everything an AI Agent's tool call or a workflow run does starts in `route`.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../shared/helpers/items';
import { readRequestScope } from '../shared/transport/retry';
import { aiAssistant } from './resources/aiAssistant';
import { chatRecord } from './resources/chatRecord';
import { conversation } from './resources/conversation';
import { inbox } from './resources/inbox';
import { message } from './resources/message';
import type { Operation, Resource } from './resources/types';

/** In the order the Resource selector shows them. */
export const resources: Resource[] = [aiAssistant, chatRecord, conversation, inbox, message];

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
		...resource.operations.flatMap((operation) => operation.properties),
	]),
];

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

/**
 * The node's `execute`: the chosen operation, once per input item, with `pairedItem`,
 * continue-on-fail and error wrapping done here for every operation.
 */
export async function route(
	this: IExecuteFunctions,
	/** The node's On Error "Continue" setting; read from the node when absent. */
	continueOnFail?: boolean,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = findOperation(resource, operation);
	if (!chosen) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const { option, execute } = chosen;
	return await forEachItem(
		this,
		async (i) => await execute.call(this, i, readRequestScope(this, option.action, i)),
		continueOnFail,
	);
}
