// Community-node lint rules that n8n documents
// (packages/@n8n/eslint-plugin-community-nodes/docs/rules/ in n8n-io/n8n) and that nothing `n8n-node
// lint` runs enforces yet. Written from the rules' documentation; `npm run lint` runs them
// (eslint.tools.config.mjs) as errors on nodes/, credentials/, the .node.json codex files and package.json.
//
// Pending upstream: the published @n8n/eslint-plugin-community-nodes 0.32.0, which `n8n-node lint`
// runs, does not ship them yet (codex and node categories, logic/flow nodes, monorepo, one credential,
// fixed IDs, hint length, icon contrast, optional fields, declarative style). Drop each one when the
// plugin ships it: compare `ls node_modules/@n8n/eslint-plugin-community-nodes/dist/rules`.
//
// n8n deleted 13 rule docs (PR #33427) as covered by eslint-plugin-n8n-nodes-base, which `n8n-node
// lint` and the scanner run. The ones it covers are not mirrored here: file names, credential class
// and name suffixes, camelCase node names, the core color, parameter defaults; nor are the MIT
// license and the community keyword, which its community config checks in package.json. Five stay,
// because its rules miss cases their documentation names:
// - options-sorted-alphabetically: node-param-options-type-unsorted-items reads lists of 5 or more;
// - no-asterisk-in-option-names, no-duplicate-param-options: node-param-option-name-containing-star,
//   -option-name-duplicate and -option-value-duplicate read `options` parameters, not `multiOptions`;
// - require-continue-on-fail: node-execute-block-missing-continue-on-fail reads only an execute()
//   whose whole body is one `for` loop, with no `return` after it;
// - node-operation-error-itemindex: node-execute-block-error-missing-item-index reads only throws in
//   a try block's `if (resource === ...) { if (operation === ...) }` chain.
//
// Beyond the documentation, the parameter rules look at every parameter object literal in nodes/
// (not only a class's inline `description.properties`): this package builds its description from
// operation files, which a check of the class alone would never see.
import * as classes from './classes.mjs';
import * as codex from './codex.mjs';
import { iconContrast } from './icon-contrast.mjs';
import * as packageJson from './package-json.mjs';
import * as parameters from './parameters.mjs';

export const rules = {
	'hint-max-length': parameters.hintMaxLength,
	'icon-contrast': iconContrast,
	'no-ai-codex-category': codex.noAiCodexCategory,
	'no-asterisk-in-option-names': parameters.noAsteriskInOptionNames,
	'no-codex-subcategories': codex.noCodexSubcategories,
	'no-duplicate-param-options': parameters.noDuplicateParamOptions,
	'no-hardcoded-ids': classes.noHardcodedIds,
	'no-logic-or-flow-nodes': codex.noLogicOrFlowNodes,
	'no-monorepo': packageJson.noMonorepo,
	'node-operation-error-itemindex': classes.nodeOperationErrorItemindex,
	'non-required-fields-in-collection': parameters.nonRequiredFieldsInCollection,
	'open-ended-node-fields': parameters.openEndedNodeFields,
	'options-sorted-alphabetically': parameters.optionsSortedAlphabetically,
	'prefer-declarative-style': classes.preferDeclarativeStyle,
	'require-continue-on-fail': classes.requireContinueOnFail,
	'single-credential-per-node': classes.singleCredentialPerNode,
	'valid-codex-categories': codex.validCodexCategories,
	'valid-node-categories': codex.validNodeCategories,
};

const all = (names) =>
	Object.fromEntries(names.map((name) => [`community-nodes-next/${name}`, 'error']));

const PACKAGE_RULES = ['no-monorepo'];
const SOURCE_RULES = Object.keys(rules).filter((name) => !PACKAGE_RULES.includes(name));
const CODEX_RULES = [
	'no-ai-codex-category',
	'no-codex-subcategories',
	'no-logic-or-flow-nodes',
	'valid-codex-categories',
	'valid-node-categories',
];
// Credentials' own fields are not node fields: these rules are about a node's parameter panel.
const NODE_ONLY = ['non-required-fields-in-collection', 'open-ended-node-fields'];

/** Flat-config blocks: `parser` is typescript-eslint's (it also reads JSON files). */
export function configs(parser) {
	const plugins = { 'community-nodes-next': { meta: { name: 'community-nodes-next' }, rules } };
	const json = { parser, parserOptions: { extraFileExtensions: ['.json'] } };
	return [
		{
			files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
			plugins,
			languageOptions: { parser },
			rules: all(SOURCE_RULES.filter((name) => !CODEX_RULES.includes(name))),
		},
		{
			files: ['credentials/**/*.ts'],
			rules: Object.fromEntries(NODE_ONLY.map((name) => [`community-nodes-next/${name}`, 'off'])),
		},
		{ files: ['nodes/**/*.node.ts'], rules: all(CODEX_RULES) },
		{ files: ['nodes/**/*.node.json'], plugins, languageOptions: json, rules: all(CODEX_RULES) },
		{ files: ['package.json'], plugins, languageOptions: json, rules: all(PACKAGE_RULES) },
	];
}
