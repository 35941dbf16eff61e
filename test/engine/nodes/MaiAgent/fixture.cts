/**
 * Shared set-up of the MaiAgent engine tests: the sandbox fixture, and `run` / `search` wrappers
 * that execute the node through n8n-core with credentials pointing at the sandbox.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';
import type { Sandbox, SandboxOptions } from '../../../../sandbox/index.cts';
import { listSearch, maiAgentCredentials, runNode } from '../../../../scripts/lib/engine.cts';
import type { RunNodeOptions, RunNodeResult } from '../../../../scripts/lib/engine.cts';
import { useSandbox as useBareSandbox } from '../../../helpers/sandbox.cts';

export const nodeType = new MaiAgent();

export const rl = (value: string, mode: 'list' | 'id' | 'url' = 'id') => ({
	__rl: true,
	mode,
	value,
});

export interface Fixture {
	sandbox: Sandbox;
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<RunNodeResult>;
	/** Runs and returns the JSON of the single output branch; fails the test on a node error. */
	json(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<IDataObject[]>;
	search(
		method: string,
		filter?: string,
		paginationToken?: string,
		parameters?: INodeParameters,
	): ReturnType<typeof listSearch>;
	/** Requests the sandbox received for a path below /api/v1/ (query string excluded). */
	requestsTo(path: string | RegExp): Sandbox['requests'];
}

/** The sandbox fixture plus the node run against it. */
export function useSandbox(options: SandboxOptions = {}): Fixture {
	const fixture = useBareSandbox(options) as Fixture;
	const run = async (parameters: INodeParameters, extra: Partial<RunNodeOptions> = {}) =>
		await runNode({
			nodeType,
			parameters,
			credentials: maiAgentCredentials(fixture.sandbox),
			...extra,
		});
	Object.assign(fixture, {
		run,
		json: async (parameters: INodeParameters, extra: Partial<RunNodeOptions> = {}) => {
			const { output, error } = await run(parameters, extra);
			if (error) throw new Error(`node failed: ${error.message}`);
			return (output[0] ?? []).map((item: INodeExecutionData) => item.json);
		},
		search: async (
			method: string,
			filter?: string,
			paginationToken?: string,
			parameters: INodeParameters = {},
		) =>
			await listSearch({
				nodeType,
				method,
				filter,
				paginationToken,
				parameters,
				credentials: maiAgentCredentials(fixture.sandbox),
			}),
		requestsTo: (path: string | RegExp) =>
			fixture.sandbox.requests.filter((request) => {
				const route = request.path.replace(/^\/api(\/v1)?\//, '');
				return typeof path === 'string' ? route === path : path.test(route);
			}),
	});
	return fixture;
}
