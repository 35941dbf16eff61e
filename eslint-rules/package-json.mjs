// The rule on package.json (parsed by typescript-eslint's parser as one object expression).
import { basename } from 'node:path';

import { getProperty, jsonRoot } from './ast.mjs';

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
