/** Knowledge Base File Status Changed: files of the watched knowledge bases done or failed. */
import type { Seen } from '../files';
import { latestFile, pollFileStatus, readFileStatusFilters } from '../files';
import type { TriggerEvent } from './event';

export const fileStatusChanged: TriggerEvent<Seen> = {
	key: 'files',
	manual: async (ctx) => await latestFile(ctx, readFileStatusFilters(ctx)),
	restore: (_ctx, saved) => saved as Seen | undefined,
	// Nothing recorded yet: the first poll of each knowledge base only records.
	begin: () => ({}),
	poll: async (ctx, seen) => await pollFileStatus(ctx, seen, readFileStatusFilters(ctx)),
};
