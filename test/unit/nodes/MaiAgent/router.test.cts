import fs from 'node:fs';
import path from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOperation, resources, route } from '../../../../nodes/MaiAgent/router';
import { maiAgentNode } from '../../../helpers/node.cts';

const nodes = path.resolve(__dirname, '../../../../nodes');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return entry.name.endsWith('.ts') ? [file] : [];
	});
}

describe('operations', () => {
	const operations = resources.flatMap((resource) =>
		resource.operations.map((operation) => ({ resource: resource.value, ...operation })),
	);

	it.each(operations.map((o) => [`${o.resource} ${o.option.value as string}`, o]))(
		'%s: one selectable action with its code, found by the router',
		(_name, operation) => {
			expect(typeof operation.option.action).toBe('string');
			expect(typeof operation.execute).toBe('function');
			expect(findOperation(operation.resource, operation.option.value as string)?.execute).toBe(
				operation.execute,
			);
		},
	);

	it("each operation's fields show only for it", () => {
		for (const { resource, option, properties } of operations) {
			for (const property of properties) {
				expect(property.displayOptions?.show).toMatchObject({
					resource: [resource],
					operation: [option.value],
				});
			}
		}
	});

	it('an unknown operation fails with a NodeOperationError naming it', async () => {
		const parameters: Record<string, string> = { resource: 'message', operation: 'fly' };
		const ctx = {
			getNodeParameter: (name: string) => parameters[name],
			getNode: () => maiAgentNode,
		} as unknown as IExecuteFunctions;
		const failure = route.call(ctx);
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow(
			'The operation "fly" of resource "message" is not supported',
		);
	});
});

describe('one transport', () => {
	// Only the transport calls n8n's HTTP helpers; storage.ts is the upload that must not carry the key.
	const allowed = ['shared/transport/request.ts', 'shared/transport/storage.ts'];
	const files = sourceFiles(nodes).map((file) =>
		path.relative(nodes, file).split(path.sep).join('/'),
	);

	it.each(files.filter((file) => !allowed.includes(file)))(
		'%s does not call HTTP helpers',
		(file) => {
			const text = fs.readFileSync(path.join(nodes, file), 'utf8');
			expect(text).not.toMatch(/helpers\s*\.\s*(httpRequest|request)\w*/);
			expect(text).not.toMatch(/makeRoutingRequest/);
		},
	);
});
