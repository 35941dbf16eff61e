/**
 * The builder of plain REST operations: one request, its path from the item's IDs, its body from
 * the fields. An operation that needs
 * more (streaming, uploads, waits, pagination) writes its own `execute`.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { getId } from '../../shared/helpers/validate';
import { maiagentApi } from '../../shared/transport/request';
import type { OperationExecute } from './interfaces';

export interface RestCall {
	method?: IHttpRequestMethods;
	/** `conversations/{conversation}/`: each `{name}` is the validated ID in the parameter `name`. */
	path: string;
	/** How errors name each ID parameter of the path: `{ conversation: 'Conversation' }`. */
	ids?: Record<string, string>;
	/** The request body, read (and validated) from the item's fields. */
	body?: (ctx: IExecuteFunctions, itemIndex: number) => IDataObject;
}

/** The item's request path, its IDs validated before any request. */
export function pathOf(ctx: IExecuteFunctions, itemIndex: number, call: RestCall): string {
	return call.path.replace(/\{(\w+)\}/g, (_match, parameter: string) =>
		getId(ctx, parameter, call.ids?.[parameter] ?? parameter, itemIndex),
	);
}

export function rest(call: RestCall): OperationExecute {
	return async function (i, scope) {
		const url = pathOf(this, i, call);
		const body = call.body?.(this, i);
		return await maiagentApi<IDataObject>(this, { method: call.method ?? 'GET', url, body }, scope);
	};
}
