import type { INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { contactLocator } from '../../../shared/descriptions/locators';
import { simplifyContact } from '../../../shared/helpers/simplify';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get a contact',
	description: 'Get a contact by ID, with its inboxes and query metadata',
};

export const properties: INodeProperties[] = [contactLocator(), ...getFields()];

export const execute = rest({
	path: 'contacts/{contact}/',
	ids: { contact: 'Contact' },
});

export const simplify = simplifyContact;
