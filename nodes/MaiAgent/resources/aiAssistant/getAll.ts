import type { INodeProperties } from 'n8n-workflow';

import { listFields } from '../../../shared/descriptions/fields';
import { simplifyChatbot } from '../../../shared/helpers/simplify';
import { fetchAll } from '../../../shared/transport/pagination';
import { getMany } from '../../helpers/getMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many AI assistants',
	description: 'List the AI assistants of the organization',
};

// MaiAgent's list takes no filters (SPEC: page and pageSize only).
export const properties: INodeProperties[] = listFields([]);

export const execute = getMany(
	async (ctx, _i, scope, limit) => await fetchAll(ctx, { url: 'chatbots/' }, scope, { limit }),
);

export const simplify = simplifyChatbot;
