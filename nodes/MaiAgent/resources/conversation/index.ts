import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as setAutoReply from './setAutoReply';

export const conversation: Resource = {
	name: 'Conversation',
	value: 'conversation',
	operations: [create, get, getAll, setAutoReply],
};
