/**
 * What the trigger's events share: the shape of an event, one overlap guard and one way to keep an
 * event's state in the node's static data. An event only says how to restore, start and move its
 * state and what Fetch Test Event shows; `poller` turns it into the trigger's poll.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

export interface TriggerEvent<S extends object> {
	/** Where its state is kept in the node's static data. */
	key: string;
	/** Fetch Test Event: what the event would emit now; the state is not touched. */
	manual(ctx: IPollFunctions): Promise<IDataObject[]>;
	/** The saved state when it still applies (readable, same start); undefined otherwise. */
	restore(ctx: IPollFunctions, saved: unknown): S | undefined;
	/** A new state: first activation, an unreadable state, or a changed start option. */
	begin(ctx: IPollFunctions): S;
	/** One poll from `state`: the new items and the state to save. Saves nothing itself. */
	poll(ctx: IPollFunctions, state: S): Promise<{ items: IDataObject[]; state: S }>;
}

/** The event's items ([] or null: nothing to emit). */
export type EventPoll = (ctx: IPollFunctions) => Promise<IDataObject[] | null>;

/** The trigger node across polls (and restarts): its workflow and node. */
export const nodeKey = (ctx: IPollFunctions) =>
	`${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id ?? ctx.getNode().name}`;

/** Trigger nodes with a poll in flight: an overlapping poll would read the same state again. */
const running = new Set<string>();

/**
 * The poll of an event: Fetch Test Event as is; otherwise one poll at a time per trigger node (an
 * overlapping one returns null), from the saved state, replaced only when the poll succeeds.
 */
export function poller<S extends object>(event: TriggerEvent<S>): EventPoll {
	return async (ctx) => {
		if (ctx.getMode() === 'manual') return await event.manual(ctx);
		const key = nodeKey(ctx);
		if (running.has(key)) return null;
		running.add(key);
		try {
			const data = ctx.getWorkflowStaticData('node');
			let state = event.restore(ctx, data[event.key]);
			if (state === undefined) {
				state = event.begin(ctx);
				// A new start ("now" at the first activation) is kept even if this first poll fails.
				data[event.key] = state as IDataObject;
			}
			const outcome = await event.poll(ctx, state);
			data[event.key] = outcome.state as IDataObject;
			return outcome.items;
		} finally {
			running.delete(key);
		}
	};
}
