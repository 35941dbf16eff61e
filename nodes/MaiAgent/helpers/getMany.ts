/** The Get Many operations' code: Return All / Limit read, the list fetched by the operation. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestScope } from '../../shared/transport/retry';
import type { OperationExecute } from './interfaces';

/** Fetches item `i`'s list: at most `limit` items (undefined: all). */
export type ListFetch = (
	ctx: IExecuteFunctions,
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

export function getMany(fetch: ListFetch): OperationExecute {
	return async function (i, scope) {
		return await fetch(this, i, scope, readLimit(this, i));
	};
}
