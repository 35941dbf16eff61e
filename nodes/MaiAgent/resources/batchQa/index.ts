import type { Resource } from '../../helpers/interfaces';
import * as getResults from './getResults';
import * as start from './start';

export const batchQa: Resource = {
	name: 'Batch QA',
	value: 'batchQa',
	operations: [start, getResults],
};
