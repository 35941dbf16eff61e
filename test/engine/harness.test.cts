/**
 * Proves the engine harness (test/helpers/engine.cts) runs nodes through n8n-core's real paths,
 * with fixture nodes defined here against a tiny HTTP server on 127.0.0.1.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { NodeOperationError } from 'n8n-workflow';
import { binaryBuffer, listSearch, runNode, runPoll, testCredential } from '../helpers/engine.cts';
import * as maiAgentCredentials from '../../credentials/MaiAgentApi.credentials';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	StructuredChunk,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------------------------
// Fixture server

interface Seen {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

const FILE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const EVENTS = [1, 2, 3].map((id) => ({ id, text: `event ${id}` }));
const ITEMS = ['alpha', 'beta', 'gamma'].map((name, i) => ({ id: `it-${i + 1}`, name }));

let seen: Seen[] = [];
/** GET /stream sends its first part, then its second only once this is called. */
let releaseSecondPart = () => {};
let baseUrl = '';
const server = http.createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			body: Buffer.concat(chunks),
		};
		seen.push(request);
		if (request.path === '/stream') {
			res.writeHead(200, { 'content-type': 'text/plain' }).write('first ');
			releaseSecondPart = () => res.end('second');
			return;
		}
		const [status, body] = route(request);
		if (Buffer.isBuffer(body)) {
			res.writeHead(status, { 'content-type': 'application/octet-stream' }).end(body);
		} else {
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		}
	});
});

function route({ method, path, query, headers, body }: Seen): [number, unknown] {
	if (path === '/api/v1/chatbots/') {
		return headers.authorization === 'Api-Key good'
			? [200, { count: 0, next: null, previous: null, results: [] }]
			: [401, { detail: 'Invalid API key.' }];
	}
	const token = headers.authorization?.replace(/^Bearer /, '');
	if (path === '/me') {
		if (token === 'good') return [200, { account: { status: 'active' } }];
		if (token === 'suspended') return [200, { account: { status: 'suspended' } }];
		return token === 'read-only'
			? [403, { detail: 'Forbidden' }]
			: [401, { detail: 'Unauthorized' }];
	}
	if (token !== 'good') return [401, { detail: 'Unauthorized' }];
	if (path === '/items') {
		const found = ITEMS.filter((item) => item.name.includes(query.get('search') ?? ''));
		const page = Number(query.get('page') ?? 1);
		return [
			200,
			{
				results: found.slice((page - 1) * 2, page * 2),
				next: found.length > page * 2 ? String(page + 1) : null,
			},
		];
	}
	const item = /^\/items\/(.+)$/.exec(path);
	if (item) {
		return item[1] === 'missing'
			? [404, { detail: 'Not found.' }]
			: [200, { data: { id: item[1], tag: query.get('tag') } }];
	}
	if (path === '/answers' && method === 'POST') {
		const { question } = JSON.parse(body.toString()) as { question: string };
		return [200, { parts: ['You asked: ', question, '.'] }];
	}
	if (path === '/files/report') return [200, FILE];
	if (path === '/files' && method === 'POST') {
		return [
			200,
			{ bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') },
		];
	}
	if (path === '/events')
		return [200, { events: EVENTS.filter((event) => event.id > Number(query.get('after'))) }];
	return [404, { detail: 'Not found.' }];
}

beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	seen = [];
});

// ---------------------------------------------------------------------------------------------
// Fixture credential type and nodes

const fixtureApi: ICredentialType = {
	name: 'fixtureApi',
	displayName: 'Fixture API',
	properties: [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:9' },
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	},
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 403, message: 'The token is read-only' } },
		],
	},
};
/** n8n types a test's rules as all responseCode or all responseSuccessBody. */
const fixtureApiBodyRule: ICredentialType = {
	...fixtureApi,
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'account.status',
					value: 'suspended',
					message: 'The account is suspended',
				},
			},
		],
	},
};
const credentials = () => ({ fixtureApi: { token: 'good', baseUrl } });
const credentialTypes = [fixtureApi];

const base: Pick<
	INodeTypeDescription,
	'group' | 'version' | 'description' | 'inputs' | 'outputs' | 'credentials'
