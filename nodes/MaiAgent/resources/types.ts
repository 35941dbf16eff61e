import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** An entry of a resource's Operation list; `action` is also what errors name. */
export interface OperationOption extends INodePropertyOptions {
	action: string;
}

export type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

/**
 * One operation file: its option (with `routing` when declarative), its fields, and `execute` when
 * it runs code instead.
 */
export interface Operation {
	option: OperationOption;
	properties: INodeProperties[];
	execute?: CustomOperation;
}

export interface Resource {
	name: string;
	value: string;
	/** The first is the operation a new node starts with; the selector sorts them by name. */
	operations: Operation[];
}
