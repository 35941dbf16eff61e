/**
 * New Message: messages written in the watched conversations, by users, the assistant or both.
 * `poll.ts` runs one poll of a pass, `walk.ts` walks the conversations, `cursor.ts` keeps the
 * state, `budget.ts` bounds a poll's time, `manual.ts` is Fetch Test Event.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toMillis } from '../../shared/helpers/time';
import { budgetFor, pollBudgetMs } from '../budget';
import type { MessageType, TriggerState } from '../cursor';
import { restoreState } from '../cursor';
import { latestMessage } from '../manual';
import { pollNewMessages } from '../poll';
import type { Filters } from '../walk';
import type { TriggerEvent } from './event';
import { nodeKey } from './event';

/**
 * Trigger nodes that polled in this process: the first poll after activation or a restart is
 * shorter.
 */
const polled = new Set<string>();

/** What the state starts from: Start From, or "now" (the activation) when it is empty. */
const originOf = (ctx: IPollFunctions) =>
	(ctx.getNodeParameter('options.startAt', '') as string) || 'now';

function readFilters(ctx: IPollFunctions): Filters {
	const source = ctx.getNodeParameter('source', 'all') as string;
	const ids = (name: string) =>
		source === name ? ((ctx.getNodeParameter(name, []) as string[]) ?? []).map(String) : [];
	const conversation = ctx.getNodeParameter('options.conversation', '', { extractValue: true }) as
		| string
		| IDataObject;
	return {
		source,
		chatbots: ids('chatbots'),
		inboxes: ids('inboxes'),
		type: ctx.getNodeParameter('messageType', 'incoming') as MessageType,
		conversation: typeof conversation === 'string' ? conversation.trim() : '',
	};
}

function begin(ctx: IPollFunctions): TriggerState {
	const startAt = ctx.getNodeParameter('options.startAt', '') as string;
	const start = startAt ? toMillis(startAt) : Date.now();
	if (start === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Start From is not a valid date: ${startAt}`);
	}
	return { origin: startAt || 'now', from: start, cursor: start, seen: {} };
}

export const newMessage: TriggerEvent<TriggerState> = {
	key: 'state',
	manual: async (ctx) => await latestMessage(ctx, readFilters(ctx)),
	restore: (ctx, saved) => restoreState(saved, originOf(ctx)),
	begin,
	poll: async (ctx, state) => {
		const key = nodeKey(ctx);
		const budgetMs = budgetFor({
			first: !polled.has(key),
			hostBudgetMs: pollBudgetMs(ctx),
			pollTimes: ctx.getNodeParameter('pollTimes', {}),
		});
		polled.add(key);
		const lookbackMs = Math.max(0, ctx.getNodeParameter('options.lookback', 60) as number) * 1000;
		return await pollNewMessages(ctx, { filters: readFilters(ctx), state, lookbackMs, budgetMs });
	},
};
