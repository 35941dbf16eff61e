/** The contact operations' shared fields: inboxes (several locators) and the optional contact fields. */
import type { INodeProperties } from 'n8n-workflow';

import { inboxLocator } from '../../../shared/descriptions/locators';

type Show = Record<string, string[]>;

/** Several inboxes, each picked with a locator. */
export function inboxesField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Inboxes',
		name: 'inboxes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Inbox',
		default: {},
		description: 'The inboxes (channels) the contact belongs to',
		options: [
			{
				displayName: 'Inbox',
				name: 'inbox',
				values: [inboxLocator({ name: 'id', description: 'An inbox of the contact' })],
			},
		],
		...overrides,
	};
}

const queryMetadata: INodeProperties = {
	displayName: 'Query Metadata (JSON)',
	name: 'queryMetadata',
	type: 'json',
	default: '{}',
	description:
		'What of the knowledge bases this contact may see: {"knowledge_bases": [{"knowledge_base_id": "…", "chatbot_file_ids": [], "faq_ids": [], "has_user_selected_all": true}]} and/or {"label_relations": {…}}. Checked before any request.',
};

const text = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
});

interface ContactFieldsSpec {
	displayName: string;
	name: string;
	/** Added fields (Update: Name, Inboxes). */
	extra?: INodeProperties[];
	/** Fields the operation has outside the collection (Upsert: Source ID). */
	without?: string[];
}

/** The optional fields of a contact in one collection, sorted by name. */
export function contactFields(
	show: Show,
	{ displayName, name, extra = [], without = [] }: ContactFieldsSpec,
): INodeProperties {
	const options: INodeProperties[] = [
		text('Avatar URL', 'avatar', 'URL of the picture shown for the contact'),
		{ ...text('Email', 'email', 'Email address of the contact'), placeholder: 'name@email.com' },
		text('Phone Number', 'phoneNumber', 'Phone number of the contact'),
		queryMetadata,
		text(
			'Source ID',
			'sourceId',
			"The contact's ID in its channel or your CRM; unique within an inbox",
		),
		...extra,
	];
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: options
			.filter((option) => !without.includes(option.name))
			.sort((a, b) => (a.displayName < b.displayName ? -1 : 1)),
	};
}
