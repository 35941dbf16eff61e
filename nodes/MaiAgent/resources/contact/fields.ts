/** The contact operations' shared fields: inboxes (several locators) and the optional contact fields. */
import type { INodeProperties } from 'n8n-workflow';

import { fieldsCollection } from '../../../shared/descriptions/fields';
import { inboxLocator, knowledgeBaseLocator } from '../../../shared/descriptions/locators';

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

/** Files or FAQs of the knowledge base picked in the same Knowledge Base Access entry. */
function knowledgeItemsField(
	displayName: string,
	name: string,
	loadOptionsMethod: string,
	what: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		// `&id`: the Knowledge Base of this entry, not a top-level parameter.
		typeOptions: { loadOptionsMethod, loadOptionsDependsOn: ['&id'] },
		default: [],
		description: `With All Files and FAQs off: the ${what} of this knowledge base the contact may see. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

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
				knowledgeBaseLocator({ name: 'id', description: 'A knowledge base the contact may see' }),
				{
					displayName: 'All Files and FAQs',
					name: 'all',
					type: 'boolean',
					default: true,
					description:
						'Whether the contact may see everything in this knowledge base. Off: only the files and FAQs chosen below.',
				},
				knowledgeItemsField('File Names or IDs', 'fileIds', 'getContactKnowledgeFiles', 'files'),
				knowledgeItemsField('FAQ Names or IDs', 'faqIds', 'getContactKnowledgeFaqs', 'FAQs'),
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
