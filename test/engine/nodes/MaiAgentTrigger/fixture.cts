/**
 * Shared set-up of the MaiAgent Trigger engine tests: the sandbox fixture (empty seed unless told)
 * and `poll`, which runs the trigger's `poll` through n8n-core's PollContext with the given static
 * data.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox, SandboxOptions } from '../../../../sandbox/index.cts';
import { MaiAgentTrigger } from '../../../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import { maiAgentCredentials, runPoll } from '../../../../scripts/lib/engine.cts';
import { useSandbox } from '../../../helpers/sandbox.cts';

export const nodeType = new MaiAgentTrigger();

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
	const fixture = useSandbox({ seed: 'empty', ...options }) as TriggerFixture;
	Object.assign(fixture, {
		poll: async (call: PollCall) => {
			const output = await runPoll({
				nodeType,
				parameters: { ...DEFAULTS, ...call.parameters },
				credentials: maiAgentCredentials(fixture.sandbox, call.apiKey),
				staticData: call.staticData,
				mode: call.mode,
				pollBudgetMs: call.pollBudgetMs,
			});
			return (output?.[0] ?? []).map((item) => item.json);
		},
		apiRequests: () =>
			fixture.sandbox.requests.filter((request) => request.path.startsWith('/api/')),
	});
	return fixture;
}

export const roundTrip = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
