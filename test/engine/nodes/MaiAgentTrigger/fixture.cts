/**
 * Shared set-up of the MaiAgent Trigger engine tests: a sandbox per test file and `poll`, which runs
 * the trigger's `poll` through n8n-core's PollContext with the given static data.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox, SandboxOptions } from '../../../../sandbox/index.cts';
import * as credentials from '../../../../credentials/MaiAgentApi.credentials';
import * as trigger from '../../../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import * as sandboxModule from '../../../../sandbox/index.cts';
import * as engine from '../../../helpers/engine.cts';

const { MaiAgentApi } = credentials;
const { MaiAgentTrigger } = trigger;
const { startSandbox } = sandboxModule;
const { runPoll } = engine;

export const nodeType = new MaiAgentTrigger();
export const credentialTypes = [new MaiAgentApi()];

export interface PollCall {
	parameters?: INodeParameters;
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	pollBudgetMs?: number;
	apiKey?: string;
}

export interface TriggerFixture {
	sandbox: Sandbox;
	/** The emitted items' JSON ([] for null); throws what the poll throws. */
	poll(call: PollCall): Promise<IDataObject[]>;
	/** Requests the sandbox received below /api/v1/. */
	apiRequests(): Sandbox['requests'];
}

export const DEFAULTS: INodeParameters = {
	event: 'newMessage',
	source: 'all',
	messageType: 'both',
	options: {},
};

export function useTriggerSandbox(options: SandboxOptions = {}): TriggerFixture {
	const fixture = {} as TriggerFixture;
	beforeAll(async () => {
		const sandbox = await startSandbox({ port: 0, seed: 'empty', ...options });
		Object.assign(fixture, {
			sandbox,
			poll: async (call: PollCall) => {
				const output = await runPoll({
					nodeType,
					parameters: { ...DEFAULTS, ...call.parameters },
					credentials: {
						maiAgentApi: { apiKey: call.apiKey ?? sandbox.apiKey, baseUrl: sandbox.baseUrl },
					},
					credentialTypes,
					staticData: call.staticData,
					mode: call.mode,
					pollBudgetMs: call.pollBudgetMs,
				});
				return (output?.[0] ?? []).map((item) => item.json);
			},
			apiRequests: () => sandbox.requests.filter((request) => request.path.startsWith('/api/')),
		});
	}, 120_000);
	afterEach(() => {
		fixture.sandbox.control.reset();
		fixture.sandbox.control.clearRequests();
	});
	afterAll(async () => await fixture.sandbox.stop());
	return fixture;
}

/** A seeded PRNG (mulberry32): the simulation replays exactly from its seed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const roundTrip = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
