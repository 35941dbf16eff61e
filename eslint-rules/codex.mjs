// Rules on a node's codex: its `.node.json` file, or an inline `description.codex` in `.node.ts`.
import { existsSync, readFileSync } from 'node:fs';

import { getProperty, implementsInterface, jsonRoot, jsonValue, nodeDescription } from './ast.mjs';

/** The categories of docs.n8n.io's codex-file reference ("Node categories"). */
export const NODE_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

/** n8n's AI subcategories (the node panel's AI_CATEGORY_* names), valid only with `AI`. */
const AI_SUBCATEGORIES = [
	'Agents',
	'Chains',
	'Document Loaders',
	'Embeddings',
	'Evaluation',
	'Human in the Loop',
	'Language Models',
	'Memory',
	'Miscellaneous',
	'Model Context Protocol',
	'Other Tools',
	'Rerankers',
	'Retrievers',
	'Root Nodes',
	'Text Splitters',
	'Tools',
	'Vector Stores',
];

const AI_SDK = '@n8n/ai-node-sdk';

/**
 * Runs `check(codex, report)` on the codex of a `.node.json` file, or on the inline codex of a
 * `.node.ts` class. `report(node, messageId, data)` points at the codex object. A JSON codex is
 * skipped when its `.node.ts` declares an inline codex (n8n then never reads the JSON file).
 */
function codexVisitor(context, check) {
	const { filename } = context;
	if (filename.endsWith('.node.json')) {
		const sibling = filename.replace(/\.json$/, '.ts');
		const source = existsSync(sibling) ? readFileSync(sibling, 'utf8') : '';
		if (/\bcodex\s*:/.test(source)) return {};
		const usesAiSdk = source.includes(`'${AI_SDK}'`) || source.includes(`"${AI_SDK}"`);
		const outputsMain =
			!/\boutputs\s*:/.test(source) || /\boutputs\s*:\s*\[[^\]]*(Main\b|'main')/.test(source);
		return {
			Program(program) {
				const root = jsonRoot(program);
				if (root) check(root, { usesAiSdk, outputsMain });
			},
		};
	}
	if (!filename.endsWith('.node.ts')) return {};
	let usesAiSdk = false;
	return {
		ImportDeclaration(node) {
			if (node.source.value === AI_SDK) usesAiSdk = true;
		},
		'ClassDeclaration:exit'(node) {
			if (!implementsInterface(node, 'INodeType')) return;
			const description = nodeDescription(node);
			const codex = getProperty(description, 'codex')?.value;
			const outputs = JSON.stringify(jsonValue(getProperty(description, 'outputs')?.value) ?? null);
			if (codex?.type === 'ObjectExpression')
				check(codex, { usesAiSdk, outputsMain: outputs !== '[]' });
		},
	};
}

const elementsOf = (property) =>
	property?.value.type === 'ArrayExpression' ? property.value.elements : [];

export const noAiCodexCategory = {
	meta: {
		type: 'problem',
		docs: { description: 'No `AI` codex category unless the node is built with @n8n/ai-node-sdk' },
		messages: {
			ai: '"AI" is reserved for @n8n/ai-node-sdk nodes: n8n may hide this node from the main node search.',
		},
		schema: [],
	},
	create: (context) =>
		codexVisitor(context, (codex, { usesAiSdk }) => {
			if (usesAiSdk) return;
			for (const category of elementsOf(getProperty(codex, 'categories'))) {
				if (category?.type === 'Literal' && category.value === 'AI')
					context.report({ node: category, messageId: 'ai' });
			}
		}),
};

export const noCodexSubcategories = {
	meta: {
		type: 'problem',
		docs: {
			description: 'No codex `subcategories` unless the node is built with @n8n/ai-node-sdk',
		},
		messages: {
			subcategories: 'Remove "subcategories": outside the AI Node SDK they only misplace the node.',
		},
		schema: [],
	},
	create: (context) =>
		codexVisitor(context, (codex, { usesAiSdk }) => {
			const subcategories = getProperty(codex, 'subcategories');
			if (subcategories && !usesAiSdk)
				context.report({ node: subcategories, messageId: 'subcategories' });
		}),
};

