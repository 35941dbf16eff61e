/**
 * The item loop of the Get Many operations: Return All / Limit read, the list fetched through the
 * transport by the operation, Simplify applied.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/helpers/items';
import type { RequestScope } from '../../shared/transport/retry';
import { readRequestScope } from '../../shared/transport/retry';

/** Fetches item `i`'s list: at most `limit` items (undefined: all). */
export type ListFetch = (
	itemIndex: number,
	scope: RequestScope,
	limit: number | undefined,
) => Promise<IDataObject[]>;

/** The Return All / Limit pair of a Get Many operation: undefined means all. */
function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return ctx.getNodeParameter('returnAll', itemIndex)
		? undefined
		: (ctx.getNodeParameter('limit', itemIndex) as number);
}

export async function getMany(
	ctx: IExecuteFunctions,
	label: string,
	simplify: (item: IDataObject) => IDataObject,
	fetch: ListFetch,
): Promise<INodeExecutionData[][]> {
	return await forEachItem(ctx, async (i) => {
		const items = await fetch(i, readRequestScope(ctx, label, i), readLimit(ctx, i));
		return ctx.getNodeParameter('simplify', i) ? items.map(simplify) : items;
	});
}
