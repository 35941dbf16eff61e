import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { deepCopy, NodeHelpers } from 'n8n-workflow';
// The check n8n 2.41's loader runs on every node description at start-up.
import { validateNodeDescription } from 'n8n-core/dist/nodes-loader/validate-node-description';

import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';
import { MaiAgentTrigger } from '../../../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import { MaiAgentWebhookTrigger } from '../../../../nodes/MaiAgentWebhookTrigger/MaiAgentWebhookTrigger.node';

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

	// An AI Agent's tool call and a workflow run both call `execute`, which runs every operation
	// through the router: a `routing` on a field would be ignored.
	it('declares no routing on any field', () => {
		const routed = allEntries(node.description.properties).filter((entry) => 'routing' in entry);
		expect(routed.map((entry) => entry.name)).toEqual([]);
	});

	it('is usable as an AI Agent tool, with a description written for the agent', () => {
		const { usableAsTool } = node.description;
		const replacements = typeof usableAsTool === 'object' ? usableAsTool.replacements : undefined;
		// As n8n's createAiTools builds the tool's description (both pinned versions).
		const tool = { ...deepCopy(node.description), ...replacements };
		expect(tool.description).not.toBe(node.description.description);
		expect(tool.description).toMatch(/knowledge base/);
		expect(tool.description).toMatch(/reply text with citations/);
	});

	it('passes the loader check of n8n 2.41 (no builderHint on resource/operation), all three nodes', () => {
		for (const type of [node, new MaiAgentTrigger(), new MaiAgentWebhookTrigger()]) {
			expect(() => validateNodeDescription(type.description)).not.toThrow();
		}
		// The check is live: the same hint on the Resource selector stops n8n loading the package.
		const broken = deepCopy(node.description) as INodeTypeDescription;
		broken.properties[0].builderHint = { propertyHint: 'x' };
		expect(broken.properties[0].name).toBe('resource');
		expect(() => validateNodeDescription(broken)).toThrow(/discriminator/);
	});

	it("gives n8n's AI workflow builder a search hint and the nodes it works with", () => {
		const hint = node.description.builderHint!;
		expect(hint.searchHint).toMatch(/Message > Send/);
		expect(hint.relatedNodes?.map((related) => related.nodeType)).toEqual(
			expect.arrayContaining([
				'@n8n/n8n-nodes-langchain.chatTrigger',
				'@n8n/n8n-nodes-langchain.agent',
				'n8n-nodes-base.scheduleTrigger',
				'n8n-nodes-base.emailSend',
				'n8n-nodes-base.readWriteFile',
			]),
		);
		const hinted = allEntries(node.description.properties)
			.filter((entry) => entry.builderHint?.propertyHint)
			.map((entry) => ('action' in entry && entry.action ? entry.action : entry.name));
		expect(hinted).toEqual(
			expect.arrayContaining([
				'Send a message to an AI assistant',
				'content',
				'conversation',
				'sessionKey',
				'autoReplyEnabled',
				'binaryPropertyName',
				'Get many chat records of an AI assistant',
			]),
		);
	});

	// The editor shows each issue n8n's check finds: one malformed ID, one message.
	it.each([
		['message', 'send'],
		['aiAssistant', 'get'],
		['chatRecord', 'getAll'],
		['chatRecord', 'exportExcel'],
		['batchQa', 'start'],
	])('reports a malformed AI assistant ID once (%s > %s)', (resource, operation) => {
		const { description } = node;
		const parameters = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource, operation, chatbot: { __rl: true, mode: 'id', value: 'abc' }, content: 'x' },
			true,
			false,
			null,
			description,
		)!;
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ id: '1', name: 'MaiAgent', type: 'maiAgent', typeVersion: 1, position: [0, 0], parameters },
			description,
		);
		expect(issues?.parameters?.chatbot).toEqual(['Not a valid AI assistant ID (a UUID)']);
	});

	it('still shows the AI Assistant filter of Conversation and Inbox Get Many, for them only', () => {
		for (const resource of ['conversation', 'inbox']) {
			const values = { resource, operation: 'getAll' };
			const filters = node.description.properties.find(
				(p) => p.name === 'filters' && NodeHelpers.displayParameter(values, p, null, null),
			)!;
			const chatbot = (filters.options as INodeProperties[]).find((o) => o.name === 'chatbot')!;
			expect(NodeHelpers.displayParameter({}, chatbot, null, null, values)).toBe(true);
			expect(
				NodeHelpers.displayParameter({}, chatbot, null, null, { ...values, resource: 'message' }),
			).toBe(false);
		}
	});
});
