import type { INodeProperties } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { idInPath } from '../../shared/routing';
import * as exportExcel from './exportExcel';
import * as getAll from './getAll';

export const operations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['chatRecord'] } },
	options: [
		{
			name: 'Export to Excel',
			value: 'exportExcel',
			description:
				'Download all chat records of an AI assistant as an .xlsx file (binary output, ready to email)',
			action: ACTIONS.chatRecord.exportExcel,
			routing: {
				request: { method: 'GET', encoding: 'arraybuffer', json: false },
				send: {
					paginate: true,
					preSend: [idInPath('chatbots/{id}/records/export-excel/', 'chatbot', 'AI assistant')],
				},
				output: { postReceive: [exportExcel.toBinary] },
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List the question/answer records of an AI assistant, with their evaluation scores',
			action: ACTIONS.chatRecord.getAll,
		},
	],
	default: 'getAll',
};

export const description: INodeProperties[] = [...exportExcel.description, ...getAll.description];

export const customOperations = { getAll: getAll.execute };
