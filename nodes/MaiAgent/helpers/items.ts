/**
 * What the node's per-item loop (`MaiAgent.execute`) does with an operation's result or failure:
 * every output item carries `pairedItem`, and with "continue on fail" a failing item becomes an
 * error item while the others still come out.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type ItemResult = IDataObject | IDataObject[] | INodeExecutionData | INodeExecutionData[];

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	return typeof value.json === 'object' && value.json !== null && !Array.isArray(value.json);
}

/** The output items of item `itemIndex`, each paired with it. */
export function pairedOutput(result: ItemResult, itemIndex: number): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	return (Array.isArray(result) ? result : [result]).map((entry) =>
		isExecutionData(entry) ? { ...entry, pairedItem } : { json: entry, pairedItem },
	);
}

/** A failure as n8n shows it: NodeApiError and NodeOperationError as they are, others wrapped. */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The error item that replaces a failed item under "continue on fail". */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	const message = (error as Error).message;
	const partial = (error as { partial?: IDataObject }).partial;
	// n8n replaces the json of an item that carries `error` by `{ error }`; a partial result goes in
	// `details` instead, a key that still routes the item to the error output.
	return partial
		? { json: { error: message, details: partial }, pairedItem }
		: { json: { error: message }, error: error as NodeApiError, pairedItem };
}
