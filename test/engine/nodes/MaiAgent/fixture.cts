/**
 * Shared set-up of the MaiAgent engine tests: one sandbox per test file, and `run` / `search`
 * wrappers that execute the node through n8n-core with credentials pointing at the sandbox.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MaiAgentApi } from '../../../../credentials/MaiAgentApi.credentials';
import { MaiAgent } from '../../../../nodes/MaiAgent/MaiAgent.node';
import { startSandbox } from '../../../../sandbox/index.cts';
import type { Sandbox, SandboxOptions } from '../../../../sandbox/index.cts';
import { listSearch, runNode } from '../../../helpers/engine.cts';
import type { RunNodeOptions, RunNodeResult } from '../../../helpers/engine.cts';

export const nodeType = new MaiAgent();
export const credentialTypes = [new MaiAgentApi()];

export const rl = (value: string, mode: 'list' | 'id' | 'url' = 'id') => ({
	__rl: true,
	mode,
	value,
});

export interface Fixture {
	sandbox: Sandbox;
	credentials: { maiAgentApi: { apiKey: string; baseUrl: string } };
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

/** Starts a sandbox before the file's tests and stops it after them. */
export function useSandbox(options: SandboxOptions = {}): Fixture {
	const fixture = {} as Fixture;
	beforeAll(async () => {
		const sandbox = await startSandbox({ port: 0, ...options });
		const credentials = { maiAgentApi: { apiKey: sandbox.apiKey, baseUrl: `${sandbox.baseUrl}/` } };
		Object.assign(fixture, {
			sandbox,
			credentials,
			run: async (parameters: INodeParameters, extra: Partial<RunNodeOptions> = {}) =>
				await runNode({ nodeType, parameters, credentials, credentialTypes, ...extra }),
			json: async (parameters: INodeParameters, extra: Partial<RunNodeOptions> = {}) => {
				const { output, error } = await runNode({
					nodeType,
					parameters,
					credentials,
					credentialTypes,
					...extra,
				});
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
					credentials,
					credentialTypes,
				}),
			requestsTo: (path: string | RegExp) =>
				sandbox.requests.filter((request) => {
					const route = request.path.replace(/^\/api(\/v1)?\//, '');
					return typeof path === 'string' ? route === path : path.test(route);
				}),
		});
	});
	afterEach(() => {
		fixture.sandbox.control.reset();
		fixture.sandbox.control.clearRequests();
	});
	afterAll(async () => await fixture.sandbox.stop());
	return fixture;
}
