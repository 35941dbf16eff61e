// Lints the tooling: the sandbox, tests, scripts and benchmarks (CommonJS TypeScript `.cts`) and
// the plain JavaScript configs. `n8n-node lint` (eslint.config.mjs, which strict mode keeps at its
// fixed default) lints only the package's `.ts` sources. typescript-eslint is taken from
// @n8n/node-cli, which ships it (the same copy `n8n-node lint` uses), rather than a second install.
// It also runs eslint-rules/, the documented community-node rules that nothing `n8n-node lint` runs
// enforces yet, on nodes/, credentials/, the .node.json codex files and package.json.
import { createRequire } from 'node:module';
import globals from 'globals';

import { configs as communityNodesNext } from './eslint-rules/index.mjs';

const fromNodeCli = createRequire(import.meta.resolve('@n8n/node-cli/eslint'));
const js = fromNodeCli('@eslint/js');
const tseslint = fromNodeCli('typescript-eslint');

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test-results/**'] },
	...communityNodesNext(tseslint.parser),
	{
		files: ['**/*.cts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			// One import style: ES syntax, never `import x = require(...)` or `require()`.
			'@typescript-eslint/no-require-imports': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-import-type-side-effects': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', caughtErrors: 'none' },
			],
		},
	},
	{
		// Tests index into JSON replies of the shape they assert: a type per reply would only restate
		// the assertion. Tooling outside test/ types what it reads.
		files: ['test/**/*.cts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		files: ['**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'module', globals: globals.node },
	},
	{
		files: ['*.js'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'commonjs', globals: globals.node },
	},
);
