/**
 * Engine-layer test harness: runs our nodes through n8n's own execution code — n8n-core's
 * WorkflowExecute and ExecuteContext, PollContext, HookContext/WebhookContext, LoadOptionsContext,
 * httpRequestWithAuthentication (axios) and BinaryDataService — inside jest, without an n8n
 * server. HTTP goes out for real, so point credentials at a server on 127.0.0.1.
 *
 * API
 * - runNode({ nodeType, parameters, credentials?, input?, typeVersion?, continueOnFail?, mode?,
 *   onChunk? })
 *     Builds a two-node Workflow (a "Start" node handing `input` on, then the node under test) and
 *     runs it with WorkflowExecute, which calls the node's `execute()` with an ExecuteContext, as
 *     n8n does (MaiAgent.node.ts's `execute()` runs the operation nodes/MaiAgent/router.ts picks,
 *     once per item). Resolves to `{ output, error }`: `output` is the node's output branches;
 *     `error` is the execution error n8n records when the node fails without continue-on-fail (a
 *     plain copy of the thrown NodeApiError/NodeOperationError, `name` included, as stored in the
 *     execution), or when the run cannot start (WorkflowHasIssuesError: required parameter empty,
 *     validation failed).
 *     `onChunk` turns streaming on the way n8n's CLI does for a Chat Trigger or a streaming Webhook:
 *     `additionalData.streamingEnabled` plus a `sendChunk` lifecycle hook. `this.isStreaming()` is
 *     then true in 'manual' | 'webhook' | 'integrated' | 'chat' mode, and every `sendChunk` reaches
 *     `onChunk` before the node's `await this.sendChunk(...)` resolves. Without `onChunk` it is false.
 * - runPoll({ nodeType, parameters, credentials, staticData, mode?, pollBudgetMs? })
 *     Calls the node's `poll` with a PollContext through n8n-core's TriggersAndPollers.
 *     `getWorkflowStaticData('node')` is `staticData` itself (mutated in place: JSON round-trip it
 *     between calls to mimic n8n persisting it); mode defaults to 'trigger' (an active workflow),
 *     'manual' is "Fetch test event"; `pollBudgetMs` backs `this.getPollBudgetMs()`.
 * - listSearch({ nodeType, method, filter?, paginationToken?, parameters?, credentials })
 *     Calls `methods.listSearch[method]` with a LoadOptionsContext, as the editor's resource locator does.
 * - loadOptions({ nodeType, method, parameters?, credentials, path? })
 *     Calls `methods.loadOptions[method]` with a LoadOptionsContext (an options list in the editor).
 * - testCredential({ credentialType, data })
 *     n8n's credential test for the credential's declarative `test.request` (+ `rules`), as the
 *     CLI's CredentialsTester runs it: a RoutingNode request in 'internal' mode (the only use of
 *     RoutingNode here; the nodes themselves are programmatic).
 * - runHook({ ..., method }) / runWebhook({ ..., request })
 *     The webhook trigger's `webhookMethods` (checkExists / create / delete) with a HookContext,
 *     and its `webhook()` for one request with a WebhookContext, in the CLI's modes.
 * - binaryBuffer(item, prop = 'data') — the bytes of a binary property, via BinaryDataService.
 * - storeBinary(file, { fileName, mimeType }) — a file streamed into the binary data store (an `id`).
 *
 * What stands in for n8n's CLI package (not installed): the ICredentialsHelper (HarnessCredentials),
 * the node-types registry (NodeTypes), IWorkflowExecuteAdditionalData (additionalDataFor) and the
 * credential tester (testCredential). Each mirrors the CLI's logic for what our package uses;
 * OAuth, external secrets, credential overwrites and sub-workflows are not supported.
 * Nodes run as type `n8n-nodes-maiagent.<description.name>`, named after their displayName.
 *
 * Setup happens once per jest file (module scope): DI container, instance settings in a temp
 * folder, binary data in filesystem mode under that folder (n8n's default mode), logs silent
 * unless N8N_LOG_LEVEL is set.
 */
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	getAdditionalKeys,
	HookContext,
	InstanceSettings,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	TriggersAndPollers,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import { MaiAgentApi } from '../../credentials/MaiAgentApi.credentials';
