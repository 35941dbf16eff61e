import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';
import { resources } from '../../../../nodes/MaiAgent/router';
import { isTransportOperation } from '../../../../nodes/shared/transport/declarative';

const description = new MaiAgent().description;
const nodes = path.resolve(__dirname, '../../../../nodes');

/** Every property, nested collections included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(
			((property.options ?? []) as Array<INodeProperties | INodePropertyOptions>).filter(
				(option): option is INodeProperties => 'displayName' in option,
			),
		),
	]);
}

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
		'%s: its requests go through the transport (declarative) or it runs code',
		(_name, operation) => {
			const { routing } = operation.option;
			expect(typeof operation.option.action).toBe('string');
			if (operation.execute) {
				expect(routing).toBeUndefined();
				expect(
					new MaiAgent().customOperations![operation.resource][operation.option.value as string],
				).toBe(operation.execute);
				return;
			}
			expect(routing?.request).toBeDefined();
			expect(routing?.send?.paginate).toBe(true);
			expect(isTransportOperation(routing?.operations?.pagination)).toBe(true);
		},
	);

	it('no node-level request operation or field adds a request of its own', () => {
		expect(description.requestOperations).toBeUndefined();
		for (const property of allProperties(description.properties)) {
			expect([property.name, property.routing?.request]).toEqual([property.name, undefined]);
			expect([property.name, property.routing?.operations]).toEqual([property.name, undefined]);
		}
	});

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
			// n8n's routing request is made only by the transport's request operation.
			if (file !== 'shared/transport/declarative.ts')
				expect(text).not.toMatch(/makeRoutingRequest/);
		},
	);
});