> = {
	group: ['transform'],
	version: 1,
	description: 'Fixture',
	inputs: ['main'],
	outputs: ['main'],
	credentials: [{ name: 'fixtureApi', required: true }],
};

/** Chunks that reached onChunk, and how many had arrived each time the node's sendChunk resolved. */
let delivered: StructuredChunk[] = [];
let deliveredWhenSendResolved: number[] = [];

/** Declarative node (routing) with customOperations, the shape of our MaiAgent node. */
class Fixture implements INodeType {
	description: INodeTypeDescription = {
		...base,
		displayName: 'Fixture',
		name: 'fixture',
		defaults: { name: 'Fixture' },
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'item',
				options: [{ name: 'Item', value: 'item' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'get',
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get an item',
						routing: {
							request: { method: 'GET', url: '=/items/{{$parameter.itemId}}' },
							output: { postReceive: [{ type: 'rootProperty', properties: { property: 'data' } }] },
						},
					},
					{ name: 'Ask', value: 'ask', action: 'Ask a question' },
					{ name: 'Download', value: 'download', action: 'Download a file' },
					{ name: 'Upload', value: 'upload', action: 'Upload a file' },
					{ name: 'Relay', value: 'relay', action: 'Relay a streamed answer' },
				],
			},
			{
				displayName: 'Item',
				name: 'itemId',
				type: 'resourceLocator',
				required: true,
				default: { mode: 'list', value: '' },
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchItems', searchable: true },
					},
					{ displayName: 'ID', name: 'id', type: 'string' },
				],
				displayOptions: { show: { operation: ['get'] } },
			},
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				routing: { send: { type: 'query', property: 'tag', value: '={{$value.toUpperCase()}}' } },
				displayOptions: { show: { operation: ['get'] } },
			},
			{
				displayName: 'Question',
				name: 'question',
				type: 'string',
				default: '',
				displayOptions: { show: { operation: ['ask'] } },
			},
		],
	};

	methods = {
		listSearch: {
			async searchItems(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const { baseUrl: url } = await this.getCredentials('fixtureApi');
				const page = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
					url: `${url}/items`,
					qs: { search: filter ?? '', page: paginationToken ?? '1' },
					json: true,
				})) as { results: Array<{ id: string; name: string }>; next: string | null };
				return {
					results: page.results.map((item) => ({ name: item.name, value: item.id })),
					paginationToken: page.next ?? undefined,
				};
			},
		},
	};

	customOperations = { item: { ask, download, upload, relay } };
}

async function ask(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { baseUrl: url } = await this.getCredentials('fixtureApi');
	const streaming = this.isStreaming();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < this.getInputData().length; i++) {
		try {
			const question = this.getNodeParameter('question', i) as string;
			if (!question)
				throw new NodeOperationError(this.getNode(), 'The question is empty', { itemIndex: i });
			const { parts } = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
				method: 'POST',
				url: `${url}/answers`,
				body: { question },
				json: true,
			})) as { parts: string[] };
			if (streaming) {
				const send = async (...args: Parameters<IExecuteFunctions['sendChunk']>) => {
					await this.sendChunk(...args);
					deliveredWhenSendResolved.push(delivered.length);
				};
				await send('begin', i);
				for (const part of parts) await send('item', i, part);
				await send('end', i);
			}
			out.push({ json: { answer: parts.join(''), streaming }, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw error;
			out.push({ json: { error: error.message }, pairedItem: { item: i } });
		}
	}
	return [out];
}

/** Relays an upstream body part by part, as our node relays MaiAgent's server-sent events. */
async function relay(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { baseUrl: url } = await this.getCredentials('fixtureApi');
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
		url: `${url}/stream`,
		encoding: 'stream',
		returnFullResponse: true,
	})) as { body: AsyncIterable<Buffer> };
	let text = '';
	for await (const part of response.body) {
		text += part.toString();
		await this.sendChunk('item', 0, part.toString());
	}
	return [[{ json: { text }, pairedItem: { item: 0 } }]];
}

