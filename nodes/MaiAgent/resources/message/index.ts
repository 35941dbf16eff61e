import type { Resource } from '../types';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as send from './send';

export const message: Resource = {
	name: 'Message',
	value: 'message',
	operations: [send, create, get, getAll],
};
