import { deleteMany } from '../../knowledge/deleteMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many knowledge base files',
	description: 'Delete several files of a knowledge base in one request',
};

export const { properties, execute } = deleteMany({
	field: 'File IDs',
	path: 'files',
	description: 'The IDs of the files to delete, comma-separated (or an array from an expression)',
});
