import type { Resource } from '../../helpers/interfaces';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

export const aiAssistant: Resource = {
	name: 'AI Assistant',
	value: 'aiAssistant',
	operations: [getAll, get, create, update],
};
