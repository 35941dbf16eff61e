import type { Resource } from '../types';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';

export const conversation: Resource = {
	name: 'Conversation',
	value: 'conversation',
	operations: [create, get, getAll],
};
