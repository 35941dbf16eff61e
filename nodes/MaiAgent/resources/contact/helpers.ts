/**
 * What the contact operations share: reading and validating the contact fields (inboxes, query
 * metadata), checking inboxes exist, and finding a contact by source ID within an inbox. Contact
 * answers come in snake_case (MaiAgent's examples) or camelCase (its reference): both are read.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { camelKeys, snakeToCamel } from '../../../shared/helpers/simplify';
import { locatorValue } from '../../../shared/helpers/locator';
import { isUuid, parseJsonObject, requireId, textOf } from '../../../shared/helpers/validate';
import { fetchAll } from '../../../shared/transport/pagination';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';

const INBOX_URL = /\/inboxes\/([0-9a-f-]{36})/i;

/** The ID of a resource locator value read without `extractValue` (inside a fixed collection). */
function locatorId(value: unknown): unknown {
	if (!value || typeof value !== 'object') return value;
	const { mode, value: raw } = value as { mode?: string; value?: unknown };
	if (mode === 'url' && typeof raw === 'string') return INBOX_URL.exec(raw)?.[1] ?? raw;
	return raw;
}

/** The inbox IDs of the fixed collection `parameter` (`{ inbox: [{ id: <locator> }] }`), validated. */
export function readInboxes(ctx: IExecuteFunctions, parameter: string, i: number): string[] {
	const entries = ctx.getNodeParameter(`${parameter}.inbox`, i, []) as Array<{ id?: unknown }>;
	const ids = entries.map((entry) => requireId(ctx.getNode(), locatorId(entry.id), 'Inbox', i));
	return [...new Set(ids)];
}

const QUERY_METADATA_HINT =
	'For example {"knowledge_bases": [{"knowledge_base_id": "<uuid>", "has_user_selected_all": true}]} or {"label_relations": {...}}';

function metadataError(node: INode, problem: string, i: number): NodeOperationError {
	return new NodeOperationError(node, `Query Metadata (JSON): ${problem}`, {
		itemIndex: i,
		description: QUERY_METADATA_HINT,
	});
}

const UUID_LISTS = { chatbotFileIds: 'chatbot_file_ids', faqIds: 'faq_ids' };

function checkKnowledgeBase(node: INode, entry: unknown, i: number): void {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry))
		throw metadataError(node, 'each entry of knowledge_bases must be an object', i);
	const kb = camelKeys(entry as IDataObject);
	if (typeof kb.knowledgeBaseId !== 'string' || !isUuid(kb.knowledgeBaseId))
		throw metadataError(node, 'each knowledge base needs a knowledge_base_id (a UUID)', i);
	for (const [key, list] of Object.entries(UUID_LISTS)) {
		const value = kb[key];
		if (value === undefined) continue;
		if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || !isUuid(id)))
			throw metadataError(node, `${list} must be a list of UUIDs`, i);
	}
	if (kb.hasUserSelectedAll !== undefined && typeof kb.hasUserSelectedAll !== 'boolean')
		throw metadataError(node, 'has_user_selected_all must be true or false', i);
}

/**
 * Query metadata (what of the knowledge bases a contact may see), as text or object, checked
 * before any request: an object with `label_relations` (an object) and/or `knowledge_bases` (a
 * list of `{knowledge_base_id, chatbot_file_ids?, faq_ids?, has_user_selected_all?}`). A typo in a
 * key would silently leave the customer without permissions, so unknown keys are refused.
 */
export function parseQueryMetadata(
	node: INode,
	value: unknown,
	i: number,
): IDataObject | undefined {
	const parsed = parseJsonObject(node, value, 'Query Metadata (JSON)', i);
	if (parsed === undefined) return undefined;
	const metadata = camelKeys(parsed as IDataObject);
	const unknown = Object.keys(parsed).filter(
		(key) => !['labelRelations', 'knowledgeBases'].includes(snakeToCamel(key)),
	);
	if (unknown.length)
		throw metadataError(
			node,
			`unknown key ${unknown.join(', ')} (expected label_relations or knowledge_bases)`,
			i,
		);
	const { labelRelations, knowledgeBases } = metadata;
	if (
		labelRelations !== undefined &&
		(!labelRelations || typeof labelRelations !== 'object' || Array.isArray(labelRelations))
	)
		throw metadataError(node, 'label_relations must be an object', i);
	if (knowledgeBases !== undefined) {
		if (!Array.isArray(knowledgeBases))
			throw metadataError(node, 'knowledge_bases must be a list', i);
		for (const entry of knowledgeBases) checkKnowledgeBase(node, entry, i);
	}
	return parsed as IDataObject;
}

interface KnowledgeBaseEntry {
	/** The Knowledge Base locator (a plain ID in older workflows). */
	id?: unknown;
	all?: boolean;
	/** Chosen from the list (an array), or IDs separated by commas (an expression, older workflows). */
	fileIds?: unknown;
	faqIds?: unknown;
}

const idList = (value: unknown): string[] =>
	(Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/))
		.map((id) => id.trim())
		.filter(Boolean);

const KNOWLEDGE_BASE_HINT =
	'Choose the knowledge base From List (type to search its name), or give its ID By ID: a UUID such as 3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c, from the knowledge base page in MaiAgent.';

