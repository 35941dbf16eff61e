import type { INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { fetchAll } from '../../../shared/transport/pagination';
import { simplifyKnowledgeBase } from '../../knowledge/common';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';
import { readText } from '../../../shared/helpers/validate';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many knowledge bases',
	description: 'List knowledge bases, newest first',
};

export const properties: INodeProperties[] = [
	...listFields([
		{
			displayName: 'Name Contains',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Only knowledge bases whose name contains this text',
		},
	]),
];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const query = readText(ctx, 'filters.query', i, 'Name Contains')?.trim();
	return await fetchAll(ctx, { url: 'knowledge-bases/', qs: query ? { query } : {} }, scope, {
		limit,
	});
});

export const simplify = simplifyKnowledgeBase;
