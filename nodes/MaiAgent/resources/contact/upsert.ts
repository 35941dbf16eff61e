import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { getFields, nameField } from '../../../shared/descriptions/fields';
import { inboxLocator } from '../../../shared/descriptions/locators';
import { simplifyContact } from '../../../shared/helpers/simplify';
import { getId, getText } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { checkInboxes, findBySourceId, readContactFields } from './helpers';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { contactFields } from './fields';

export const option: OperationOption = {
	name: 'Create or Update',
	value: 'upsert',
	action: 'Create or update a contact',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
};

export const properties: INodeProperties[] = [
	inboxLocator({ description: 'The inbox (channel) the contact is in' }),
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		description:
			"The contact's ID in your CRM or channel (unique within the inbox): what finds the contact on the next run",
	},
	nameField('Name of the contact'),
	contactFields({
		name: 'additionalFields',
		without: ['sourceId'],
	}),
	...getFields(),
];

/**
 * Find by source ID within the inbox, then PATCH it or POST a new one. The output says which
 * (`upsertResult`), so a second run over the same rows creates nothing.
 */
export const execute: OperationExecute = async function (i, scope) {
	const node = this.getNode();
	const inbox = getId(this, 'inbox', 'Inbox', i);
	const sourceId = getText(this, 'sourceId', i, {
		field: 'Source ID',
		hint: "Map the contact's ID in your CRM or spreadsheet: it finds the contact again on the next run",
	}).trim();
	const name = getText(this, 'name', i, { field: 'Name', hint: 'Enter the name of the contact' });
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const fields = { ...readContactFields(additional, node, i), name: name.trim(), sourceId };
	await checkInboxes(this, [inbox], scope, i);
	const existing = await findBySourceId(this, { inbox, sourceId }, scope);
	const contact = existing
		? await maiagentApi<IDataObject>(
				this,
				{ method: 'PATCH', url: `contacts/${String(existing.id)}/`, body: fields },
				scope,
			)
		: await maiagentApi<IDataObject>(
				this,
				{ method: 'POST', url: 'contacts/', body: { ...fields, inboxes: [{ id: inbox }] } },
				scope,
			);
	return { upsertResult: existing ? 'updated' : 'created', ...contact };
};

/** The contact simplified, what was done first: it is what a person scanning the rows looks for. */
export const simplify = ({ upsertResult, ...contact }: IDataObject): IDataObject => ({
	upsertResult,
	...simplifyContact(contact),
});
