/**
 * Declarative operations: n8n's RoutingNode builds the request from the operation's `routing` and
 * its fields, and runs the `postReceive` actions. `declarativeOperation` is the only way this package
 * defines one: it routes the request through `sendThroughTransport`, which puts the transport's
 * status check, retry policy and error mapping around n8n's request. RoutingNode calls a
 * `pagination` request operation only when `send.paginate` is true, so the wrapper sets both; a
 * structural unit test fails if any operation's routing was not made here.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyOptions,
	INodeRequestOutput,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

import { getItemId } from '../helpers/validate';
import { MaiAgentHttpFailure } from './errors';
import { readRequestScope, withRetry } from './retry';

export interface DeclarativeOperation {
	name: string;
	value: string;
	/** What the actions panel shows, and what errors name ("Get a conversation"). */
	action: string;
	description: string;
	request: Partial<IHttpRequestOptions>;
	preSend?: PreSendAction[];
	postReceive?: INodeRequestOutput['postReceive'];
}

type RequestOperation = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

const transportOperations = new WeakSet<RequestOperation>();

/** Whether `operation` is the transport's request operation (made by `declarativeOperation`). */
export function isTransportOperation(operation: unknown): boolean {
	return typeof operation === 'function' && transportOperations.has(operation as RequestOperation);
}

/** The option of a declarative operation, its requests sent through the transport. */
export function declarativeOperation(
	spec: DeclarativeOperation,
): INodePropertyOptions & { action: string } {
	const { name, value, action, description, request, preSend = [], postReceive } = spec;
	return {
		name,
		value,
		action,
		description,
		routing: {
			request: request as IHttpRequestOptions,
			send: { paginate: true, preSend },
			operations: { pagination: sendThroughTransport(action) },
			...(postReceive ? { output: { postReceive } } : {}),
		},
	};
}

/**
 * The request operation of one declarative operation: n8n's request, with a status check and the
 * retry policy of `maiagentRequest` around it, errors naming `label`.
 */
function sendThroughTransport(label: string): RequestOperation {
	const operation: RequestOperation = async function (this, requestData) {
		requestData.options.ignoreHttpStatusErrors = true;
		requestData.postReceive.unshift({
			data: { parameterValue: undefined },
			actions: [failOnHttpError],
		});
		return await withRetry(
			this.getNode(),
			requestData.options.method,
			readRequestScope(this, label),
			async () => await this.makeRoutingRequest(requestData),
		);
	};
	transportOperations.add(operation);
	return operation;
}

async function failOnHttpError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode >= 400) {
		throw new MaiAgentHttpFailure(response.statusCode, response.body, response.headers);
	}
	return items;
}

/**
 * A `preSend` action that puts a validated ID into the request path, e.g.
 * `idInPath('conversations/{id}/', 'conversation', 'Conversation')`. Invalid or empty IDs fail
 * with a NodeOperationError before any request is made.
 */
export function idInPath(template: string, parameter: string, field: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		options.url = `/${template.replace('{id}', getItemId(this, parameter, field))}`;
		return options;
	};
}

/** A `preSend` action that only validates an ID parameter. */
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
