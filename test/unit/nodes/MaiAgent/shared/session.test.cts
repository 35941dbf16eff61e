import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	MAX_STORED_SESSIONS,
	remember,
	sessionStore,
	type SessionMap,
} from '../../../../../nodes/MaiAgent/shared/session';

/** The parts of an execution context the session store reads. */
function context(
	staticData: IDataObject,
	workflowId = 'wf-1',
	nodeId = 'node-1',
): IExecuteFunctions {
	return {
		getWorkflow: () => ({ id: workflowId, active: true }),
		getNode: () => ({ id: nodeId }),
		getWorkflowStaticData: () => staticData,
	} as unknown as IExecuteFunctions;
}

describe('remember', () => {
	it('keeps the most recently used entries, evicting the oldest beyond the bound', () => {
		const map: SessionMap = {};
		remember(map, 'b:1', 'c1', 2);
		remember(map, 'b:2', 'c2', 2);
		remember(map, 'b:1', 'c1', 2);
		remember(map, 'b:3', 'c3', 2);
		expect(map).toEqual({ 'b:1': 'c1', 'b:3': 'c3' });
		expect(Object.keys(map)).toEqual(['b:1', 'b:3']);
	});

	it('keeps insertion order for keys that look like numbers before the colon', () => {
		const map: SessionMap = {};
		remember(map, '9:a', 'x', 10);
		remember(map, '1:a', 'y', 10);
		expect(Object.keys(JSON.parse(JSON.stringify(map)))).toEqual(['9:a', '1:a']);
	});
});

describe('sessionStore', () => {
	const bot = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';

	it('saves the mapping in the static data, per AI assistant and key', () => {
		const staticData: IDataObject = {};
		sessionStore(context(staticData), bot, 'alice').set('conv-a');
		expect(staticData.sessions).toEqual({ [`${bot}:alice`]: 'conv-a' });
		expect(sessionStore(context(staticData), bot, 'bob').get()).toBeUndefined();
		expect(sessionStore(context(staticData), 'other-bot', 'alice').get()).toBeUndefined();
	});

	it('reads a mapping persisted by an earlier execution', () => {
		const persisted = JSON.parse(
			JSON.stringify({ sessions: { [`${bot}:carol`]: 'conv-c' } }),
		) as IDataObject;
		expect(sessionStore(context(persisted, 'wf-2'), bot, 'carol').get()).toBe('conv-c');
	});

	it('remembers in process memory what a manual run could not persist', () => {
		sessionStore(context({}, 'wf-3'), bot, 'dave').set('conv-d');
		// The next manual run starts from the saved static data again (here: none).
		expect(sessionStore(context({}, 'wf-3'), bot, 'dave').get()).toBe('conv-d');
		expect(sessionStore(context({}, 'wf-4'), bot, 'dave').get()).toBeUndefined();
		expect(sessionStore(context({}, 'wf-3', 'node-2'), bot, 'dave').get()).toBeUndefined();
	});

	it('forgets a session in both places', () => {
		const staticData: IDataObject = {};
		sessionStore(context(staticData, 'wf-5'), bot, 'erin').set('conv-e');
		sessionStore(context(staticData, 'wf-5'), bot, 'erin').forget();
		expect(sessionStore(context(staticData, 'wf-5'), bot, 'erin').get()).toBeUndefined();
		expect(staticData.sessions).toEqual({});
	});

	it('bounds the static data', () => {
		const staticData: IDataObject = {};
		for (let i = 0; i <= MAX_STORED_SESSIONS; i++)
			sessionStore(context(staticData, 'wf-6'), bot, `k${i}`).set(`c${i}`);
		const sessions = staticData.sessions as SessionMap;
		expect(Object.keys(sessions)).toHaveLength(MAX_STORED_SESSIONS);
		expect(sessions[`${bot}:k0`]).toBeUndefined();
		expect(sessions[`${bot}:k${MAX_STORED_SESSIONS}`]).toBe(`c${MAX_STORED_SESSIONS}`);
	});
});
