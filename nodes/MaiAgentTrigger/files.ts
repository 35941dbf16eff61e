/**
 * The reads of the event "Knowledge Base File Status Changed" (events/fileStatus.ts): each poll
 * lists the files of the watched knowledge bases and emits the files whose status became `done` or
 * `failed` since the previous poll, once. The state is the last status seen per file (a file first
 * seen already final changed since the previous poll too); the first poll of a knowledge base only
 * records. A file processed again entirely between two polls (done, reparsed, done) is not seen to
 * change.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fileStatus } from '../shared/helpers/fileStatus';
import { isUuid } from '../shared/helpers/validate';
import { fetchAll } from '../shared/transport/pagination';

export type FinalStatus = 'done' | 'failed';

export interface FileStatusFilters {
	knowledgeBases: string[];
	statuses: FinalStatus[];
}

/** Last status seen per file, per knowledge base: the event's state. */
export type Seen = Record<string, Record<string, string>>;

function toItem(kb: string, file: IDataObject, previous: string | undefined): IDataObject {
	const { code, message } = fileStatus(file);
	return {
		knowledgeBase: kb,
		id: file.id,
		filename: file.filename,
		status: code,
		...(message ? { statusMessage: message } : {}),
		previousStatus: previous ?? null,
		file,
	};
}

export function readFileStatusFilters(ctx: IPollFunctions): FileStatusFilters {
	const knowledgeBases = (ctx.getNodeParameter('knowledgeBases', []) as string[]).map(String);
	const bad = knowledgeBases.find((id) => !isUuid(id));
	if (!knowledgeBases.length || bad !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			bad === undefined
				? 'Choose at least one knowledge base'
				: `Knowledge base "${bad}" is not a valid MaiAgent ID`,
		);
	}
	const status = ctx.getNodeParameter('fileStatus', 'both') as string;
	const statuses: FinalStatus[] = status === 'both' ? ['done', 'failed'] : [status as FinalStatus];
	return { knowledgeBases, statuses };
}

const SCOPE = { operation: 'Poll knowledge base files', maxRetries: 3 };

/** One poll: the files that reached a watched status since the last poll, and the state to save. */
export async function pollFileStatus(
	ctx: IPollFunctions,
	seen: Seen,
	filters: FileStatusFilters,
): Promise<{ items: IDataObject[]; state: Seen }> {
	const next: Seen = {};
	const items: IDataObject[] = [];
	for (const kb of filters.knowledgeBases) {
		const files = await fetchAll(ctx, { url: `knowledge-bases/${kb}/files/` }, SCOPE);
		const before = seen[kb];
		next[kb] = {};
		for (const file of files) {
			const id = String(file.id);
			const { code } = fileStatus(file);
			next[kb][id] = code;
			const previous = before?.[id];
			if (!before || previous === code || !filters.statuses.includes(code as FinalStatus)) continue;
			items.push(toItem(kb, file, previous));
		}
	}
	return { items, state: next };
}

/** Fetch Test Event: the newest file in a watched status, as the event would give it. */
export async function latestFile(
	ctx: IPollFunctions,
	filters: FileStatusFilters,
): Promise<IDataObject[]> {
	for (const kb of filters.knowledgeBases) {
		const files = await fetchAll(ctx, { url: `knowledge-bases/${kb}/files/` }, SCOPE, {
			limit: 1,
			filter: (file) => filters.statuses.includes(fileStatus(file).code as FinalStatus),
		});
		if (files.length) return [toItem(kb, files[0], undefined)];
	}
	return [];
}
