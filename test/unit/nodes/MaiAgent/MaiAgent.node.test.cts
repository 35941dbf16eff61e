import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';

/** Every property and option, nested collections included. */
function allEntries(
	entries: Array<INodeProperties | INodePropertyOptions>,
): Array<INodeProperties | INodePropertyOptions> {
	return entries.flatMap((entry) => [
		entry,
		...allEntries(
			('options' in entry ? (entry.options ?? []) : []) as Array<
				INodeProperties | INodePropertyOptions
			>,
		),
	]);
}

describe('MaiAgent node', () => {
	const node = new MaiAgent();

	// An AI Agent's tool call and a workflow run both call `execute`: with no routing anywhere, n8n
	// never assigns a routing executor and every operation runs through the router.
	it('is programmatic: an execute method, no declarative routing', () => {
		expect(typeof MaiAgent.prototype.execute).toBe('function');
		expect(node.description.requestDefaults).toBeUndefined();
		expect(node.description.requestOperations).toBeUndefined();
		expect('customOperations' in node).toBe(false);
		const routed = allEntries(node.description.properties).filter((entry) => 'routing' in entry);
		expect(routed.map((entry) => entry.name)).toEqual([]);
	});

	it('is usable as an AI Agent tool', () => {
		expect(node.description.usableAsTool).toBeTruthy();
	});
});