async function download(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { baseUrl: url } = await this.getCredentials('fixtureApi');
	const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
		url: `${url}/files/report`,
		encoding: 'arraybuffer',
	})) as ArrayBuffer;
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(body),
		'report.bin',
		'application/octet-stream',
	);
	return [
		[{ json: { fileName: 'report.bin' }, binary: { data: binary }, pairedItem: { item: 0 } }],
	];
}

async function upload(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { baseUrl: url } = await this.getCredentials('fixtureApi');
	this.helpers.assertBinaryData(0, 'data');
	const body = await this.helpers.getBinaryDataBuffer(0, 'data');
	const receipt = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
		method: 'POST',
		url: `${url}/files`,
		body,
		headers: { 'content-type': 'application/octet-stream' },
		json: true,
	})) as IDataObject;
	return [[{ json: receipt, pairedItem: { item: 0 } }]];
}

/** Polling trigger: a cursor in the node's static data; a sample without touching it in manual mode. */
class FixtureTrigger implements INodeType {
	description: INodeTypeDescription = {
		...base,
		displayName: 'Fixture Trigger',
		name: 'fixtureTrigger',
		group: ['trigger'],
		defaults: { name: 'Fixture Trigger' },
		polling: true,
		inputs: [],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const { baseUrl: url } = await this.getCredentials('fixtureApi');
		const { events } = (await this.helpers.httpRequestWithAuthentication.call(this, 'fixtureApi', {
			url: `${url}/events`,
			qs: { after: manual ? 0 : ((state.lastId as number | undefined) ?? 0) },
			json: true,
		})) as { events: Array<{ id: number; text: string }> };
		if (events.length === 0) return null;
		if (manual) return [this.helpers.returnJsonArray(events.slice(-1))];
		state.lastId = events[events.length - 1].id;
		return [
			this.helpers.returnJsonArray(
				events.map((event) => ({ ...event, budgetMs: this.getPollBudgetMs() })),
			),
		];
	}
}

// ---------------------------------------------------------------------------------------------
// Tests

const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

describe('runNode: declarative operations go through the RoutingNode', () => {
	test('applies the credential authenticate block and resolves routing expressions per item', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: {
				resource: 'item',
				operation: 'get',
				itemId: rl('={{ $json.id }}'),
				tag: '={{ $json.tag }}',
			},
			credentials: credentials(),
			credentialTypes,
			input: [{ json: { id: 'a-1', tag: 'red' } }, { json: { id: 'b-2', tag: 'blue' } }],
		});
		expect(error).toBeUndefined();
		expect(output).toEqual([
			[
				{ json: { id: 'a-1', tag: 'RED' }, pairedItem: { item: 0 } },
				{ json: { id: 'b-2', tag: 'BLUE' }, pairedItem: { item: 1 } },
			],
		]);
		expect(seen.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
			'GET /items/a-1?tag=RED',
			'GET /items/b-2?tag=BLUE',
		]);
		for (const request of seen) {
			expect(request.headers.authorization).toBe('Bearer good');
			expect(request.headers.accept).toBe('application/json');
		}
	});

	test('reports the NodeApiError n8n records when the request fails', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'get', itemId: rl('missing') },
			credentials: credentials(),
			credentialTypes,
		});
		expect(output).toEqual([]);
		expect(error).toMatchObject({ httpCode: '404', node: { name: 'Fixture' } });
		expect(error?.message).toMatch(/resource you are requesting could not be found/);
	});

	test('continue-on-fail turns a failed item into an error item paired to its input', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'get', itemId: rl('={{ $json.id }}') },
			credentials: credentials(),
			credentialTypes,
			input: [{ json: { id: 'ok' } }, { json: { id: 'missing' } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const [ok, failed] = output[0];
		expect(ok).toMatchObject({ json: { id: 'ok' }, pairedItem: { item: 0 } });
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.error).toMatchObject({ httpCode: '404' });
	});

	test('a run with node issues does not start, and reports why', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'get', itemId: rl('') },
			credentials: credentials(),
			credentialTypes,
		});
		expect(output).toEqual([]);
		expect(error).toMatchObject({ name: 'WorkflowHasIssuesError' });
		expect(error?.message).toMatch(/^The 'Fixture' node has issues:/);
		expect(seen).toEqual([]);
	});

	test('a node without its credentials fails the way n8n says so', async () => {
		const { error } = await runNode({
			nodeType: new Fixture(),
			parameters: { operation: 'get', itemId: rl('x') },
		});
		expect(error?.message).toBe('Node does not have any credentials set');
	});
});

