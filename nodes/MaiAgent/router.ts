/**
 * The node's resources and operations, from the operation files: the Resource and Operation
 * selectors, every operation's fields, and the code of the operations that run code.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatRecord } from './resources/chatRecord';
import { conversation } from './resources/conversation';
import { message } from './resources/message';
import type { CustomOperation, Resource } from './resources/types';

/** In the order the Resource selector shows them. */
export const resources: Resource[] = [chatRecord, conversation, message];

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

/** `customOperations` of the node: the operations that run code, by resource and operation. */
export const customOperations: Record<string, Record<string, CustomOperation>> = Object.fromEntries(
	resources.map((resource) => [
		resource.value,
		Object.fromEntries(
			resource.operations.flatMap(({ option, execute }) =>
				execute ? [[option.value as string, execute]] : [],
			),
		),
	]),
);

/**
 * What the node's `execute` does once n8n has given it the routing executor: the running
 * operation's code when it has some, else n8n's routing (see `MaiAgent.execute`).
 */
export function dispatch(routing: CustomOperation): CustomOperation {
	return async function (this: IExecuteFunctions) {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		return await (customOperations[resource]?.[operation] ?? routing).call(this);
	};
}
