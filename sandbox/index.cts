/**
 * The MaiAgent sandbox: a faithful fake of MaiAgent's REST API on 127.0.0.1. See sandbox/README.md.
 */
import type { AddressInfo } from 'node:net';
import type { SandboxControl } from './controls.cts';
import type { RecordedRequest } from './server.cts';
import type { SeedOption } from './seed.cts';
import type { App } from './http.cts';
import events from 'node:events';
import * as batchQa from './batchQa.cts';
import * as controls from './controls.cts';
import * as knowledge from './knowledge.cts';
import * as seed from './seed.cts';
import * as server from './server.cts';
import * as storeModule from './store.cts';
import { deliverStored } from './webhooks.cts';

export type {
	SandboxControl,
	StreamVariant,
	FailOptions,
	InjectMessageOptions,
	ListOrder,
	RouteMatcher,
} from './controls.cts';
export type { RecordedRequest } from './server.cts';
export type { BatchQa, BatchQaBook, BatchQaRow, BatchQaTurn } from './batchQa.cts';
export { batchQaOf, DEFAULT_BATCH_QA_DELAY_MS } from './batchQa.cts';
export type * from './knowledge.cts';
export type { SeedOption } from './seed.cts';
export { historyEpoch, SEED_CHATBOT_ID, SEED_WEB_CHAT_ID } from './seed.cts';
export type * from './store.cts';
export import Store = storeModule.Store;

export const DEFAULT_API_KEY = 'maiagent-sandbox-key';
export const DEFAULT_REPLY_DELAY_MS = 100;
/** `npm run sandbox`'s port when neither `--port` nor `SANDBOX_PORT` says (also `npm start`'s). */
export const DEFAULT_CLI_PORT = 8787;
/** `npm run sandbox -- --scale` without a size. */
export const DEFAULT_SCALE = { conversations: 10_000, messages: 50_000 };

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	apiKey?: string;
	seed?: SeedOption;
	/** Delay before the assistant's asynchronous reply to `POST messages/` (default 100 ms). */
	replyDelayMs?: number;
	/** Answer forms of the knowledge-base routes (default: status string, file-create array). */
	knowledge?: knowledge.KnowledgeAnswerForms;
}

export interface Sandbox {
	/** 'http://127.0.0.1:<port>/api/v1' */
	baseUrl: string;
	/** 'http://127.0.0.1:<port>' */
	origin: string;
	apiKey: string;
	store: storeModule.Store;
	control: SandboxControl;
	requests: RecordedRequest[];
	/** 'request' (RecordedRequest), 'delta' ({index, content, at}), 'streamEnd' ({conversationId, deltas, cut, at}). */
	events: events.EventEmitter;
	/** Knowledge bases, labels, files, FAQs and chunks (sandbox/knowledge.cts). */
	knowledge: knowledge.Knowledge;
	stop(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const store = new storeModule.Store();
	const state = new controls.Controls(opts.replyDelayMs ?? DEFAULT_REPLY_DELAY_MS);
	const emitter = new events.EventEmitter();
	const requests: RecordedRequest[] = [];
	const pending = new Set<NodeJS.Timeout>();
	const app: App = {
		store,
		controls: state,
		events: emitter,
		apiKey: opts.apiKey ?? DEFAULT_API_KEY,
		origin: '',
		later(ms, work) {
			const timer = setTimeout(() => {
				pending.delete(timer);
				work();
			}, ms);
			pending.add(timer);
		},
	};
	const httpServer = server.createServer(app, requests);
	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
	});
	app.origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	seed.seed(app, opts.seed ?? 'default');
	const kb = knowledge.knowledgeOf(store, opts.knowledge);
	if ((opts.seed ?? 'default') === 'default') knowledge.seed(app, kb);

	const control: SandboxControl = {
		injectMessage: (options) => controls.injectMessage(store, options),
		setLatency: (route, ms) => state.setLatency(route, ms),
		fail: (options) => state.fail(options),
		setStream: (variant) => {
			state.stream = { ...state.stream, ...variant };
		},
		setMessagesPagination: (style) => {
			state.messagesPagination = style;
		},
		setContactsPagination: (style) => {
			state.contactsPagination = style;
		},
		setContactsCase: (casing) => {
			state.contactsCase = casing;
		},
		setListOrder: (order) => {
			state.listOrder = { ...state.listOrder, ...order };
		},
		setMaxPageSize: (size) => {
			state.maxPageSize = Math.max(0, Math.floor(size));
		},
		setReplyDelay: (ms) => {
			state.replyDelayMs = ms;
		},
		setWebhook: (settings) => {
			state.webhook = { ...state.webhook, ...settings };
		},
		deliverWebhook: (messageId) => deliverStored(app, messageId),
		reset: () => {
			state.reset();
			kb.reset();
			batchQa.batchQaOf(store).reset();
		},
		clearRequests: () => {
			requests.length = 0;
		},
		knowledge: knowledge.control(kb),
	};

	return {
		baseUrl: `${app.origin}/api/v1`,
		origin: app.origin,
		apiKey: app.apiKey,
		store,
		control,
		requests,
		events: emitter,
		knowledge: kb,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				for (const timer of pending) clearTimeout(timer);
				pending.clear();
				httpServer.close((error) => (error ? reject(error) : resolve()));
				httpServer.closeAllConnections();
			}),
	};
}
