import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fetchAll } from '../../../shared/transport/pagination';
import { fileStatus } from '../../../shared/helpers/fileStatus';
import { knowledgeBaseId, simplifyFile } from '../../knowledge/common';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many knowledge base files',
	description: 'List the files of a knowledge base, newest first',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	...listFields([
		{
			displayName: 'File Type',
			name: 'fileType',
			type: 'string',
			default: '',
			placeholder: 'e.g. pdf',
			description: 'Only files of this type (extension)',
		},
		{
			displayName: 'Name Contains',
			name: 'keyword',
			type: 'string',
			default: '',
			description: 'Only files whose name contains this text',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'done',
			options: [
				{ name: 'Done', value: 'done' },
				{ name: 'Failed', value: 'failed' },
				{ name: 'Initial', value: 'initial' },
				{ name: 'Processing', value: 'processing' },
			],
			description: 'Only files in this processing status',
		},
	]),
];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	const fileType = String(filters.fileType ?? '')
		.trim()
		.replace(/^\./, '')
		.toLowerCase();
	const keyword = String(filters.keyword ?? '').trim();
	if (filters.status) qs.status = filters.status;
	if (fileType) qs.fileType = fileType;
	if (keyword) qs.keyword = keyword;
	const kb = knowledgeBaseId(ctx, i);
	// The same tests again in the node: a MaiAgent version that ignores a filter still gets it.
	return await fetchAll(ctx, { url: `knowledge-bases/${kb}/files/`, qs }, scope, {
		limit,
		filter: (file) =>
			(!filters.status || fileStatus(file).code === filters.status) &&
			(!fileType || String(file.fileType ?? '').toLowerCase() === fileType) &&
			(!keyword ||
				String(file.filename ?? '')
					.toLowerCase()
					.includes(keyword.toLowerCase())),
	});
});

export const simplify = simplifyFile;
