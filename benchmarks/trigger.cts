/** One idle MaiAgent Trigger poll against 10,000 conversations: requests and time (median of 7). */
import { startSandbox } from '../sandbox/index.cts';
import { measurePoll } from '../scripts/lib/measure-poll.cts';
import { median, round } from './measure.cts';

export interface TriggerFigures {
	trigger_idle_requests: number;
	trigger_idle_ms: number;
}

export async function benchTrigger(runs = 7): Promise<TriggerFigures> {
	const sandbox = await startSandbox({
		port: 0,
		seed: { conversations: 10_000, messages: 50_000 },
	});
	try {
		const staticData = {};
		await measurePoll(sandbox, { staticData }); // first activation: the cursor starts at "now"
		await measurePoll(sandbox, { staticData }); // warm-up
		const polls = [];
		for (let i = 0; i < runs; i++) polls.push(await measurePoll(sandbox, { staticData }));
		if (polls.some((poll) => poll.items !== 0)) throw new Error('an idle poll emitted items');
		return {
			trigger_idle_requests: Math.max(...polls.map((poll) => poll.requests)),
			trigger_idle_ms: round(median(polls.map((poll) => poll.ms))),
		};
	} finally {
		await sandbox.stop();
	}
}

if (require.main === module) benchTrigger().then((figures) => console.table(figures));
