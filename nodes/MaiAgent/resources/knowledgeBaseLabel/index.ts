import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as deleteLabel from './delete';
import * as getAll from './getAll';
import * as update from './update';

export const knowledgeBaseLabel: Resource = {
	name: 'Knowledge Base Label',
	value: 'knowledgeBaseLabel',
	operations: [getAll, create, deleteLabel, update],
};
