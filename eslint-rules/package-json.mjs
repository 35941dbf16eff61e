// Rules on package.json (parsed by typescript-eslint's parser as one object expression).
import { basename } from 'node:path';

import { getProperty, jsonRoot, stringValue } from './ast.mjs';

const packageRule = (description, messages, check) => ({
	meta: { type: 'problem', docs: { description }, messages, schema: [] },
	create: (context) =>
		basename(context.filename) === 'package.json'
			? {
					Program(program) {
						const root = jsonRoot(program);
						if (root) check(root, context);
					},
				}
			: {},
});

export const noMonorepo = packageRule(
	'A community node package has its own repository (no `repository.directory`)',
	{
		directory:
			'"repository.directory" marks a package inside a monorepo; publish from a dedicated repository.',
	},
	(root, context) => {
		const directory = getProperty(getProperty(root, 'repository')?.value, 'directory');
		if (directory) context.report({ node: directory, messageId: 'directory' });
	},
);

export const requireCommunityNodeKeyword = packageRule(
	'package.json keywords include "n8n-community-node-package"',
	{
		keyword:
			'"keywords" must include "n8n-community-node-package", how n8n finds community packages.',
	},
	(root, context) => {
		const keywords = getProperty(root, 'keywords');
		const values =
			keywords?.value.type === 'ArrayExpression' ? keywords.value.elements.map(stringValue) : [];
		if (!values.includes('n8n-community-node-package'))
			context.report({ node: keywords ?? root, messageId: 'keyword' });
	},
);

export const requireMitLicense = packageRule(
	'package.json license is "MIT"',
	{ license: 'Community node packages are MIT licensed: set "license": "MIT".' },
	(root, context) => {
		const license = getProperty(root, 'license');
		if (stringValue(license?.value) !== 'MIT')
			context.report({ node: license ?? root, messageId: 'license' });
	},
);