describe('runNode: customOperations run in an ExecuteContext', () => {
	beforeEach(() => {
		delivered = [];
		deliveredWhenSendResolved = [];
	});

	test('without a streaming consumer isStreaming() is false and nothing is sent', async () => {
		const { output } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'ask', question: 'why' },
			credentials: credentials(),
			credentialTypes,
		});
		expect(output[0]).toEqual([
			{ json: { answer: 'You asked: why.', streaming: false }, pairedItem: { item: 0 } },
		]);
		expect(deliveredWhenSendResolved).toEqual([]);
	});

	test('with onChunk isStreaming() is true and every chunk arrives in order before sendChunk resolves', async () => {
		const { output } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'ask', question: 'why' },
			credentials: credentials(),
			credentialTypes,
			onChunk: (chunk) => delivered.push(chunk),
		});
		expect(output[0][0].json).toEqual({ answer: 'You asked: why.', streaming: true });
		expect(delivered.map(({ type, content }) => [type, content])).toEqual([
			['begin', undefined],
			['item', 'You asked: '],
			['item', 'why'],
			['item', '.'],
			['end', undefined],
		]);
		expect(delivered[0].metadata).toMatchObject({ nodeName: 'Fixture', itemIndex: 0, runIndex: 0 });
		expect(deliveredWhenSendResolved).toEqual([1, 2, 3, 4, 5]);
	});

	test('a streamed upstream body reaches onChunk part by part, nothing buffers it', async () => {
		const { output } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'relay' },
			credentials: credentials(),
			credentialTypes,
			onChunk: (chunk) => {
				delivered.push(chunk);
				if (chunk.content === 'first ') releaseSecondPart(); // the upstream waits for this
			},
		});
		expect(delivered.map((chunk) => chunk.content)).toEqual(['first ', 'second']);
		expect(output[0][0].json).toEqual({ text: 'first second' });
	});

	test('n8n does not stream trigger-mode runs even with a consumer', async () => {
		const { output } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'ask', question: 'why' },
			credentials: credentials(),
			credentialTypes,
			mode: 'trigger',
			onChunk: (chunk) => delivered.push(chunk),
		});
		expect(output[0][0].json.streaming).toBe(false);
		expect(delivered).toEqual([]);
	});

	test('a failing node streams an error chunk and reports its error', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'ask', question: '' },
			credentials: credentials(),
			credentialTypes,
			onChunk: (chunk) => delivered.push(chunk),
		});
		expect(output).toEqual([]);
		expect(error?.message).toBe('The question is empty');
		expect(delivered.map((chunk) => chunk.type)).toEqual(['error']);
	});

	test('continue-on-fail: the node returns error items paired to their inputs', async () => {
		const { output, error } = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'ask', question: '={{ $json.q }}' },
			credentials: credentials(),
			credentialTypes,
			input: [{ json: { q: '' } }, { json: { q: 'how' } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output[0]).toEqual([
			{ json: { error: 'The question is empty' }, pairedItem: { item: 0 } },
			{ json: { answer: 'You asked: how.', streaming: false }, pairedItem: { item: 1 } },
		]);
	});

	test('binary data round-trips through prepareBinaryData and getBinaryDataBuffer', async () => {
		const downloaded = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'download' },
			credentials: credentials(),
			credentialTypes,
		});
		const [item] = downloaded.output[0];
		expect(item.binary?.data).toMatchObject({
			fileName: 'report.bin',
			mimeType: 'application/octet-stream',
			bytes: FILE.length,
		});
		expect(await binaryBuffer(item)).toEqual(FILE);

		const uploaded = await runNode({
			nodeType: new Fixture(),
			parameters: { resource: 'item', operation: 'upload' },
			credentials: credentials(),
			credentialTypes,
			input: [item],
		});
		expect(uploaded.output[0][0].json).toEqual({
			bytes: FILE.length,
			sha256: crypto.createHash('sha256').update(FILE).digest('hex'),
		});
	});
});

