// Local mirror of the community-node lint rules that n8n documents
// (packages/@n8n/eslint-plugin-community-nodes/docs/rules/ in n8n-io/n8n) but the published
// @n8n/eslint-plugin-community-nodes 0.32.0, which `n8n-node lint` runs, does not ship yet.
// Written from the rules' documentation; `npm run lint` runs them (eslint.tools.config.mjs) as
// errors on nodes/, credentials/, the .node.json codex files and package.json.
//
// Drop each rule here when the published plugin ships it (then `n8n-node lint` runs it), and this
// whole folder once it ships them all: compare `ls node_modules/@n8n/eslint-plugin-community-nodes/dist/rules`.
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
