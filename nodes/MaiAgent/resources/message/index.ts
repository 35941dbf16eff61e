import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as send from './send';
import * as sendAndWait from './sendAndWait';
import * as sendAsAgent from './sendAsAgent';

export const message: Resource = {
	name: 'Message',
	value: 'message',
	operations: [send, create, get, getAll, sendAsAgent, sendAndWait],
};
