import { deleteMany } from '../../knowledge/deleteMany';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many knowledge base FAQs',
	description: 'Delete several FAQs of a knowledge base in one request',
};

export const { properties, execute } = deleteMany({
	field: 'FAQ IDs',
	path: 'faqs',
	description:
		'The IDs of the FAQs to delete, comma-separated (or an array from an expression). Never empty: MaiAgent deletes every FAQ on an empty list.',
});
