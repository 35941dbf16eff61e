/**
 * Cost of one MaiAgent Trigger poll against a running sandbox, for tests and benchmarks:
 *
 *   const sandbox = await startSandbox({ seed: { conversations: 10000, messages: 50000 } });
 *   const staticData = {};
 *   await measurePoll(sandbox, { staticData });            // first activation: starts from now
 *   const idle = await measurePoll(sandbox, { staticData }); // { requests: 1, ms, items: 0 }
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox/index.cts';
import * as trigger from '../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import * as engine from './engine.cts';

export interface PollCost {
	/** HTTP requests the sandbox received during the poll. */
	requests: number;
	/** Wall time of the poll through n8n-core's PollContext. */
	ms: number;
	/** Items emitted. */
	items: number;
	/** Paths requested, in order (for diagnosis). */
	paths: string[];
}

export async function measurePoll(
	sandbox: Pick<Sandbox, 'baseUrl' | 'apiKey' | 'requests'>,
	o: { staticData: IDataObject; parameters?: INodeParameters; pollBudgetMs?: number },
): Promise<PollCost> {
	const before = sandbox.requests.length;
	const started = performance.now();
	const output = await engine.runPoll({
		nodeType: new trigger.MaiAgentTrigger(),
		parameters: {
			event: 'newMessage',
			source: 'all',
			messageType: 'both',
			options: {},
			...o.parameters,
		},
		credentials: engine.maiAgentCredentials(sandbox),
		staticData: o.staticData,
		pollBudgetMs: o.pollBudgetMs,
	});
	const ms = performance.now() - started;
	const received = sandbox.requests.slice(before);
	return {
		requests: received.length,
		ms,
		items: output?.[0]?.length ?? 0,
		paths: received.map((r) => r.path.replace(/^\/api\/v1\//, '')),
	};
}
