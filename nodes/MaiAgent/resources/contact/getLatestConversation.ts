import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { filtersCollection, getFields } from '../../../shared/descriptions/fields';
import { contactLocator, inboxLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { getId, requireId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get Latest Conversation',
	value: 'getLatestConversation',
	action: 'Get the latest conversation of a contact',
	description:
		'Get the most recently active conversation of a contact; no output item when it has none',
};

export const properties: INodeProperties[] = [
	contactLocator(),
	filtersCollection([
		inboxLocator({ required: false, description: 'Only a conversation in this inbox' }),
	]),
	...getFields(),
];

/**
 * MaiAgent answers 404 both for an unknown contact and for a contact without a conversation: the
 * contact is looked up to tell them apart (an unknown one fails, one without conversations gives
 * no item).
 */
export const execute: OperationExecute = async function (i, scope) {
	const contact = getId(this, 'contact', 'Contact', i);
	const inbox = this.getNodeParameter('filters.inbox', i, '', { extractValue: true }) as string;
	const qs = inbox ? { inboxes: requireId(this.getNode(), inbox, 'Inbox', i) } : undefined;
	const conversation = await maiagentApi<IDataObject>(
		this,
		{ url: `contacts/${contact}/conversations/latest`, qs },
		scope,
	).then(
		(found) => found,
		async (error: unknown) => {
			if (!(error instanceof NodeApiError) || error.httpCode !== '404') throw error;
			// Fails with MaiAgent's 404 when the contact itself is unknown.
			await maiagentApi(this, { url: `contacts/${contact}/` }, scope);
			return undefined;
		},
	);
	if (!conversation) return [];
	return conversation;
};

export const simplify = simplifyConversation;
