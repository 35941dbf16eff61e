/** The contact operations' shared fields: inboxes (several locators) and the optional contact fields. */
import type { INodeProperties } from 'n8n-workflow';

import { fieldsCollection } from '../../../shared/descriptions/fields';
import { inboxLocator } from '../../../shared/descriptions/locators';

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

/** The common part of query metadata as fields: which knowledge bases (and files, FAQs) a contact may see. */
const knowledgeBaseAccess: INodeProperties = {
	displayName: 'Knowledge Base Access',
	name: 'knowledgeBaseAccess',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Knowledge Base',
	default: {},
	description:
		'The knowledge bases this contact may see (query metadata knowledge_bases). For label rules use Query Metadata (JSON).',
	options: [
		{
			displayName: 'Knowledge Base',
			name: 'knowledgeBase',
			values: [
				{
					displayName: 'Knowledge Base ID',
					name: 'id',
					type: 'string',
					default: '',
					placeholder: 'e.g. 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c',
				},
				{
					displayName: 'All Files and FAQs',
					name: 'all',
					type: 'boolean',
					default: true,
					description: 'Whether the contact may see everything in this knowledge base',
				},
				{
					displayName: 'File IDs',
					name: 'fileIds',
					type: 'string',
					default: '',
					description:
						'With All Files and FAQs off: the IDs of the files the contact may see, separated by commas',
				},
				{
					displayName: 'FAQ IDs',
					name: 'faqIds',
					type: 'string',
					default: '',
					description:
						'With All Files and FAQs off: the IDs of the FAQs the contact may see, separated by commas',
				},
			],
		},
	],
};

const text = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
});

interface ContactFieldsSpec {
	name: 'additionalFields' | 'updateFields';
	/** Added fields (Update: Name, Inboxes). */
	extra?: INodeProperties[];
	/** Fields the operation has outside the collection (Upsert: Source ID). */
	without?: string[];
}

/** The optional fields of a contact in one collection, sorted by name. */
export function contactFields({
	name,
	extra = [],
	without = [],
}: ContactFieldsSpec): INodeProperties {
	const options: INodeProperties[] = [
		text('Avatar URL', 'avatar', 'URL of the picture shown for the contact'),
		{ ...text('Email', 'email', 'Email address of the contact'), placeholder: 'name@email.com' },
		text('Phone Number', 'phoneNumber', 'Phone number of the contact'),
		queryMetadata,
		knowledgeBaseAccess,
		text(
			'Source ID',
			'sourceId',
			"The contact's ID in its channel or your CRM; unique within an inbox",
		),
		...extra,
	];
	return fieldsCollection(
		name,
		options
			.filter((option) => !without.includes(option.name))
			.sort((a, b) => (a.displayName < b.displayName ? -1 : 1)),
	);
}
