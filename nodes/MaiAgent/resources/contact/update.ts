import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { contactLocator } from '../../../shared/descriptions/locators';
import { simplifyContact } from '../../../shared/helpers/simplify';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { checkInboxes, readContactFields, readInboxes } from './helpers';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { contactFields, inboxesField } from './fields';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	action: 'Update a contact',
	description: 'Change the fields of a contact; fields left out keep their value',
};

export const properties: INodeProperties[] = [
	contactLocator(),
	contactFields({
		name: 'updateFields',
		extra: [
			inboxesField({ description: 'Replaces the inboxes of the contact' }),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the contact',
			},
		],
	}),
	...getFields(),
];

export const execute: OperationExecute = async function (i, scope) {
	const node = this.getNode();
	const id = getId(this, 'contact', 'Contact', i);
	const updateFields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body = readContactFields(updateFields, node, i);
	if (updateFields.inboxes !== undefined) {
		const inboxes = readInboxes(this, 'updateFields.inboxes', i);
		if (!inboxes.length)
			throw new NodeOperationError(node, 'Inboxes cannot be empty', {
				itemIndex: i,
				description:
					'A contact belongs to at least one inbox: add one, or remove the Inboxes field',
			});
		await checkInboxes(this, inboxes, scope, i);
		body.inboxes = inboxes.map((inbox) => ({ id: inbox }));
	}
	if (!Object.keys(body).length) {
		throw new NodeOperationError(node, 'Nothing to update', {
			itemIndex: i,
			description: 'Add at least one field under Update Fields',
		});
	}
	const contact = await maiagentApi<IDataObject>(
		this,
		{ method: 'PATCH', url: `contacts/${id}/`, body },
		scope,
	);
	return contact;
};

export const simplify = simplifyContact;
