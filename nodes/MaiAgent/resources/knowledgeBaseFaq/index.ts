import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as deleteFaq from './delete';
import * as deleteMany from './deleteMany';
import * as get from './get';
import * as getAll from './getAll';
import * as sync from './sync';
import * as update from './update';

export const knowledgeBaseFaq: Resource = {
	name: 'Knowledge Base FAQ',
	value: 'knowledgeBaseFaq',
	operations: [create, deleteFaq, deleteMany, get, getAll, sync, update],
};
