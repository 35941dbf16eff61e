import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';

/** n8n's `shouldAssignExecuteMethod` (packages/cli utils, the same on 2.8 and 2.41 but for `supplyData`). */
function n8nWouldAssignExecute(nodeType: INodeType): boolean {
	const declarative = nodeType.description.requestDefaults !== undefined;
	return (
		!nodeType.execute &&
		!nodeType.supplyData &&
		!nodeType.poll &&
		!nodeType.trigger &&
		(!nodeType.webhook || declarative) &&
		(!nodeType.methods || declarative)
	);
}

/** What n8n's NodeTypes does next: an `execute` that runs the node's routing (RoutingNode). */
function assignRoutingExecute(nodeType: INodeType, routing: jest.Mock): void {
	nodeType.execute = async function (this: IExecuteFunctions) {
		return (await routing.call(this)) as INodeExecutionData[][];
	};
}

const contextFor = (resource: string, operation: string) =>
	({
		getNodeParameter: (name: string) => ({ resource, operation })[name as 'resource'],
	}) as unknown as IExecuteFunctions;

describe('MaiAgent execute (what the AI Agent tool path calls)', () => {
	it('has none until n8n assigns the routing executor, so n8n treats it as declarative', () => {
		const node = new MaiAgent();
		expect(node.execute).toBeUndefined();
		expect(n8nWouldAssignExecute(node)).toBe(true);
	});

	it('sends custom operations to their code and the others to the routing executor', async () => {
		const node = new MaiAgent();
		const routing = jest.fn(async () => [[{ json: { via: 'routing' } }]]);
		assignRoutingExecute(node, routing);

		const send = node.customOperations!.message.send;
		const custom = jest.fn(async () => [[{ json: { via: 'send' } }]]);
		node.customOperations!.message.send = custom;
		try {
			// The tool path: `nodeType.execute?.call(context)` (get-input-connection-data).
			const sent = await node.execute!.call(contextFor('message', 'send'));
			expect(sent).toEqual([[{ json: { via: 'send' } }]]);
			expect(custom).toHaveBeenCalledTimes(1);
			expect(routing).not.toHaveBeenCalled();

			const got = await node.execute!.call(contextFor('conversation', 'get'));
			expect(got).toEqual([[{ json: { via: 'routing' } }]]);
			expect(routing).toHaveBeenCalledTimes(1);
		} finally {
			node.customOperations!.message.send = send;
		}
	});

	it('keeps the routing executor n8n assigned, on every instance separately', () => {
		const first = new MaiAgent();
		const second = new MaiAgent();
		assignRoutingExecute(first, jest.fn());
		expect(first.execute).toBeInstanceOf(Function);
		expect(second.execute).toBeUndefined();
	});
});
