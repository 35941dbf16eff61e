/** What the file operations share: the binary field, their upload options, the parser. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getText, readText, requireId } from '../../../shared/helpers/validate';
import type { SourceFile } from '../../knowledge/upload';
import { readSource } from '../../knowledge/upload';
import {
	createMissingLabelsOption,
	labelsField,
	metadataField,
	parserField,
} from '../../knowledge/fields';

/** Upload's and Sync's Input Binary Field; `hint` says whether it holds one file or each item's. */
export const binaryPropertyField = (hint: string): INodeProperties => ({
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint,
});

/** Upload and Sync options (the Options collection sorts them). */
export const fileOptions: INodeProperties[] = [
	createMissingLabelsOption,
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		description: 'The name the file gets in MaiAgent; empty: the name of the binary file',
	},
	labelsField,
	metadataField,
	parserField,
	{
		displayName: 'Processing Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description: 'How long "Wait for Processing" waits before giving the status the file then has',
	},
];

/** The Parser ID option: empty, or a valid ID (checked before any request). */
export function readParser(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const parser = readText(ctx, 'options.parser', itemIndex, 'Parser ID')?.trim();
	return parser ? requireId(ctx.getNode(), parser, 'Parser', itemIndex) : undefined;
}

/** The item's file: its Input Binary Field, named by the File Name option or else its own name. */
export async function readItemSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SourceFile> {
	return await readSource(ctx, itemIndex, {
		property: readBinaryProperty(ctx, itemIndex),
		fileName: readText(ctx, 'options.fileName', itemIndex, 'File Name'),
	});
}

/** The Input Binary Field (required). */
export function readBinaryProperty(ctx: IExecuteFunctions, itemIndex: number): string {
	return getText(ctx, 'binaryPropertyName', itemIndex, {
		field: 'Input Binary Field',
		hint: 'The name of the binary field holding the file, e.g. data',
	}).trim();
}
