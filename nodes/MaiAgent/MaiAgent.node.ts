import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import { customOperations, dispatch, properties } from './router';
import type { CustomOperation } from './resources/types';

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations and messages, and export chat records',
		defaults: { name: 'MaiAgent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		// Declarative operations (`declarativeOperation`) send their requests through the transport.
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties,
	};

	methods = { listSearch };

	customOperations = customOperations;

	/**
	 * Why `execute` is an accessor. n8n gives a declarative node that has no `execute` one that runs
	 * its routing (n8n's NodeTypes, when `shouldAssignExecuteMethod`). A workflow run looks up
	 * `customOperations` before calling it, but an AI Agent's tool call (n8n-core's
	 * `get-input-connection-data`, on 2.8 and 2.41) calls `nodeType.execute` directly, which would
	 * skip Send and the Get Many operations. A plain `execute` method would stop n8n from assigning
	 * the routing executor, so none of the declarative operations would run. So the node has no
	 * `execute` until n8n assigns one (setter); the getter then answers one that sends custom
	 * operations to their code and the others to n8n's routing. Pinned by the unit test
	 * `test/unit/nodes/MaiAgent/MaiAgent.node.test.cts`, which replays both of n8n's steps.
	 */
	private routingExecute?: CustomOperation;

	get execute(): CustomOperation | undefined {
		return this.routingExecute && dispatch(this.routingExecute);
	}

	set execute(routing: CustomOperation | undefined) {
		this.routingExecute = routing;
	}
}
