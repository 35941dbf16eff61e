import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	parseQueryMetadata,
	readContactFields,
} from '../../../../../../nodes/MaiAgent/resources/contact/helpers';
import { simplifyContact } from '../../../../../../nodes/shared/helpers/simplify';

const node = { name: 'MaiAgent' } as INode;
const kb = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';

describe('Query metadata', () => {
	it('accepts the documented keys in either casing, as text or object', () => {
		const snake = {
			knowledge_bases: [{ knowledge_base_id: kb, faq_ids: [kb], has_user_selected_all: false }],
		};
		expect(parseQueryMetadata(node, JSON.stringify(snake), 0)).toEqual(snake);
		const camel = {
			knowledgeBases: [{ knowledgeBaseId: kb, chatbotFileIds: [] }],
			labelRelations: {},
		};
		expect(parseQueryMetadata(node, camel, 0)).toEqual(camel);
		expect(parseQueryMetadata(node, '', 0)).toBeUndefined();
		expect(parseQueryMetadata(node, {}, 0)).toEqual({});
	});

	it.each([
		['{"knowledge_bases": ', 'Query Metadata (JSON) is not valid JSON'],
		['[]', 'Query Metadata (JSON) must be a JSON object'],
		[
			'{"labels": []}',
			'Query Metadata (JSON): unknown key labels (expected label_relations or knowledge_bases)',
		],
		['{"label_relations": []}', 'Query Metadata (JSON): label_relations must be an object'],
		['{"knowledge_bases": {}}', 'Query Metadata (JSON): knowledge_bases must be a list'],
		[
			'{"knowledge_bases": ["x"]}',
			'Query Metadata (JSON): each entry of knowledge_bases must be an object',
		],
		[
			'{"knowledge_bases": [{"knowledge_base_id": "kb-1"}]}',
			'Query Metadata (JSON): each knowledge base needs a knowledge_base_id (a UUID)',
		],
		[
			`{"knowledge_bases": [{"knowledge_base_id": "${kb}", "chatbot_file_ids": ["f"]}]}`,
			'Query Metadata (JSON): chatbot_file_ids must be a list of UUIDs',
		],
		[
			`{"knowledge_bases": [{"knowledge_base_id": "${kb}", "has_user_selected_all": "yes"}]}`,
			'Query Metadata (JSON): has_user_selected_all must be true or false',
		],
	])('refuses %s', (value, message) => {
		expect(() => parseQueryMetadata(node, value, 3)).toThrow(message);
		expect(() => parseQueryMetadata(node, value, 3)).toThrow(NodeOperationError);
	});
});

describe('Contact fields', () => {
	it('trims the text fields and leaves out those not given or empty (never "undefined")', () => {
		expect(readContactFields({ email: ' a@b.c ', sourceId: 'C-1' }, node, 0)).toEqual({
			email: 'a@b.c',
			sourceId: 'C-1',
		});
		const empty = { name: ' ', email: undefined, phoneNumber: null, avatar: '', sourceId: 7 };
		expect(readContactFields(empty, node, 0)).toEqual({ sourceId: '7' });
		expect(() => readContactFields({ email: { a: 1 } }, node, 0)).toThrow('Email must be text');
	});

	it('builds knowledge_bases from Knowledge Base Access, beside label_relations from the JSON', () => {
		const fields = {
			queryMetadata: '{"label_relations": {"and": []}}',
			knowledgeBaseAccess: {
				knowledgeBase: [
					{ id: kb, all: true, fileIds: '', faqIds: '' },
					{ id: ` ${kb} `, all: false, fileIds: `${kb}, ${kb}`, faqIds: '' },
				],
			},
		};
		expect(readContactFields(fields, node, 0)).toEqual({
			queryMetadata: {
				label_relations: { and: [] },
				knowledge_bases: [
					{ knowledge_base_id: kb, has_user_selected_all: true },
					{
						knowledge_base_id: kb,
						has_user_selected_all: false,
						chatbot_file_ids: [kb, kb],
						faq_ids: [],
					},
				],
			},
		});
	});

	it('refuses Knowledge Base Access with a bad ID, naming its field, or with knowledge_bases also in the JSON', () => {
		const access = (entry: object) => ({ knowledgeBaseAccess: { knowledgeBase: [entry] } });
		expect(() => readContactFields(access({ id: 'kb' }), node, 0)).toThrow(
			'Knowledge Base Access > Knowledge Base: "kb" is not a knowledge base ID',
		);
		expect(() => readContactFields(access({ id: kb, all: false, fileIds: 'x' }), node, 0)).toThrow(
			'Knowledge Base Access > File Names or IDs: "x" is not a file ID',
		);
		expect(() =>
			readContactFields({ ...access({ id: kb }), queryMetadata: { knowledgeBases: [] } }, node, 0),
		).toThrow(
			'Query Metadata (JSON): knowledge_bases is set both here and in Knowledge Base Access: use one of them',
		);
	});

	it('simplifies snake_case and camelCase answers alike', () => {
		const snake = {
			id: 'c1',
			name: 'A',
			phone_number: '+886',
			source_id: 's',
			inboxes: [{ id: 'i', name: 'web' }],
			query_metadata: { knowledge_bases: [] },
			mcp_credentials: [],
			created_at: '1735689600000',
		};
		const camel = {
			id: 'c1',
			name: 'A',
			phoneNumber: '+886',
			sourceId: 's',
			inboxes: [{ id: 'i', name: 'web' }],
			queryMetadata: { knowledgeBases: [] },
			mcpCredentials: [],
			createdAt: '1735689600000',
		};
		expect(simplifyContact(snake)).toEqual(simplifyContact(camel));
		expect(simplifyContact(snake)).toEqual({
			id: 'c1',
			name: 'A',
			phoneNumber: '+886',
			sourceId: 's',
			inboxes: [{ id: 'i', name: 'web' }],
			queryMetadata: { knowledge_bases: [] },
			createdAt: '1735689600000',
			createdAtIso: '2025-01-01T00:00:00.000Z',
		});
	});
});
