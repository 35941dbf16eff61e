/** What an operation file under resources/ exports, as the router reads it. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { ItemResult } from './items';
import type { RequestScope } from '../../shared/transport/retry';

/** An entry of a resource's Operation list; `action` is also what errors name. */
export interface OperationOption extends INodePropertyOptions {
	action: string;
}

/**
 * Runs the operation for one input item. `scope` names the operation in errors and carries the
 * item's retry settings: pass it to every transport call. The node adds `pairedItem` and
 * handles continue-on-fail.
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	scope: RequestScope,
) => Promise<ItemResult>;

/**
 * Runs the operation for all input items at once, for operations that look across items (Sync:
 * duplicate keys, removing what the input no longer has) or run them concurrently. Answers one
 * result or error per item, in input order: the node still adds `pairedItem` and applies
 * continue-on-fail to each item.
 */
export type BatchExecute = (
	this: IExecuteFunctions,
	scopes: RequestScope[],
) => Promise<Array<ItemResult | Error>>;

/** One operation file: its option in the Operation list, its fields, and its code (one of the two). */
export interface Operation {
	option: OperationOption;
	properties: INodeProperties[];
	execute?: OperationExecute;
	executeBatch?: BatchExecute;
	/** Applied by the router to each output of `execute` when the item's Simplify toggle is on. */
	simplify?: (answer: IDataObject) => IDataObject;
}

export interface Resource {
	name: string;
	value: string;
	/** The first is the operation a new node starts with; the selector sorts them by name. */
	operations: Operation[];
}