describe('runPoll: the PollContext with the node static data', () => {
	test('advances the cursor across persisted polls and returns null when nothing is new', async () => {
		let staticData: IDataObject = {};
		const poll = async () => {
			const result = await runPoll({
				nodeType: new FixtureTrigger(),
				parameters: {},
				credentials: credentials(),
				credentialTypes,
				staticData,
				pollBudgetMs: 1234,
			});
			staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject; // n8n persists it between polls
			return result;
		};
		const first = await poll();
		expect(first?.[0].map((item) => item.json)).toEqual(
			EVENTS.map((event) => ({ ...event, budgetMs: 1234 })),
		);
		expect(staticData).toEqual({ lastId: 3 });
		expect(await poll()).toBeNull();
		expect(seen.map((r) => r.query.get('after'))).toEqual(['0', '3']);
	});

	test('manual mode ("Fetch test event") returns a sample and leaves the cursor alone', async () => {
		const staticData: IDataObject = { lastId: 3 };
		const result = await runPoll({
			nodeType: new FixtureTrigger(),
			parameters: {},
			credentials: credentials(),
			credentialTypes,
			staticData,
			mode: 'manual',
		});
		expect(result?.[0].map((item) => item.json)).toEqual([EVENTS[2]]);
		expect(staticData).toEqual({ lastId: 3 });
	});
});

describe('listSearch: a LoadOptionsContext', () => {
	test('filters and paginates', async () => {
		const search = async (filter: string, paginationToken?: string) =>
			await listSearch({
				nodeType: new Fixture(),
				method: 'searchItems',
				filter,
				paginationToken,
				credentials: credentials(),
				credentialTypes,
			});
		expect(await search('a')).toEqual({
			results: [
				{ name: 'alpha', value: 'it-1' },
				{ name: 'beta', value: 'it-2' },
			],
			paginationToken: '2',
		});
		expect(await search('a', '2')).toEqual({ results: [{ name: 'gamma', value: 'it-3' }] });
		expect(seen[0].headers.authorization).toBe('Bearer good');
	});
});

describe('testCredential: n8n credential test of a declarative test request', () => {
	const test_ = async (token: string, credentialType = fixtureApi) =>
		await testCredential({ credentialType, data: { token, baseUrl } });

	test('OK for a working credential', async () => {
		expect(await test_('good')).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a responseCode rule supplies the message', async () => {
		expect(await test_('read-only')).toEqual({
			status: 'Error',
			message: 'The token is read-only',
		});
	});

	test('a responseSuccessBody rule fails a 2xx answer', async () => {
		expect(await test_('suspended', fixtureApiBodyRule)).toEqual({
			status: 'Error',
			message: 'The account is suspended',
		});
		expect(await test_('good', fixtureApiBodyRule)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	test('other failures report the HTTP status text', async () => {
		expect(await test_('wrong')).toEqual({ status: 'Error', message: 'Unauthorized' });
	});

	test('MaiAgentApi: OK with the right key, a clear error without leaking a wrong one', async () => {
		const credentialType = new maiAgentCredentials.MaiAgentApi();
		const maiAgentBaseUrl = `${baseUrl}/api/v1/`;
		expect(
			await testCredential({ credentialType, data: { apiKey: 'good', baseUrl: maiAgentBaseUrl } }),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen[0]).toMatchObject({
			path: '/api/v1/chatbots/',
			headers: { authorization: 'Api-Key good' },
		});
		expect(Object.fromEntries(seen[0].query)).toEqual({ page: '1', pageSize: '1' });

		const wrongKey = 'sk-wrong-0123456789';
		const result = await testCredential({
			credentialType,
			data: { apiKey: wrongKey, baseUrl: maiAgentBaseUrl },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/MaiAgent rejected the API key/);
		expect(result.message).not.toContain(wrongKey);
	});
});
