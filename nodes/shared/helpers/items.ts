/**
 * The per-item loop of the action node's router: every output item carries `pairedItem`, and with
 * "continue on fail" a failing item becomes an error item while the others still come out.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type ItemResult = IDataObject | IDataObject[] | INodeExecutionData | INodeExecutionData[];

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	return typeof value.json === 'object' && value.json !== null && !Array.isArray(value.json);
}

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export async function forEachItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number) => Promise<ItemResult>,
	continueOnFail = ctx.continueOnFail(),
): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await run(itemIndex);
			for (const entry of Array.isArray(result) ? result : [result]) {
				output.push(
					isExecutionData(entry) ? { ...entry, pairedItem } : { json: entry, pairedItem },
				);
			}
		} catch (error) {
			if (!continueOnFail) throw asNodeError(ctx, error, itemIndex);
			const message = (error as Error).message;
			const partial = (error as { partial?: IDataObject }).partial;
			// n8n replaces the json of an item that carries `error` by `{ error }`; a partial result
			// goes in `details` instead, a key that still routes the item to the error output.
			output.push(
				partial
					? { json: { error: message, details: partial }, pairedItem }
					: { json: { error: message }, error, pairedItem },
			);
		}
	}
	return [output];
}
