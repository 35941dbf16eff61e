import type { INode } from 'n8n-workflow';

/** The MaiAgent node as n8n hands it to a node's code (`ctx.getNode()`), for unit tests. */
export const maiAgentNode: INode = {
	id: '1',
	name: 'MaiAgent',
	type: 'n8n-nodes-maiagent.maiAgent',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
