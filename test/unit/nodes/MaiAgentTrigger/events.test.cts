/**
 * The trigger's three events share one overlap guard: while a poll of a trigger node is in flight,
 * the next poll of the same node returns null before any request, so nothing is emitted twice. A
 * fake MaiAgent holds the first poll's first answer until the test lets it go.
 */
import type {
	IDataObject,
	IHttpRequestOptions,
	INodeParameters,
	IPollFunctions,
} from 'n8n-workflow';

import { MaiAgentTrigger } from '../../../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';

const BASE = 'http://maiagent.test/api/v1';
const KB = '5b1f4d2e-8c3a-4f6b-9d0e-1a2b3c4d5e6f';

interface EventCase {
	parameters: INodeParameters;
	/** Static data with one change pending. */
	staticData: IDataObject;
	/** MaiAgent's answers by path (below /api/v1/). */
	answers: Record<string, IDataObject[]>;
	/** The id the pending change emits. */
	emits: string;
}

const cases: Record<string, EventCase> = {
	'Knowledge Base File Status Changed': {
		parameters: { event: 'knowledgeFileStatus', knowledgeBases: [KB], fileStatus: 'both' },
		staticData: { files: { [KB]: { f1: 'processing' } } },
		answers: {
			[`knowledge-bases/${KB}/files/`]: [{ id: 'f1', filename: 'a.txt', status: 'done' }],
		},
		emits: 'f1',
	},
	'New Contact': {
		parameters: { event: 'newContact', contactFilters: {} },
		staticData: { contacts: { origin: 'now', from: 1000, seen: {} } },
		answers: { 'contacts/': [{ id: 'c1', name: 'A', createdAt: '2000' }] },
		emits: 'c1',
	},
	'New Message': {
		parameters: { event: 'newMessage', source: 'all', messageType: 'both', options: {} },
		staticData: { state: { origin: 'now', from: 1000, cursor: 1000, seen: {} } },
		answers: {
			'conversations/': [{ id: 'v1', lastMessageCreatedAt: '2000', inbox: { id: 'i1' } }],
			'messages/': [{ id: 'm1', conversation: 'v1', type: 'incoming', createdAt: '2000' }],
		},
		emits: 'm1',
	},
};

function parameter(parameters: INodeParameters, name: string, fallback: unknown): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) value = (value as IDataObject | undefined)?.[part];
	return value ?? fallback;
}

/** A fake MaiAgent whose first answer waits for `release`; `requests` counts what it was asked. */
function fakeMaiAgent(answers: EventCase['answers']) {
	let release!: () => void;
	let arrived!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
	const fake = {
		requests: 0,
		release,
		firstArrived,
		answer: async (_type: string, options: IHttpRequestOptions) => {
			if (++fake.requests === 1) {
				arrived();
				await held;
			}
			const path = new URL(options.url).pathname.replace('/api/v1/', '');
			const results = answers[path] ?? [];
			return { statusCode: 200, headers: {}, body: { count: results.length, next: null, results } };
		},
	};
	return fake;
}

/** A poll's context, as n8n makes one for every poll of the same workflow and node. */
function pollContext(
	event: EventCase,
	staticData: IDataObject,
	answer: ReturnType<typeof fakeMaiAgent>['answer'],
): IPollFunctions {
	const context = {
		getMode: () => 'trigger',
		getWorkflow: () => ({ id: 'w1' }),
		getNode: () => ({
			id: 'n1',
			name: 'MaiAgent Trigger',
			type: 'maiAgentTrigger',
			typeVersion: 1,
			parameters: event.parameters,
		}),
		getNodeParameter: (name: string, fallback: unknown) =>
			parameter(event.parameters, name, fallback),
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => ({ baseUrl: BASE, apiKey: 'k' }),
		helpers: {
			httpRequestWithAuthentication: answer,
			returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })),
		},
	};
	return context as unknown as IPollFunctions;
}

describe('one overlap guard for every event', () => {
	it.each(Object.keys(cases))(
		'%s: a poll while another of the same node is in flight returns null, and the change is emitted once',
		async (name) => {
			const event = cases[name];
			const trigger = new MaiAgentTrigger();
			const staticData = JSON.parse(JSON.stringify(event.staticData)) as IDataObject;
			const maiagent = fakeMaiAgent(event.answers);
			const poll = async () =>
				await trigger.poll.call(pollContext(event, staticData, maiagent.answer));

			const first = poll();
			await maiagent.firstArrived;
			expect(await poll()).toBeNull();
			expect(maiagent.requests).toBe(1);

			maiagent.release();
			expect((await first)?.[0].map((item) => item.json.id)).toEqual([event.emits]);
			// The guard is released with the poll: the next one reads again, with nothing new.
			expect(await poll()).toBeNull();
			expect(maiagent.requests).toBeGreaterThan(1);
		},
	);
});
