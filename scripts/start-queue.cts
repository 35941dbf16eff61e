/**
 * `npm start -- --queue`: the demo of scripts/start.cts on a local n8n queue-mode cluster, the
 * deployment of README "Scaling out (queue mode)": Postgres and Redis (scripts/queue-services.sh,
 * installed from Debian's packages when missing), n8n 2.41.1 main on N8N_PORT, two `n8n worker`
 * processes and an `n8n webhook` processor, each with its own user folder and the package.
 * Everything is kept in `<demo folder>-queue/` between runs (`--fresh` starts over).
 */
import type { QueueCluster } from './lib/queue.cts';
import path from 'node:path';
import * as queue from './lib/queue.cts';

/** The cluster, prepared (nothing running yet): start.cts imports into main, then starts it. */
export async function prepareQueueDemo(n8nPort: number, demoFolder: string): Promise<QueueCluster> {
	return await queue.QueueCluster.prepare('new', {
		workers: queue.DEFAULT_WORKERS,
		webhookProcessor: true,
		folder: queueFolder(demoFolder),
		mainPort: n8nPort,
	});
}

export function queueFolder(demoFolder: string): string {
	return `${demoFolder}-queue`;
}

/** What stopping the cluster stops, for the banner's Ctrl-C line. */
export function clusterParts(cluster: QueueCluster): string {
	const workers = cluster.workers.length;
	return [
		'n8n main',
		`${workers} ${workers === 1 ? 'worker' : 'workers'}`,
		...(cluster.webhook ? ['the webhook processor'] : []),
		'Postgres',
		'Redis',
	].join(', ');
}

/** Banner lines about the cluster's processes; `show` prints a path as the rest of the banner does. */
export function describeCluster(cluster: QueueCluster, show: (file: string) => string): string {
	const line = (label: string, value: string) => `  ${label.padEnd(14)} ${value}`;
	return [
		'  Queue mode:',
		line('Postgres', `127.0.0.1:${cluster.services.pgPort} (database n8n, user n8n)`),
		line('Redis', `127.0.0.1:${cluster.services.redisPort}`),
		...cluster.workers.map((worker, i) =>
			line(
				`Worker ${i + 1}`,
				`health ${worker.url}/healthz/readiness  log ${show(worker.logFile)}`,
			),
		),
		...(cluster.webhook
			? [
					line(
						'Webhooks',
						`${cluster.webhook.url}/webhook/…  (webhook processor; log ${show(cluster.webhook.logFile)})`,
					),
				]
			: []),
		`  Each execution runs on a worker: its log says "Worker started execution N". Data: ${show(path.dirname(cluster.main.userFolder))}`,
		'',
	].join('\n');
}
