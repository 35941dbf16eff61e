import type { Resource } from '../../helpers/interfaces';
import * as exportExcel from './exportExcel';
import * as getAll from './getAll';

export const chatRecord: Resource = {
	name: 'Chat Record',
	value: 'chatRecord',
	operations: [getAll, exportExcel],
};
