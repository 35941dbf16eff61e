/**
 * The wire format of a streamed completion: SSE-style `data: {json}` events separated by blank lines,
 * deltas with `done: false`, then `{"conversationId", "content": "", "done": true, "citations"}`.
 * A `StreamVariant` (control.setStream) changes the framing the way real servers and proxies do.
 */
import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Citation } from './store.cts';
import type { StreamVariant } from './controls.cts';
import timers from 'node:timers/promises';
import perf from 'node:perf_hooks';

/** Pause between the two halves of a write split inside a UTF-8 character, so they arrive apart. */
const SPLIT_PAUSE_MS = 15;
const HEARTBEAT_EVERY = 5;

export interface StreamPlan {
	conversationId: string;
	deltas: string[];
	citations: Citation[];
	variant: StreamVariant;
	events: EventEmitter;
	/** Called once the reply is generated, before the final event (stores it). */
	onGenerated(): void;
}

function framer(variant: StreamVariant) {
	const eol = variant.crlf ? '\r\n' : '\n';
	const prefix = variant.noSpaceAfterData ? 'data:' : 'data: ';
	const lines = (data: string): string[] => {
		const comma = data.indexOf(',');
		return variant.multiLineData && comma > 0
			? [data.slice(0, comma + 1), data.slice(comma + 1)]
			: [data];
	};
	return {
		event: (data: string): string =>
			`${lines(data)
				.map((line) => `${prefix}${line}${eol}`)
				.join('')}${eol}`,
		comment: (text: string): string => `: ${text}${eol}${eol}`,
	};
}

/** Writes, waiting for 'drain' when the socket buffer is full (or for 'close' if the client left). */
function write(res: ServerResponse, chunk: string | Buffer): Promise<void> | void {
	if (res.write(chunk)) return;
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

/** Index just after the first lead byte of a multi-byte UTF-8 character, or -1. */
function utf8SplitPoint(bytes: Buffer): number {
	const lead = bytes.findIndex((b) => b >= 0xc0);
	return lead === -1 ? -1 : lead + 1;
}

/** Waits until the client closes the connection or `ms` pass, whichever comes first. */
async function pause(closed: Promise<void>, ms: number): Promise<void> {
	const timer = new AbortController();
	const elapsed = timers.setTimeout(ms, undefined, { signal: timer.signal }).catch(() => {});
	await Promise.race([closed, elapsed]);
	timer.abort();
}

export async function streamReply(res: ServerResponse, plan: StreamPlan): Promise<void> {
	const { variant, events } = plan;
	const frame = framer(variant);
	const key = variant.conversationIdKey ?? 'conversationId';
	const idJson = `"${key}":${JSON.stringify(plan.conversationId)}`;
	const gone = () => res.destroyed || res.writableEnded;
	res.writeHead(200, {
		'Content-Type': 'text/event-stream; charset=utf-8',
		'Cache-Control': 'no-cache',
		'X-Accel-Buffering': 'no',
	});
	res.flushHeaders();
	// Who closed the exchange: the server ending it (or cutting it), or the client leaving first.
	let endedByServer = false;
	const closed = new Promise<void>((resolve) =>
		res.once('close', () => {
			events.emit('streamClosed', {
				conversationId: plan.conversationId,
				by: endedByServer ? 'server' : 'client',
				at: perf.performance.now(),
			});
			resolve();
		}),
	);
	if (variant.heartbeat) await write(res, frame.comment('ping'));
	let split = !variant.splitUtf8;
	for (let index = 0; index < plan.deltas.length && !gone(); index++) {
		const content = plan.deltas[index];
		const delay = gapBefore(variant.deltaDelayMs, index);
		if (delay) await pause(closed, delay);
		if (index === plan.deltas.length - 1) await variant.beforeLastDelta?.();
		if (gone()) break;
		if (variant.heartbeat && index > 0 && index % HEARTBEAT_EVERY === 0)
			await write(res, frame.comment('ping'));
		const bytes = Buffer.from(
			frame.event(`{${idJson},"content":${JSON.stringify(content)},"done":false}`),
		);
		const cut = split ? -1 : utf8SplitPoint(bytes);
		if (cut > 0) {
			split = true;
			await write(res, bytes.subarray(0, cut));
			await timers.setTimeout(SPLIT_PAUSE_MS);
			await write(res, bytes.subarray(cut));
		} else await write(res, bytes);
		events.emit('delta', { index, content, at: perf.performance.now() });
		if (variant.malformedLine && index === 0)
			await write(res, frame.event(`{${idJson},"content":"壞掉的`));
	}
	plan.onGenerated();
	const cutBeforeDone = Boolean(variant.cutBeforeDone) && !gone();
	// End the TCP connection after the queued bytes, without the chunked-encoding terminator.
	if (cutBeforeDone) {
		endedByServer = true;
		res.socket?.end();
	} else if (!gone()) {
		if (variant.doneMarkerOnly) await write(res, frame.event('[DONE]'));
		else {
			await write(
				res,
				frame.event(
					`{${idJson},"content":"","done":true,"citations":${JSON.stringify(plan.citations)}}`,
				),
			);
			if (variant.doneLine) await write(res, frame.event('[DONE]'));
		}
		if (variant.holdOpenMs) await pause(closed, variant.holdOpenMs);
		if (!gone()) {
			endedByServer = true;
			res.end();
		}
	}
	events.emit('streamEnd', {
		conversationId: plan.conversationId,
		deltas: plan.deltas.length,
		cut: cutBeforeDone,
		at: perf.performance.now(),
	});
}

/** The pause before delta `index` (none before the first). */
function gapBefore(delays: number | number[] | undefined, index: number): number {
	if (index === 0 || delays === undefined) return 0;
	if (typeof delays === 'number') return delays;
	return delays[Math.min(index - 1, delays.length - 1)] ?? 0;
}
