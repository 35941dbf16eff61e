import type { INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator } from '../../../shared/descriptions/locators';
import { fetchAll } from '../../../shared/transport/pagination';
import { knowledgeBaseId, simplifyLabel } from '../../knowledge/common';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many knowledge base labels',
	description: 'List the labels of a knowledge base',
};

export const properties: INodeProperties[] = [knowledgeBaseLocator(), ...listFields([])];

export const execute = getMany(async (ctx, i, scope, limit) => {
	const kb = knowledgeBaseId(ctx, i);
	return await fetchAll(ctx, { url: `knowledge-bases/${kb}/labels/` }, scope, { limit });
});

export const simplify = simplifyLabel;
