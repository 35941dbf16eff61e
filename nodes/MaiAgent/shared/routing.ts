/** Building blocks for the declarative (routing) operations. */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

import { getItemId } from './validate';

/**
 * A `preSend` hook that puts a validated ID into the request path, e.g.
 * `idInPath('conversations/{id}/', 'conversation', 'Conversation')`. Invalid or empty IDs fail
 * with a NodeOperationError before any request is made.
 */
export function idInPath(template: string, parameter: string, field: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		options.url = `/${template.replace('{id}', getItemId(this, parameter, field))}`;
		return options;
	};
}

/** A `preSend` hook that only validates an ID parameter. */
export function requireIdParameter(parameter: string, field: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		getItemId(this, parameter, field);
		return options;
	};
}

/** A `postReceive` action that applies `simplify` to each item when the Simplify toggle is on. */
export function simplifyWhenAsked(
	simplify: (value: IDataObject) => IDataObject,
): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		if (!(this.getNodeParameter('simplify', false) as boolean)) return items;
		return items.map((item) => ({ ...item, json: simplify(item.json) }));
	};
}
