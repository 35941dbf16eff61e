import type { Resource } from '../../helpers/interfaces';
import * as broadcast from './broadcast';
import * as create from './create';
import * as deleteContact from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as getConversations from './getConversations';
import * as getLatestConversation from './getLatestConversation';
import * as update from './update';
import * as upsert from './upsert';

export const contact: Resource = {
	name: 'Contact',
	value: 'contact',
	operations: [
		upsert,
		create,
		get,
		getAll,
		update,
		deleteContact,
		getConversations,
		getLatestConversation,
		broadcast,
	],
};
