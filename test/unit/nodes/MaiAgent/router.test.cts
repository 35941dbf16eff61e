import fs from 'node:fs';
import path from 'node:path';

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	chosenOperation,
	findOperation,
	properties,
	resources,
} from '../../../../nodes/MaiAgent/router';
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
		'%s: one kind of code, and the router finds this operation',
		(_name, operation) => {
			// Per item, or for all items at once (Sync): exactly one of the two.
			expect([operation.execute, operation.executeBatch].filter(Boolean)).toHaveLength(1);
			// Not another operation of the resource with the same value.
			expect(findOperation(operation.resource, operation.option.value as string)?.option).toBe(
				operation.option,
			);
		},
	);

	it('names every operation by an action of its own (errors name the action)', () => {
		const actions = operations.map((o) => o.option.action);
		expect(actions.filter((action, i) => actions.indexOf(action) !== i)).toEqual([]);
	});

	it("each operation's fields show only for it, its filters too", () => {
		const [, ...fields] = properties.filter((property) => property.name !== 'operation');
		const built = new Map(fields.map((field) => [field, field.displayOptions?.show]));
		for (const { resource, option, properties: own } of operations) {
			const shown = fields.filter(
				(field) =>
					built.get(field)?.resource?.[0] === resource &&
					built.get(field)?.operation?.[0] === option.value,
			);
			expect(shown.map((field) => field.name)).toEqual(own.map((field) => field.name));
			const filters = shown.find((field) => field.name === 'filters');
			for (const filter of (filters?.options ?? []) as INodeProperties[]) {
				expect(filter.displayOptions?.show).toMatchObject({
					'/resource': [resource],
					'/operation': [option.value],
				});
			}
		}
		// Every field belongs to exactly one operation.
		const perOperation = operations.reduce((sum, o) => sum + o.properties.length, 0);
		expect(fields).toHaveLength(perOperation);
		expect(fields.every((field) => built.get(field)?.operation?.length === 1)).toBe(true);
	});

	it('the router simplifies the output of every operation with a Simplify field', () => {
		const named = (list: typeof operations) => list.map((o) => `${o.resource} ${o.option.value}`);
		const withField = operations.filter((o) => o.properties.some((p) => p.name === 'simplify'));
		const simplified = operations.filter((o) => o.simplify);
		// AI Assistant > Get simplifies itself: its simplified form needs a second request.
		expect(named(withField).sort()).toEqual([...named(simplified), 'aiAssistant get'].sort());
	});

	it('an unknown operation fails with a NodeOperationError naming it', async () => {
		const parameters: Record<string, string> = { resource: 'message', operation: 'fly' };
		const ctx = {
			getNodeParameter: (name: string) => parameters[name],
			getNode: () => maiAgentNode,
		} as unknown as IExecuteFunctions;
		await expect(chosenOperation(ctx)).rejects.toThrow(NodeOperationError);
		await expect(chosenOperation(ctx)).rejects.toThrow(
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
		},
	);
});
