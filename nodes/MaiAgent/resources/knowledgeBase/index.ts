import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as deleteKnowledgeBase from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as search from './search';
import * as update from './update';

export const knowledgeBase: Resource = {
	name: 'Knowledge Base',
	value: 'knowledgeBase',
	operations: [search, create, deleteKnowledgeBase, get, getAll, update],
};
