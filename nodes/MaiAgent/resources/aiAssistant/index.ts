import type { Resource } from '../types';
import * as get from './get';
import * as getAll from './getAll';

export const aiAssistant: Resource = {
	name: 'AI Assistant',
	value: 'aiAssistant',
	operations: [getAll, get],
};
