/**
 * Waiting for many knowledge-base files at once: every file in flight joins one watch, and one
 * list of the knowledge base (newest first, read only as far as the files in flight) tells all of
 * them their status. A first sync of 40 files then costs a few lists, not a status read per file
 * and poll. MaiAgent's 429 answers slow the lists down (the transport honours Retry-After).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { fileStatus } from '../../shared/helpers/fileStatus';
import { fetchAll } from '../../shared/transport/pagination';
import type { RequestScope } from '../../shared/transport/retry';
import { isFinal } from './upload';

interface Waiter {
	file: IDataObject;
	deadline: number;
	resolve: (file: IDataObject) => void;
	reject: (error: unknown) => void;
}

/**
 * First pause between lists, and the longest: each list that finishes no file makes the next pause
 * 1.5 times longer, each that finishes some makes it one step shorter. Files joining do not shorten
 * it: a list serves every file in flight, so a steady stream of new files costs no extra lists.
 */
const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 5000;

export class ProcessingWatch {
	private readonly waiting = new Map<string, Waiter>();
	private running = false;
	/** How far the pause has grown (see FIRST_PAUSE_MS). */
	private idle = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly knowledgeBase: string,
		private readonly scope: RequestScope,
	) {}

	/**
	 * The file once `done` or `failed`, or as last listed when `timeoutMs` is up (or marked
	 * `deleted` when it left the knowledge base meanwhile).
	 */
	async wait(file: IDataObject, timeoutMs: number): Promise<IDataObject> {
		const result = new Promise<IDataObject>((resolve, reject) => {
			const deadline = Date.now() + timeoutMs;
			this.waiting.set(String(file.id), { file, deadline, resolve, reject });
		});
		if (!this.running) {
			this.idle = 0;
			void this.run();
		}
		return await result;
	}

	private async run(): Promise<void> {
		this.running = true;
		try {
			while (this.waiting.size) {
				await sleep(Math.min(FIRST_PAUSE_MS * 1.5 ** this.idle, LONGEST_PAUSE_MS, this.untilDue()));
				await this.poll();
			}
		} catch (error) {
			// The transport already retried: the files waiting now fail with the list's error.
			for (const waiter of this.waiting.values()) waiter.reject(error);
			this.waiting.clear();
		} finally {
			this.running = false;
		}
	}

	/** Milliseconds until the nearest deadline (at least 0). */
	private untilDue(): number {
		const nearest = Math.min(...[...this.waiting.values()].map((waiter) => waiter.deadline));
		return Math.max(0, nearest - Date.now());
	}

	/** One list, read until every file in flight was seen; settles the finished and the overdue. */
	private async poll(): Promise<void> {
		const ids = new Set(this.waiting.keys());
		const listed = await fetchAll(
			this.ctx,
			{ url: `knowledge-bases/${this.knowledgeBase}/files/` },
			this.scope,
			{ limit: ids.size, filter: (file) => ids.has(String(file.id)) },
		);
		const found = new Map(listed.map((file) => [String(file.id), file]));
		const now = Date.now();
		let finished = 0;
		for (const id of ids) {
			const waiter = this.waiting.get(id)!;
			const file = found.get(id) ?? { ...waiter.file, status: 'deleted' };
			waiter.file = file;
			if (!isFinal(fileStatus(file)) && found.has(id) && now < waiter.deadline) continue;
			this.waiting.delete(id);
			waiter.resolve(file);
			finished++;
		}
		this.idle = finished ? Math.max(0, this.idle - 1) : this.idle + 1;
	}
}