export const noLogicOrFlowNodes = {
	meta: {
		type: 'problem',
		docs: { description: 'No `Logic` or `Flow` category or subcategory' },
		messages: { logic: '"{{ value }}" is for n8n\'s own logic and flow nodes.' },
		schema: [],
	},
	create: (context) =>
		codexVisitor(context, (codex) => {
			const strings = [...elementsOf(getProperty(codex, 'categories'))];
			const subcategories = getProperty(codex, 'subcategories')?.value;
			if (subcategories?.type === 'ObjectExpression') {
				for (const entry of subcategories.properties) {
					strings.push(
						entry.key,
						...(entry.value.type === 'ArrayExpression' ? entry.value.elements : []),
					);
				}
			}
			for (const node of strings) {
				const value = node?.type === 'Literal' ? node.value : null;
				if (value === 'Logic' || value === 'Flow')
					context.report({ node, messageId: 'logic', data: { value } });
			}
		}),
};

export const validNodeCategories = {
	meta: {
		type: 'problem',
		docs: { description: "Codex categories come from n8n's documented node category list" },
		messages: {
			notArray: '"categories" must be a non-empty array of strings.',
			unknown: '"{{ value }}" is not a node category; use one of: {{ list }}.',
			marketing: '"Marketing" is not a node category; use "Marketing & Content".',
		},
		schema: [],
	},
	create: (context) =>
		codexVisitor(context, (codex) => {
			const categories = getProperty(codex, 'categories');
			if (!categories) return;
			if (categories.value.type !== 'ArrayExpression' || categories.value.elements.length === 0) {
				context.report({ node: categories, messageId: 'notArray' });
				return;
			}
			for (const category of categories.value.elements) {
				const value = category?.type === 'Literal' ? category.value : undefined;
				if (typeof value !== 'string')
					context.report({ node: category ?? categories, messageId: 'notArray' });
				else if (value === 'Marketing') context.report({ node: category, messageId: 'marketing' });
				// `AI` is no-ai-codex-category's to judge.
				else if (value !== 'AI' && !NODE_CATEGORIES.includes(value)) {
					context.report({
						node: category,
						messageId: 'unknown',
						data: { value, list: NODE_CATEGORIES.join(', ') },
					});
				}
			}
		}),
};

export const validCodexCategories = {
	meta: {
		type: 'problem',
		docs: {
			description: "Codex categories and subcategories are values of n8n's node-panel taxonomy",
		},
		messages: {
			category: '"{{ value }}" is not a category of the node panel.',
			shape: '"subcategories" must map a category to an array of subcategories.',
			subcategory: '"{{ value }}" is not a subcategory of the node panel.',
			rootNodes:
				'An AI node with a main output needs "Root Nodes" in subcategories.AI, or the main node search hides it.',
		},
		schema: [],
	},
	create: (context) =>
		codexVisitor(context, (codex, { outputsMain }) => {
			const known = new Set([...NODE_CATEGORIES, 'AI', 'Core Nodes']);
			const categories = elementsOf(getProperty(codex, 'categories'));
			for (const category of categories) {
				if (category?.type === 'Literal' && !known.has(category.value)) {
					context.report({
						node: category,
						messageId: 'category',
						data: { value: category.value },
					});
				}
			}
			const subcategories = getProperty(codex, 'subcategories');
			if (!subcategories) {
				if (outputsMain && categories.some((c) => c?.value === 'AI'))
					context.report({ node: codex, messageId: 'rootNodes' });
				return;
			}
			if (subcategories.value.type !== 'ObjectExpression') {
				context.report({ node: subcategories, messageId: 'shape' });
				return;
			}
			for (const entry of subcategories.value.properties) {
				const key = entry.key.type === 'Literal' ? entry.key.value : entry.key.name;
				if (!known.has(key))
					context.report({ node: entry.key, messageId: 'category', data: { value: key } });
				if (entry.value.type !== 'ArrayExpression') {
					context.report({ node: entry, messageId: 'shape' });
					continue;
				}
				for (const value of entry.value.elements) {
					if (value?.type === 'Literal' && !AI_SUBCATEGORIES.includes(value.value)) {
						context.report({ node: value, messageId: 'subcategory', data: { value: value.value } });
					}
				}
				if (
					key === 'AI' &&
					outputsMain &&
					!entry.value.elements.some((v) => v?.value === 'Root Nodes')
				) {
					context.report({ node: entry, messageId: 'rootNodes' });
				}
			}
		}),
};
