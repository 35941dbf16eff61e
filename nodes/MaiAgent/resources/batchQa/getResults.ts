import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { webChatLocator } from '../../../shared/descriptions/locators';
import { getId, isUuid } from '../../../shared/helpers/validate';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { downloadXlsx } from '../chatRecord/exportExcel';
import { COMPLETION_NOTICE } from './fields';

export const option: OperationOption = {
	name: 'Get Results',
	value: 'getResults',
	action: 'Get the results of a batch QA run',
	description:
		'Download the answers of a batch QA run as an .xlsx file (binary output: 問題, 型態, 回覆), as far as MaiAgent has answered',
};

/** MaiAgent's examples save the export under this name when it sends none. */
export const DEFAULT_FILE_NAME = 'chatbot_records.xlsx';

export const properties: INodeProperties[] = [
	{
		displayName: 'Batch QA ID',
		name: 'batchQaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
		description: 'The ID Start output (ID)',
	},
	webChatLocator({ description: 'The web chat the run is on: the Web Chat ID Start output' }),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the answers (.xlsx) in',
	},
	{
		displayName: COMPLETION_NOTICE,
		name: 'completionNotice',
		type: 'notice',
		default: '',
	},
	optionsCollection(),
];

/** Downloads the run's export as n8n binary data, named as MaiAgent names it. */
export const execute: OperationExecute = async function (i, scope) {
	const id = String(this.getNodeParameter('batchQaId', i, '')).trim();
	if (!isUuid(id)) {
		throw new NodeOperationError(
			this.getNode(),
			id ? `Batch QA ID "${id}" is not a valid MaiAgent ID` : 'Batch QA ID is required',
			{ itemIndex: i, description: 'Use the ID that Batch QA > Start output, e.g. {{ $json.id }}' },
		);
	}
	const webChatId = getId(this, 'webChat', 'Web chat', i);
	const url = `web-chats/${webChatId}/batch-qas/${id}/export-excel/`;
	const item = await downloadXlsx(
		this,
		{ url, itemIndex: i, fallbackName: () => DEFAULT_FILE_NAME },
		scope,
	);
	return { ...item, json: { id, webChatId, ...item.json } };
};
