// The MaiAgent Trigger under `n8n start` (2.41.1) for a few minutes against the sandbox, counting
// every message id in the executions: no duplicate, no miss. While messages arrive (bursts over many
// conversations, identical and late `createdAt`, new conversations, conversations that get a message
// while a poll walks the pages), requests are slow and fail (500, an HTML 502, 429 with Retry-After,
// dropped connections), pages hold 5 items, and n8n is restarted while a poll runs, restarted after
// a stop longer than the lookback, and the workflow is deactivated and reactivated. The list orders
// switch half way (conversations by creation, messages oldest first).
//
// Polls: four custom Poll Times a minute (every 15 s; n8n refuses a cron that fires more than once a
// minute, several times are fine), so the trigger's budget is 7.5 s.
import type { RecordedRequest } from '../../sandbox/index.cts';
import type { N8n } from '../../scripts/lib/n8n.cts';
import * as launcher from '../../scripts/lib/n8n.cts';
import * as f from './fixtures.cts';
import { DeliveryCount, prng } from '../helpers/delivery.cts';

const TRIGGER = 'MaiAgent Trigger';
const LOOKBACK_S = 20;
const POLL_SECONDS = [0, 15, 30, 45];
const PAGE = 5;
/** Share of API requests that fail (spread over the four kinds of fault). */
const FAULT_RATE = 0.12;
const SOAK_TIMEOUT_MS = 15 * 60_000;
/** Conversations the run writes in, at most. */
const MAX_CONVERSATIONS = 30;
/** How long the calm end may take to emit the rest before what is left counts as missed. */
const DRAIN_MS = 150_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const BAD_GATEWAY =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe('real n8n (new): MaiAgent Trigger soak', () => {
	let workflowId: string;
	const rng = prng(Number(process.env.SOAK_SEED ?? 20261201));
	const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];

	const env = f.useN8n('new', {
		sandbox: { seed: 'empty' },
		// The trigger's own errors (a poll that fails for good) show in the log.
		n8n: { env: { N8N_LOG_LEVEL: 'info' } },
		setup: async ({ n8n }) => {
			workflowId = await n8n.importWorkflow({
				name: 'MaiAgent Trigger soak',
				nodes: [
					f.node({
						name: TRIGGER,
						type: 'n8n-nodes-maiagent.maiAgentTrigger',
						typeVersion: 1,
						parameters: {
							pollTimes: {
								item: POLL_SECONDS.map((second) => ({
									mode: 'custom',
									cronExpression: `${second} * * * * *`,
								})),
							},
							event: 'newMessage',
							source: 'all',
							messageType: 'both',
							options: { lookback: LOOKBACK_S },
						},
					}),
				],
				connections: {},
			});
			await n8n.publishWorkflow(workflowId);
		},
	});

	test(
		'every message exactly once through bursts, moves, faults, restarts and a reactivation',
		async () => {
			const { control, store, events } = env.sandbox;
			control.setMaxPageSize(PAGE);
			control.setLatency('conversations/', 50);
			control.setLatency('messages/', 50);

			/** Every message written, labelled with the phase it was written in. */
			const delivery = new DeliveryCount();
			let phase = 'by activity';
			const conversations: string[] = [];
			let newest = 0;
			let inject = false;
			const stats = {
				messages: 0,
				bursts: 0,
				identical: 0,
				late: 0,
				moved: 0,
				faults: 0,
				restarts: 0,
				reactivations: 0,
			};
			const write = (conversationId: string | undefined, createdAt: number) => {
				const message = control.injectMessage({
					conversationId,
					inboxId: conversationId ? undefined : pick(store.inboxes).id,
					createdAt,
					type: rng() < 0.5 ? 'incoming' : 'outgoing',
				});
				if (!conversationId) conversations.push(message.conversationId);
				delivery.inject(message.id, phase);
				newest = Math.max(newest, createdAt);
				stats.messages++;
			};
			const onTime = () => Math.max(Date.now(), newest);
			// A new conversation now and then, up to MAX_CONVERSATIONS; else one of them.
			const target = () =>
				conversations.length < 5 || (conversations.length < MAX_CONVERSATIONS && rng() < 0.1)
					? undefined
					: pick(conversations);

			// While a poll runs: faults on some requests (armed as one arrives, for the next), and a
			// later page of conversations moves one of the least active conversations to the top.
			const onRequest = (request: RecordedRequest) => {
				if (!request.path.startsWith('/api/v1/')) return;
				if (inject && request.path.endsWith('/conversations/') && 'cursor' in request.query) {
					if (rng() < 0.5 && conversations.length > 0) {
						const quiet = store
							.conversationsByActivity((c) => conversations.includes(c.id))
							.slice(-5);
						write(pick(quiet).id, onTime());
						stats.moved++;
					}
				}
				if (rng() < FAULT_RATE) {
					stats.faults++;
					const kind = rng();
					if (kind < 0.25) control.fail({ times: 1, status: 500 });
					else if (kind < 0.5) control.fail({ times: 1, status: 502, html: BAD_GATEWAY });
					else if (kind < 0.75) control.fail({ times: 1, status: 429, retryAfter: 1 });
					else control.fail({ times: 1, reset: true });
				}
			};
			events.on('request', onRequest);

			// Messages arrive all along: a burst over many conversations now and then, else one or two.
			let since = 0;
			const arrive = async () => {
				while (inject) {
					if (rng() < 0.15) {
						stats.bursts++;
						const at = onTime();
						for (let i = 0; i < 8 + Math.floor(rng() * 8); i++) write(target(), at);
					} else {
						const r = rng();
						if (r < 0.2 && newest > 0) {
							write(pick(conversations), newest);
							stats.identical++;
						} else if (r < 0.4 && newest > 0) {
							// Late, within the lookback (never before the trigger's start).
							const late = onTime() - Math.floor(rng() * (LOOKBACK_S - 5) * 1000);
							write(pick(conversations), Math.max(since, late));
							stats.late++;
						} else write(target(), onTime());
					}
					await sleep(1_000 + rng() * 2_000);
				}
			};
			let arrivals: Promise<void> | undefined;

			const apiRequests = () => env.sandbox.requests.filter((r) => r.path.startsWith('/api/v1/'));
			const pollStarted = async (what: string) => {
				const before = apiRequests().length;
				await launcher.waitFor(
					what,
					async () => (apiRequests().length > before ? true : undefined),
					60_000,
				);
			};

			try {
				await env.n8n.start();
				await env.n8n.setupOwner();
				await env.n8n.createApiKey();
				// The activation poll sets the start; messages come from then on.
				await pollStarted('the activation poll');
				await sleep(3_000);
				inject = true;
				since = Date.now();
				arrivals = arrive();
				await sleep(45_000);

				// A restart while a poll runs.
				await pollStarted('a poll to restart during');
				await env.n8n.stop();
				stats.restarts++;
				await env.n8n.start();
				await sleep(40_000);

				// Half way: the other list orders.
				control.setListOrder({ conversations: 'created', messages: 'oldest' });
				phase = 'by creation';
				await sleep(25_000);

				// Stopped for longer than the lookback (the start adds to it).
				await env.n8n.stop();
				stats.restarts++;
				await sleep((LOOKBACK_S + 10) * 1000);
				await env.n8n.start();
				await sleep(40_000);

				// Deactivated for longer than the lookback, then active again.
				await env.n8n.api(`/workflows/${workflowId}/deactivate`, 'POST');
				await sleep((LOOKBACK_S + 10) * 1000);
				await env.n8n.api(`/workflows/${workflowId}/activate`, 'POST');
				stats.reactivations++;
				await sleep(30_000);
			} finally {
				inject = false;
				await arrivals;
			}
			// Calm: no more faults or moves; the polls drain what is left (a backlog takes a few).
			events.off('request', onRequest);
			control.reset();
			control.setMaxPageSize(PAGE);
			control.setListOrder({ conversations: 'created', messages: 'oldest' });
			const calm = Date.now();
			let executions: Awaited<ReturnType<N8n['executions']>> = [];
			for (;;) {
				await sleep(15_000);
				executions = await env.n8n.executions(workflowId);
				delivery.clearEmitted();
				for (const execution of executions)
					for (const item of launcher.nodeOutput(execution, TRIGGER))
						delivery.emit(String(item.json.id));
				if (delivery.allEmitted()) break;
				if (Date.now() - calm > DRAIN_MS) break;
			}
			const drainS = Math.round((Date.now() - calm) / 1000);
			const { duplicates, misses, extras } = delivery.tally();
			const missesByPhase = delivery.missesByLabel();
			// Polls: bursts of API requests at least 3 s apart.
			let polls = 0;
			let last = -Infinity;
			for (const request of apiRequests()) {
				if (request.at - last > 3_000) polls++;
				last = request.at;
			}
			console.log(
				`MaiAgent Trigger soak (n8n ${env.n8n.install.n8nVersion}): ${JSON.stringify({
					...stats,
					conversations: conversations.length,
					requests: apiRequests().length,
					polls,
					executions: executions.length,
					emitted: delivery.emittedCount,
					drainS,
					duplicates,
					misses,
					missesByPhase,
					extras,
				})}`,
			);
			expect(executions.length).toBeLessThan(250); // one page of the executions list
			expect({ duplicates, misses, extras }).toEqual({ duplicates: 0, misses: 0, extras: 0 });
			expect(stats.messages).toBeGreaterThan(50);
			expect(stats.moved).toBeGreaterThan(0);
			expect(stats.faults).toBeGreaterThan(0);
		},
		SOAK_TIMEOUT_MS,
	);
});
