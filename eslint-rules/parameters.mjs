// Rules on node parameters (INodeProperties object literals) and their option lists.
import {
	getProperty,
	implementsInterface,
	isParameter,
	nodeDescription,
	optionObjects,
	stringOf,
	stringValue,
} from './ast.mjs';

const HINT_MAX = 120;

export const hintMaxLength = {
	meta: {
		type: 'suggestion',
		docs: { description: 'A parameter hint is at most 120 characters (longer text: description)' },
		messages: {
			tooLong:
				'Hint of "{{ name }}" is {{ length }} characters, more than {{ max }}: move the detail to `description`.',
		},
		schema: [],
	},
	create: (context) => ({
		ObjectExpression(node) {
			if (!isParameter(node)) return;
			const hint = getProperty(node, 'hint');
			const text = stringValue(hint?.value);
			if (text !== null && text.length > HINT_MAX) {
				context.report({
					node: hint,
					messageId: 'tooLong',
					data: { name: stringOf(node, 'name'), length: text.length, max: HINT_MAX },
				});
			}
		},
	}),
};

export const noAsteriskInOptionNames = {
	meta: {
		type: 'suggestion',
		docs: { description: 'Option names hold no `*` (it reads as markdown); write e.g. [All]' },
		messages: {
			asterisk: 'Option name "{{ name }}" contains "*": use bracketed text such as "[All]".',
		},
		schema: [],
	},
	create: (context) => ({
		ObjectExpression(node) {
			if (!isParameter(node)) return;
			for (const option of optionObjects(node)?.elements ?? []) {
				if (option?.type !== 'ObjectExpression') continue;
				const name = stringOf(option, 'name');
				if (name?.includes('*'))
					context.report({ node: option, messageId: 'asterisk', data: { name } });
			}
		},
	}),
};

export const noDuplicateParamOptions = {
	meta: {
		type: 'problem',
		docs: {
			description: 'Options of one options/multiOptions parameter have unique names and values',
		},
		messages: { duplicate: 'Option {{ what }} {{ value }} appears twice in "{{ parameter }}".' },
		schema: [],
	},
	create: (context) => ({
		ObjectExpression(node) {
			if (!isParameter(node) || !['options', 'multiOptions'].includes(stringOf(node, 'type')))
				return;
			const seen = { name: new Set(), value: new Set() };
			for (const option of optionObjects(node)?.elements ?? []) {
				if (option?.type !== 'ObjectExpression') continue;
				for (const what of ['name', 'value']) {
					const literal = getProperty(option, what)?.value;
					if (literal?.type !== 'Literal') continue;
					if (seen[what].has(literal.value)) {
						context.report({
							node: option,
							messageId: 'duplicate',
							data: {
								what,
								value: JSON.stringify(literal.value),
								parameter: stringOf(node, 'name'),
							},
						});
					}
					seen[what].add(literal.value);
				}
			}
		},
	}),
};

const byName = (a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' });

export const optionsSortedAlphabetically = {
	meta: {
		type: 'suggestion',
		docs: {
			description:
				"An options parameter's options are sorted by name (case-insensitive, locale-aware)",
		},
		messages: {
			unsorted: 'Options of "{{ parameter }}" are not sorted by name; expected: {{ expected }}.',
		},
		schema: [],
	},
	create: (context) => ({
		ObjectExpression(node) {
			if (!isParameter(node) || stringOf(node, 'type') !== 'options') return;
			const array = optionObjects(node);
			if (!array) return;
			const names = [];
			for (const option of array.elements) {
				// A spread or a computed name: the order is decided at run time, nothing to check.
				const name = option?.type === 'ObjectExpression' ? stringOf(option, 'name') : null;
				if (name === null) return;
				names.push(name);
			}
			const sorted = [...names].sort(byName);
			if (names.some((name, i) => name !== sorted[i])) {
				context.report({
					node: array,
					messageId: 'unsorted',
					data: {
						parameter: stringOf(node, 'displayName') ?? stringOf(node, 'name'),
						expected: sorted.join(', '),
					},
				});
			}
		},
	}),
};

const CONTAINERS = new Set(['collection', 'fixedCollection']);
const NO_INPUT = new Set(['notice', 'callout', 'hidden', 'curlImport']);
const SELECTORS = new Set(['resource', 'operation', 'authentication']);

/** `required: true`, or a value the linter cannot know (then the rules give it the benefit). */
function isRequired(parameter) {
	const required = getProperty(parameter, 'required')?.value;
	if (!required) return false;
	return !(required.type === 'Literal' && required.value === false);
}

/**
 * The parameters written in a node class's own `description.properties`, as the documentation
 * scopes these two rules: the top level of a description assembled elsewhere (the action node's
 * router.ts) is not an object literal a linter can see, and a field passed to a helper such as
 * `optionsCollection()` lands in a collection the literal does not show.
 */
function topLevelParameters(classNode) {
	if (!implementsInterface(classNode, 'INodeType')) return [];
	const properties = getProperty(nodeDescription(classNode), 'properties')?.value;
	return properties?.type === 'ArrayExpression' ? properties.elements.filter(isParameter) : [];
}

export const nonRequiredFieldsInCollection = {
	meta: {
		type: 'suggestion',
		docs: {
			description:
				'Optional fields live in an Additional Fields / Options collection, not at the top level',
		},
		messages: {
			topLevel:
				'"{{ name }}" is optional: move it into an "Additional Fields" or "Options" collection.',
		},
		schema: [],
	},
	create: (context) => ({
		ClassDeclaration(classNode) {
			for (const node of topLevelParameters(classNode)) {
				const name = stringOf(node, 'name');
				const type = stringOf(node, 'type');
				if (SELECTORS.has(name) || CONTAINERS.has(type) || NO_INPUT.has(type) || isRequired(node))
					continue;
				context.report({ node, messageId: 'topLevel', data: { name } });
			}
		},
	}),
};

export const openEndedNodeFields = {
	meta: {
		type: 'suggestion',
		docs: { description: 'No optional top-level JSON field: typed fields in a collection instead' },
		messages: {
			openEnded:
				'"{{ name }}" is an optional top-level JSON field: use typed fields in an Additional Fields collection.',
		},
		schema: [],
	},
	create: (context) => ({
		ClassDeclaration(classNode) {
			for (const node of topLevelParameters(classNode)) {
				if (stringOf(node, 'type') === 'json' && !isRequired(node)) {
					context.report({ node, messageId: 'openEnded', data: { name: stringOf(node, 'name') } });
				}
			}
		},
	}),
};
