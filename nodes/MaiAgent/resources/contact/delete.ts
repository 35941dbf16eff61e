import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { contactLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a contact',
	description: 'Delete a contact (MaiAgent keeps its conversations; its source ID is free again)',
};

export const properties: INodeProperties[] = [contactLocator(), optionsCollection()];

/** MaiAgent answers 204 without a body: the item says what was deleted. */
export const execute: OperationExecute = async function (i, scope) {
	const id = getId(this, 'contact', 'Contact', i);
	await maiagentApi(this, { method: 'DELETE', url: `contacts/${id}/` }, scope);
	return { id, deleted: true };
};
