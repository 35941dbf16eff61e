import type { Resource } from '../../helpers/interfaces';
import * as getAll from './getAll';

export const inbox: Resource = {
	name: 'Inbox',
	value: 'inbox',
	operations: [getAll],
};
