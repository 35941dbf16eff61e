import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getFields, nameField } from '../../../shared/descriptions/fields';
import { simplifyContact } from '../../../shared/helpers/simplify';
import { getText } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { checkInboxes, findBySourceId, readContactFields, readInboxes } from './helpers';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { contactFields, inboxesField } from './fields';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	action: 'Create a contact',
	description:
		'Add a contact to one or more inboxes (to create or update by source ID, use Upsert)',
};

export const properties: INodeProperties[] = [
	nameField('Name of the contact'),
	inboxesField({ required: true }),
	contactFields({ name: 'additionalFields' }),
	...getFields(),
];

export const execute: OperationExecute = async function (i, scope) {
	const node = this.getNode();
	const name = getText(this, 'name', i, { field: 'Name', hint: 'Enter the name of the contact' });
	const inboxes = readInboxes(this, 'inboxes', i);
	if (!inboxes.length) {
		throw new NodeOperationError(node, 'At least one inbox is required', {
			itemIndex: i,
			description: 'Add the inbox (channel) the contact belongs to',
		});
	}
	const fields = readContactFields(
		this.getNodeParameter('additionalFields', i, {}) as IDataObject,
		node,
		i,
	);
	await checkInboxes(this, inboxes, scope, i);
	const sourceId = fields.sourceId as string | undefined;
	for (const inbox of sourceId ? inboxes : []) {
		const existing = await findBySourceId(this, { inbox, sourceId: sourceId! }, scope);
		if (existing) {
			throw new NodeOperationError(
				node,
				`Source ID "${sourceId}" is already used in inbox "${inbox}" by contact "${String(existing.id)}"`,
				{
					itemIndex: i,
					description:
						'A source ID is unique within an inbox. To update that contact (or create it when missing), use Contact > Create or Update.',
				},
			);
		}
	}
	const contact = await maiagentApi<IDataObject>(
		this,
		{
			method: 'POST',
			url: 'contacts/',
			body: { name, inboxes: inboxes.map((id) => ({ id })), ...fields },
		},
		scope,
	);
	return contact;
};

export const simplify = simplifyContact;