import { createRunExecutionData, NodeHelpers, setSafeRegexEngine, Workflow } from 'n8n-workflow';
import type * as di from '@n8n/di';
import type * as n8nConfig from '@n8n/config';
import type {
	ExecutionError,
	IAuthenticateGeneric,
	IBinaryData,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialsHelper,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	NodeExecutionHint,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IVersionedNodeType,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	StructuredChunk,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
} from 'n8n-workflow';

// n8n-core ships its own copies of @n8n/di and @n8n/config: the container that n8n-core reads
// is only reachable through its own module resolution.
const coreRequire = nodeModule.createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di') as typeof di;
const { GlobalConfig, InstanceSettingsConfig } = coreRequire('@n8n/config') as typeof n8nConfig;

// n8n checks parameters (resource locator IDs, regex validations) with safeRegex: a vm with a
// 250 ms wall-clock timeout, which a loaded CPU trips on healthy input ("Regular expression
// execution timed out"). Tests assert behaviour, never speed: the same checks, native.
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags = '') =>
		Array.from(input.matchAll(new RegExp(pattern, flags.includes('g') ? flags : `${flags}g`))),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});

const PACKAGE = 'n8n-nodes-maiagent';
/** The package's credential types: the ones `credentials` can name. */
const CREDENTIAL_TYPES: ICredentialType[] = [new MaiAgentApi()];

/** The MaiAgent credential of a sandbox (or any MaiAgent API), as `credentials` takes it. */
export function maiAgentCredentials(
	target: { apiKey: string; baseUrl: string },
	apiKey = target.apiKey,
): Credentials {
	return { maiAgentApi: { apiKey, baseUrl: target.baseUrl } };
}
/** The temporary node a credential test runs as (the CLI tells it apart the same way). */
const CREDENTIAL_TEST_NODE = 'credentialTest';

export type NodeTypeLike = INodeType | IVersionedNodeType;
type Credentials = Record<string, ICredentialDataDecryptedObject>;

export interface RunNodeOptions {
	/** The node under test, e.g. `new MaiAgent()`. */
	nodeType: NodeTypeLike;
	/** Parameters as the editor saves them (resource locators as `{ __rl: true, mode, value }`). */
	parameters: INodeParameters;
	/** Decrypted credential data by credential type name, e.g. `{ maiAgentApi: { apiKey, baseUrl } }`. */
	credentials?: Credentials;
	/** Items fed to the node (default: one empty item, like a Manual Trigger). */
	input?: INodeExecutionData[];
	/** The node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** The node setting "On Error" as a workflow saves it (overrides `continueOnFail`). */
	onError?: INode['onError'];
	/** Execution mode (default 'manual'). */
	mode?: WorkflowExecuteMode;
	/** A streaming consumer for the run: receives every chunk, in order. */
	onChunk?: (chunk: StructuredChunk) => void;
	/** The node's version in the workflow (default the newest): a workflow saved with an older one. */
	typeVersion?: number;
}

export interface RunNodeResult {
	output: INodeExecutionData[][];
	error?: ExecutionError;
	/** The workflow's static data after the run (n8n saves it when a node changed it). */
	staticData: IDataObject;
	/** Set when the node put the execution to wait (`putExecutionToWait`): until when. */
	waitTill?: Date;
	/** The run's execution id (what resume URLs name). */
	executionId: string;
	/** The execution hints the node added (`addExecutionHints`), as the editor shows them. */
	hints?: NodeExecutionHint[];
}

export interface PollOptions {
	nodeType: NodeTypeLike;
	parameters: INodeParameters;
	credentials?: Credentials;
	/** The node's static data; mutated in place. */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	pollBudgetMs?: number;
}

export interface ListSearchOptions {
	nodeType: NodeTypeLike;
	method: string;
	filter?: string;
	paginationToken?: string;
	/** The node's current parameters, as `getCurrentNodeParameter()` sees them. */
	parameters?: INodeParameters;
	credentials?: Credentials;
}

// ---------------------------------------------------------------------------------------------
// One-time setup: quiet logs (set N8N_LOG_LEVEL to see them), instance settings and binary data
// in a temp folder.

if (!process.env.N8N_LOG_LEVEL) Container.get(GlobalConfig).logging.level = 'silent';

const instanceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-engine-harness-'));
const removeInstanceFolder = () => fs.rmSync(instanceFolder, { recursive: true, force: true });
// After the jest file; at exit when a script (e.g. a benchmark) loads the harness.
if (typeof afterAll === 'function') afterAll(removeInstanceFolder);
else process.once('exit', removeInstanceFolder);
Container.set(InstanceSettingsConfig, {
	n8nFolder: path.join(instanceFolder, '.n8n'),
	userHome: instanceFolder,
	encryptionKey: 'engine-harness',
	enforceSettingsFilePermissions: false,
});
const ready: Promise<void> = Container.get(BinaryDataService).init();

