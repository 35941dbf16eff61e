import type { Resource } from '../types';
import * as getAll from './getAll';

export const inbox: Resource = {
	name: 'Inbox',
	value: 'inbox',
	operations: [getAll],
};
