/** What the file operations share: their upload options, the parser, the label book. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireId } from '../../../shared/helpers/validate';
import type { RequestScope } from '../../../shared/transport/retry';
import { LabelBook } from '../../helpers/knowledge';
import {
	createMissingLabelsOption,
	labelsField,
	metadataField,
	parserField,
} from '../../helpers/knowledgeFields';

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

export const knowledgeBook = (ctx: IExecuteFunctions, knowledgeBase: string, scope: RequestScope) =>
	new LabelBook(ctx, knowledgeBase, scope);

/** The Parser ID option: empty, or a valid ID (checked before any request). */
export function readParser(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const parser = String(ctx.getNodeParameter('options.parser', itemIndex, '')).trim();
	return parser ? requireId(ctx.getNode(), parser, 'Parser', itemIndex) : undefined;
}