// ---------------------------------------------------------------------------------------------
// Node types

/** A trigger stand-in that hands the run's input items on (the Manual/Chat Trigger's place). */
const startNodeType: INodeType = {
	description: {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Hands the harness input on',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

/** The node-types registry (the CLI's NodeTypes / LoadNodesAndCredentials). */
class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, NodeTypeLike> = {}) {}

	getByName(name: string): NodeTypeLike {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const type = this.types[name];
		return type && NodeHelpers.getVersionedNodeType(type, version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function typeNameOf(nodeType: NodeTypeLike): string {
	return `${PACKAGE}.${nodeType.description.name}`;
}

function latestVersionOf(nodeType: NodeTypeLike): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function nodeOf(
	nodeType: NodeTypeLike,
	parameters: INodeParameters,
	credentials?: Credentials,
): INode {
	return {
		id: `${nodeType.description.name}-id`,
		name: nodeType.description.displayName,
		type: typeNameOf(nodeType),
		typeVersion: latestVersionOf(nodeType),
		position: [200, 0],
		parameters,
		...(credentials && {
			credentials: Object.fromEntries(
				Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
			),
		}),
	};
}

// ---------------------------------------------------------------------------------------------
// Credentials

/** Evaluates credential expressions for workflow-less callers, as the CLI does with a mock node. */
const mockNode: INode = {
	id: 'mock',
	name: 'mock',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const mockWorkflow = new Workflow({
	nodes: [mockNode],
	connections: {},
	active: false,
	nodeTypes: new NodeTypes(),
});

/**
 * The CLI's CredentialsHelper over plain (already decrypted) data: defaults applied and
 * expressions resolved on read, a credential type's generic `authenticate` block resolved and
 * applied to each request, `preAuthentication` for expirable tokens, `extends` for parent types.
 */
class HarnessCredentials implements ICredentialsHelper {
	private readonly types: Map<string, ICredentialType>;

	constructor(
		types: ICredentialType[],
		private readonly data: Credentials,
	) {
		this.types = new Map(types.map((type) => [type.name, type]));
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return (this.types.get(name)?.extends ?? []).flatMap((parent) => [
			parent,
			...this.getParentTypes(parent),
		]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		return !type?.restrictToSupportedNodes || (type.supportedNodes ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: WorkflowType = mockWorkflow,
		node: INode = mockNode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			const resolve = (value: string) => {
				if (value.charAt(0) !== '=') return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [section, entries] of Object.entries(
				(authenticate as IAuthenticateGeneric).properties,
			)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					target[section][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node.type === `${PACKAGE}.${CREDENTIAL_TEST_NODE}`;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) {
			throw new Error(
				'The property returned by preAuthentication does not match the expirable property',
			);
		}
		Object.assign(credentials, output);
		if (node.credentials?.[typeName])
			await this.updateCredentials(node.credentials[typeName], typeName, credentials);
		return credentials;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.type(typeName);
		return typeof preAuthentication === 'function'
			? ((await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error(
			'Encrypted credential objects (OAuth flows) are not supported by the engine harness',
		);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.data[type];
		if (!stored) throw new Error(`No credential data for "${type}"`);
		if (raw) return stored;
		return this.applyDefaults(
			type,
			stored,
			additionalData,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** The CLI's applyDefaultsAndOverwrites (there are no overwrites here). */
	applyDefaults(
		type: string,
		data: ICredentialDataDecryptedObject,
		additionalData: IWorkflowExecuteAdditionalData,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		resolveWith?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		const additionalKeys = getAdditionalKeys(additionalData, mode, null);
		const parameters = withDefaults as INodeParameters;
		if (resolveWith) {
			return resolveWith.workflow.expression.getParameterValue(
				parameters,
				resolveWith.runExecutionData,
				resolveWith.runIndex,
				resolveWith.itemIndex,
				resolveWith.node.name,
				resolveWith.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				parameters,
			) as ICredentialDataDecryptedObject;
		}
		return mockWorkflow.expression.getComplexParameterValue(
			mockNode,
			parameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			parameters,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_node: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.data[type] = data;
	}

	async updateCredentialsOauthTokenData(
		node: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		await this.updateCredentials(node, type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const { properties, extends: parents } = this.type(type);
		if (!parents) return properties;
		const combined: INodeProperties[] = [];
		for (const parent of parents)
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(combined, properties);
		return combined;
	}
}

// ---------------------------------------------------------------------------------------------
// Execution plumbing

let executionCounter = 0;

/** IWorkflowExecuteAdditionalData as the CLI's WorkflowExecuteAdditionalData.getBase builds it. */
function additionalDataFor(
	credentialsHelper: ICredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the engine harness`);
	};
	return {
		credentialsHelper,
		executionId: `harness-${++executionCounter}`,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: unsupported('Sub-workflow execution'),
		startRunnerTask: unsupported('Task runners'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		...extra,
	} as IWorkflowExecuteAdditionalData;
}

function workflowOf(
	nodeTypes: NodeTypeLike[],
	nodes: INode[],
	connections: IConnections = {},
): WorkflowType {
	return new Workflow({
		id: 'harness-workflow',
		name: 'Engine harness',
		nodes,
		connections,
		active: false,
		nodeTypes: new NodeTypes(Object.fromEntries(nodeTypes.map((type) => [typeNameOf(type), type]))),
		settings: { executionOrder: 'v1' },
	});
}

// ---------------------------------------------------------------------------------------------
// Public API

export async function runNode(o: RunNodeOptions): Promise<RunNodeResult> {
	await ready;
	const mode = o.mode ?? 'manual';
	const start = nodeOf(startNodeType, {});
	const node: INode = {
		...nodeOf(o.nodeType, o.parameters, o.credentials),
		...(o.typeVersion !== undefined && { typeVersion: o.typeVersion }),
		...(o.continueOnFail && { onError: 'continueRegularOutput' as const }),
		...(o.onError && { onError: o.onError }),
	};
	const workflow = workflowOf([startNodeType, o.nodeType], [start, node], {
		[start.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	});

	const additionalData = additionalDataFor(
		new HarnessCredentials(CREDENTIAL_TYPES, { ...o.credentials }),
	);
	const hooks = new ExecutionLifecycleHooks(mode, additionalData.executionId!, {
		id: workflow.id,
		name: workflow.name,
		nodes: [start, node],
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
		active: false,
	} as IWorkflowBase);
	if (o.onChunk) {
		const onChunk = o.onChunk;
		hooks.addHandler('sendChunk', (chunk) => onChunk(chunk));
		additionalData.streamingEnabled = true;
	}
	additionalData.hooks = hooks;

	// A trigger-started run (webhook, chat, manual trigger) begins with the trigger's items on the stack.
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [o.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	let run: IRun;
	try {
		run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
			workflow,
		);
	} catch (error) {
		// A run that cannot start (WorkflowHasIssuesError: a required parameter left empty, a value
		// failing its validation) is recorded by the CLI's WorkflowRunner as the execution's error.
		return {
			output: [],
			error: { ...error, message: error.message, stack: error.stack },
			staticData: workflow.staticData,
			executionId: additionalData.executionId!,
		};
	}
	const task = run.data.resultData.runData[node.name]?.[0];
	return {
		output: (task?.data?.main ?? []) as INodeExecutionData[][],
		error: task?.error ?? run.data.resultData.error,
		staticData: workflow.staticData,
		waitTill: run.waitTill ?? undefined,
		executionId: additionalData.executionId!,
		hints: task?.hints ?? [],
	};
}

export async function runPoll(o: PollOptions): Promise<INodeExecutionData[][] | null> {
	await ready;
	const mode = o.mode ?? 'trigger';
	const node = nodeOf(o.nodeType, o.parameters, o.credentials);
	const workflow = workflowOf([o.nodeType], [node]);
	const additionalData = additionalDataFor(
		new HarnessCredentials(CREDENTIAL_TYPES, { ...o.credentials }),
	);
	const { pollBudgetMs } = o;
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => o.staticData,
		pollBudgetMs === undefined ? undefined : () => pollBudgetMs,
	);
	return await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
}

export async function listSearch(o: ListSearchOptions): Promise<INodeListSearchResult> {
	await ready;
	const parameters = o.parameters ?? {};
	const node = nodeOf(o.nodeType, { ...parameters }, o.credentials);
	const workflow = workflowOf([o.nodeType], [node]);
	const method = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods
		?.listSearch?.[o.method];
	if (!method) throw new Error(`The node has no listSearch method "${o.method}"`);
	const additionalData = additionalDataFor(
		new HarnessCredentials(CREDENTIAL_TYPES, { ...o.credentials }),
		{
			currentNodeParameters: parameters,
		},
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	return await method.call(context, o.filter, o.paginationToken);
}

/** Calls `methods.loadOptions[method]` with a LoadOptionsContext, as the editor's option lists do. */
export async function loadOptions(
	o: Omit<ListSearchOptions, 'filter' | 'paginationToken'> & {
		/** The parameter whose options these are, as the editor names it (`parameters.a.b[0].c`): `&x` in its method reads a sibling. */
		path?: string;
	},
): Promise<INodePropertyOptions[]> {
	await ready;
	const parameters = o.parameters ?? {};
	const node = nodeOf(o.nodeType, { ...parameters }, o.credentials);
	const workflow = workflowOf([o.nodeType], [node]);
	const method = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods
		?.loadOptions?.[o.method];
	if (!method) throw new Error(`The node has no loadOptions method "${o.method}"`);
	const additionalData = additionalDataFor(
		new HarnessCredentials(CREDENTIAL_TYPES, { ...o.credentials }),
		{ currentNodeParameters: parameters },
	);
	return await method.call(new LoadOptionsContext(workflow, node, additionalData, o.path ?? ''));
}

export async function testCredential(o: {
	credentialType: ICredentialType;
	data: ICredentialDataDecryptedObject;
}): Promise<{ status: 'OK' | 'Error'; message: string }> {
	await ready;
	const { credentialType } = o;
	const testRequest = credentialType.test;
	if (!testRequest)
		throw new Error(`Credential type "${credentialType.name}" has no declarative test request`);
	const mode = 'internal';
	const helper = new HarnessCredentials([credentialType], { [credentialType.name]: o.data });
	const additionalData = additionalDataFor(helper);

	// The CLI's CredentialsTester: a temporary node whose only property routes the test request.
	const tempType: INodeType = {
		description: {
			displayName: 'Temp-Node',
			name: CREDENTIAL_TEST_NODE,
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node = nodeOf(tempType, {}, { [credentialType.name]: o.data });
	const workflow = workflowOf([tempType], [node]);
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		createRunExecutionData(),
		0,
		inputData.main[0],
		inputData,
		{ data: {}, source: null, node },
		[],
	);
	try {
		const data = helper.applyDefaults(credentialType.name, o.data, additionalData, mode);
		await new RoutingNode(context, tempType, {
			id: node.id,
			name: credentialType.name,
			type: credentialType.name,
			data,
		}).runNode();
	} catch (error) {
		const status: number | undefined = error.cause?.response?.status;
		if (status !== undefined) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: String(error.cause.code) };
		}
		return { status: 'Error', message: String(error.message) };
	}
	// The CLI also applies `responseSuccessBody` rules here; the MaiAgent credential has none.
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * A file stored in the harness's binary data (filesystem mode, n8n's default), streamed in: the
 * binary property a node such as Read Files from Disk outputs, with an `id` and no `data` in memory.
 */
export async function storeBinary(
	file: string,
	meta: { fileName: string; mimeType: string },
): Promise<IBinaryData> {
	await ready;
	const location = { type: 'execution' as const, workflowId: 'harness', executionId: 'stored' };
	return await Container.get(BinaryDataService).store(location, fs.createReadStream(file), {
		data: '',
		fileName: meta.fileName,
		mimeType: meta.mimeType,
	});
}

/** The secret n8n signs resume URLs with (`getSignedResumeUrl`), as its waiting webhooks check them. */
export function hmacSignatureSecret(): string {
	return Container.get(InstanceSettings).hmacSignatureSecret;
}

export async function binaryBuffer(item: INodeExecutionData, prop = 'data'): Promise<Buffer> {
	await ready;
	const binary = item.binary?.[prop];
	if (!binary) throw new Error(`The item has no binary property "${prop}"`);
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

// ---------------------------------------------------------------------------------------------
// Webhook triggers

export interface WebhookTriggerOptions {
	nodeType: NodeTypeLike;
	parameters: INodeParameters;
	credentials?: Credentials;
	/** The workflow's static data (`node:<name>` keys), shared by calls and mutated in place. */
	staticData: IDataObject;
	/** The node's `webhookId`, the unguessable part of its URL (default a fixed UUID). */
	webhookId?: string;
	/** An editor test (Test URL) rather than the active workflow (Production URL). */
	test?: boolean;
	/** Default 'harness-workflow'. */
	workflowId?: string;
	/** The node's version in the workflow (default the newest): a workflow saved with an older one. */
	typeVersion?: number;
}

export const HARNESS_WEBHOOK_ID = '0d5c6e1f-2a3b-4c5d-8e9f-a0b1c2d3e4f5';

function webhookSetup(
	o: WebhookTriggerOptions,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
) {
	const node = {
		...nodeOf(o.nodeType, o.parameters, o.credentials),
		...(o.typeVersion !== undefined && { typeVersion: o.typeVersion }),
		webhookId: o.webhookId ?? HARNESS_WEBHOOK_ID,
	};
	const workflow = new Workflow({
		id: o.workflowId ?? 'harness-workflow',
		name: 'Engine harness',
		nodes: [node],
		connections: {},
		active: !o.test,
		nodeTypes: new NodeTypes({ [typeNameOf(o.nodeType)]: o.nodeType }),
		staticData: o.staticData,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = additionalDataFor(
		new HarnessCredentials(CREDENTIAL_TYPES, { ...o.credentials }),
		extra,
	);
	const description = NodeHelpers.getVersionedNodeType(o.nodeType).description.webhooks![0];
	const webhookData = {
		httpMethod: description.httpMethod as 'POST',
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		isTest: o.test === true,
	};
	return { node, workflow, additionalData, webhookData };
}

/**
 * Calls `webhookMethods.default[method]` with n8n-core's HookContext in the modes n8n's CLI uses:
 * activation `('trigger', 'activate')` (ActiveWorkflowManager), test listening `('manual', 'manual')`
 * (TestWebhooks), and for `delete` always `('internal', 'update')`, test or not.
 */
export async function runHook(
	o: WebhookTriggerOptions & { method: 'checkExists' | 'create' | 'delete' },
): Promise<boolean | undefined> {
	await ready;
	const { node, workflow, additionalData, webhookData } = webhookSetup(o);
	const [mode, activation]: [WorkflowExecuteMode, 'activate' | 'manual' | 'update'] =
		o.method === 'delete'
			? ['internal', 'update']
			: o.test
				? ['manual', 'manual']
				: ['trigger', 'activate'];
	const type = NodeHelpers.getVersionedNodeType(o.nodeType);
	const fn = type.webhookMethods?.default?.[o.method];
	if (!fn) throw new Error(`The node has no webhookMethods.default.${o.method}`);
	const context = new HookContext(workflow, node, additionalData, mode, activation, webhookData);
	return await fn.call(context);
}

export interface WebhookCall {
	/** Default POST. */
	method?: string;
	body: unknown;
	query?: Record<string, string>;
	headers?: Record<string, string>;
}

export interface WebhookCallResult {
	/** What the node returned (`workflowData` = the items an execution would start with). */
	result: IWebhookResponseData;
	/** What the node wrote to the response itself (`noWebhookResponse`), if anything. */
	response?: { status: number; body: unknown };
	/** The headers the node set on the response (lower-case names). */
	headers: Record<string, string>;
	/** The production (or test) URL the node sees. */
	url: string;
}

/** Calls the node's `webhook` with n8n-core's WebhookContext for one HTTP request. */
export async function runWebhook(
	o: WebhookTriggerOptions & { request: WebhookCall },
): Promise<WebhookCallResult> {
	await ready;
	let response: { status: number; body: unknown } | undefined;
	let status = 200;
	const headers: Record<string, string> = {};
	const res = {
		status(code: number) {
			status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			headers[name.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			response = { status, body };
			return res;
		},
		send(body: unknown) {
			response = { status, body };
			return res;
		},
		end(body?: unknown) {
			response = { status, body };
			return res;
		},
	};
	const req = {
		method: o.request.method ?? 'POST',
		body: o.request.body,
		query: o.request.query ?? {},
		headers: { 'content-type': 'application/json', ...o.request.headers },
		params: {},
	};
	const { node, workflow, additionalData, webhookData } = webhookSetup(o, {
		httpRequest: req as never,
		httpResponse: res as never,
	});
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		o.test ? 'manual' : 'webhook',
		webhookData,
		[],
		null,
	);
	const type = NodeHelpers.getVersionedNodeType(o.nodeType);
	const result = await type.webhook!.call(context);
	return { result, response, headers, url: context.getNodeWebhookUrl('default') ?? '' };
}