/** One Knowledge Base Access entry as a `knowledge_bases` entry; `where` names a field of it. */
function accessEntry(
	node: INode,
	entry: KnowledgeBaseEntry,
	where: (field: string) => string,
	i: number,
): IDataObject {
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, message, { itemIndex: i, description });
	const kb = locatorValue(entry.id, 'knowledge-bases');
	if (!kb) throw fail(`${where('Knowledge Base')} is empty`, KNOWLEDGE_BASE_HINT);
	if (!isUuid(kb))
		throw fail(
			`${where('Knowledge Base')}: "${kb}" is not a knowledge base ID`,
			KNOWLEDGE_BASE_HINT,
		);
	const all = entry.all !== false;
	const lists = [
		{ field: 'File Names or IDs', noun: 'file', ids: idList(entry.fileIds) },
		{ field: 'FAQ Names or IDs', noun: 'FAQ', ids: idList(entry.faqIds) },
	];
	const chosen = lists.filter((list) => list.ids.length > 0);
	if (all && chosen.length) {
		throw fail(
			`${where(chosen.map((list) => list.field).join(' and '))}: chosen while All Files and FAQs is on`,
			'All Files and FAQs gives the contact the whole knowledge base, so the chosen files and FAQs would be ignored. Turn All Files and FAQs off to limit the contact to them, or remove them.',
		);
	}
	for (const { field, noun, ids } of lists) {
		const bad = ids.find((id) => !isUuid(id));
		if (bad !== undefined)
			throw fail(
				`${where(field)}: "${bad}" is not ${noun === 'file' ? 'a file' : 'an FAQ'} ID`,
				`Choose the ${noun}s from the list, or give their IDs (UUIDs) separated by commas.`,
			);
	}
	return {
		knowledge_base_id: kb,
		has_user_selected_all: all,
		...(all ? {} : { chatbot_file_ids: lists[0].ids, faq_ids: lists[1].ids }),
	};
}

/**
 * Knowledge Base Access as query metadata's `knowledge_bases`, checked before any request; errors
 * name the field as the node shows it ("Knowledge Base Access > Knowledge Base").
 */
function knowledgeBasesOf(node: INode, access: unknown, i: number): IDataObject[] {
	const entries = ((access as IDataObject | undefined)?.knowledgeBase ??
		[]) as KnowledgeBaseEntry[];
	return entries.map((entry, n) =>
		accessEntry(
			node,
			entry,
			(field) => `Knowledge Base Access${entries.length > 1 ? ` (entry ${n + 1})` : ''} > ${field}`,
			i,
		),
	);
}

/** Query metadata from the JSON field and Knowledge Base Access together, checked. */
function readQueryMetadata(fields: IDataObject, node: INode, i: number): IDataObject | undefined {
	const metadata = parseQueryMetadata(node, fields.queryMetadata, i);
	if (fields.knowledgeBaseAccess === undefined) return metadata;
	if (metadata && camelKeys(metadata).knowledgeBases !== undefined) {
		throw metadataError(
			node,
			'knowledge_bases is set both here and in Knowledge Base Access: use one of them',
			i,
		);
	}
	return { ...metadata, knowledge_bases: knowledgeBasesOf(node, fields.knowledgeBaseAccess, i) };
}

const CONTACT_TEXT = {
	name: 'Name',
	email: 'Email',
	phoneNumber: 'Phone Number',
	avatar: 'Avatar',
	sourceId: 'Source ID',
};

/**
 * The optional contact fields of a collection, as the request body names them (camelCase). A field
 * that resolves to nothing (an empty cell) is left out: the contact keeps its value.
 */
export function readContactFields(fields: IDataObject, node: INode, i: number): IDataObject {
	const body: IDataObject = {};
	for (const [key, field] of Object.entries(CONTACT_TEXT)) {
		const text = textOf(node, fields[key], field, i);
		if (text !== undefined) body[key] = text.trim();
	}
	const metadata = readQueryMetadata(fields, node, i);
	if (metadata) body.queryMetadata = metadata;
	return body;
}

const inboxChecks = new WeakMap<object, Map<string, Promise<boolean>>>();

/** Fails before any write when an inbox does not exist; each inbox is looked up once per run. */
export async function checkInboxes(
	ctx: IExecuteFunctions,
	ids: string[],
	scope: RequestScope,
	i: number,
): Promise<void> {
	let known = inboxChecks.get(ctx);
	if (!known) inboxChecks.set(ctx, (known = new Map()));
	for (const id of ids) {
		let exists = known.get(id);
		if (!exists) {
			exists = maiagentApi(ctx, { url: `inboxes/${id}/` }, scope).then(
				() => true,
				(error: unknown) => {
					if (error instanceof NodeApiError && error.httpCode === '404') return false;
					known.delete(id);
					throw error;
				},
			);
			known.set(id, exists);
		}
		if (!(await exists)) {
			throw new NodeOperationError(ctx.getNode(), `Inbox "${id}" does not exist`, {
				itemIndex: i,
				description: 'MaiAgent has no inbox with this ID for this API key: pick one from the list',
			});
		}
	}
}

const inboxIdsOf = (contact: IDataObject) =>
	((contact.inboxes as IDataObject[] | undefined) ?? []).map((inbox) => String(inbox.id));

/** The live contact with this source ID in this inbox, if any (MaiAgent keeps it unique there). */
export async function findBySourceId(
	ctx: IExecuteFunctions,
	{ inbox, sourceId }: { inbox: string; sourceId: string },
	scope: RequestScope,
): Promise<IDataObject | undefined> {
	const [found] = await fetchAll(
		ctx,
		{ url: 'contacts/', qs: { query: sourceId, inboxes: inbox } },
		scope,
		{
			limit: 1,
			filter: (contact) =>
				camelKeys(contact).sourceId === sourceId && inboxIdsOf(contact).includes(inbox),
			sizeQuery: { limit: 100 },
		},
	);
	return found;
}
