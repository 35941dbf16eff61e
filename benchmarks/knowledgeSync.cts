/**
 * Knowledge Base File > Sync re-run over 1,000 unchanged files, against the naive way to keep a
 * knowledge base current ("delete all, upload all": one batch delete, then presign, storage POST
 * and registration per file, 4 at a time, with undici) in the same run. Both leave the same files;
 * the figures are requests per input file and the median time of each, and their ratio. The
 * sandbox runs in this process with processing set to 0 ms, so neither side waits for parsing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { request } from 'undici';

import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import { multipartBody } from '../nodes/shared/transport/storage';
import type { Sandbox } from '../sandbox/index.cts';
import { startSandbox } from '../sandbox/index.cts';
import { maiAgentCredentials, runNode, storeBinary } from '../scripts/lib/engine.cts';
import { compare, peakRss, round } from './measure.cts';
import { startRemoteSandbox } from './server.cts';

const FILES = 1_000;
const CONCURRENCY = 4;

export interface Source {
	name: string;
	bytes: Buffer;
}

const sources: Source[] = Array.from({ length: FILES }, (_, i) => ({
	name: `doc-${String(i).padStart(4, '0')}.txt`,
	bytes: Buffer.from(`Document ${i}\n\n${'Some policy text. '.repeat(40)}`),
}));

export async function api(
	sb: Sandbox,
	method: string,
	route: string,
	body?: unknown,
): Promise<unknown> {
	const response = await request(`${sb.baseUrl}/${route}`, {
		method: method as 'GET',
		headers: { authorization: `Api-Key ${sb.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.body.text();
	if (response.statusCode >= 400)
		throw new Error(`${method} ${route}: ${response.statusCode} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Presign, storage POST, registration: what MaiAgent's upload examples do per file. */
export async function rawUpload(
	sb: Sandbox,
	kb: string,
	source: Source,
	metadata: object,
): Promise<void> {
	const presigned = (await api(sb, 'POST', 'upload-presigned-url/', {
		filename: source.name,
		modelName: 'chatbot-file',
		fieldName: 'file',
		fileSize: source.bytes.length,
	})) as { url: string; fields: Record<string, string> };
	const file = { filename: source.name, mimeType: 'text/plain', data: source.bytes };
	const { body, contentType } = multipartBody(presigned.fields, file);
	const stored = await request(presigned.url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: body as Buffer,
	});
	await stored.body.dump();
	await api(sb, 'POST', `knowledge-bases/${kb}/files/`, {
		files: [{ file: presigned.fields.key, filename: source.name, rawUserDefineMetadata: metadata }],
	});
}

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]);
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** The naive job: delete every file, upload every source again (here: with the sync's metadata). */
async function deleteAllUploadAll(sb: Sandbox, kb: string): Promise<void> {
	const ids = sb.knowledge.filesOf(kb).map((file) => file.id);
	if (ids.length) await api(sb, 'POST', `knowledge-bases/${kb}/files/batch-delete/`, { ids });
	await inPool(sources, async (source) => {
		const sha = createHash('sha256').update(source.bytes).digest('hex');
		await rawUpload(sb, kb, source, {
			n8nSyncId: 'n8n',
			n8nSyncKey: source.name,
			n8nSyncSha256: sha,
		});
	});
}

const input: INodeExecutionData[] = sources.map((source) => ({
	json: {},
	binary: {
		data: { data: source.bytes.toString('base64'), mimeType: 'text/plain', fileName: source.name },
	},
}));

async function syncRun(sb: Sandbox, kb: string): Promise<INodeExecutionData[]> {
	const { output, error } = await runNode({
		nodeType: new MaiAgent(),
		parameters: {
			resource: 'knowledgeBaseFile',
			operation: 'sync',
			knowledgeBase: { __rl: true, mode: 'id', value: kb },
			binaryPropertyName: 'data',
			key: '',
			options: { removeMissing: true },
		},
		credentials: maiAgentCredentials(sb),
		input,
	});
	if (error) throw new Error(error.message);
	return output[0];
}

export interface KnowledgeSyncFigures {
	kb_resync_files: number;
	kb_resync_requests_per_file: number;
	kb_resync_uploads: number;
	kb_naive_requests_per_file: number;
	kb_resync_ms: number;
	kb_naive_ms: number;
	kb_resync_vs_naive_ratio: number;
}

export async function benchKnowledgeSync(): Promise<KnowledgeSyncFigures> {
	const sb = await startSandbox({ port: 0, seed: 'empty' });
	try {
		sb.control.knowledge.setFileProcessing(/./, { initialMs: 0, processingMs: 0 });
		const kb = ((await api(sb, 'POST', 'knowledge-bases/', { name: 'bench' })) as { id: string })
			.id;
		await deleteAllUploadAll(sb, kb);
		// One counted run of each, for the request figures.
		sb.control.clearRequests();
		const out = await syncRun(sb, kb);
		if (!out.every((item) => item.json.status === 'unchanged'))
			throw new Error('the re-sync changed something');
		const resyncRequests = sb.requests.length;
		const resyncUploads = sb.requests.filter((r) =>
			r.path.endsWith('/upload-presigned-url/'),
		).length;
		sb.control.clearRequests();
		await deleteAllUploadAll(sb, kb);
		const naiveRequests = sb.requests.length;
		// Timed, alternately; the request log would grow by 3,000 entries per naive round.
		const timing = await compare(
			async () => {
				await syncRun(sb, kb);
				sb.control.clearRequests();
			},
			async () => {
				await deleteAllUploadAll(sb, kb);
				sb.control.clearRequests();
			},
			{ runs: 3 },
		);
		return {
			kb_resync_files: FILES,
			kb_resync_requests_per_file: round(resyncRequests / FILES, 3),
			kb_resync_uploads: resyncUploads,
			kb_naive_requests_per_file: round(naiveRequests / FILES, 3),
			kb_resync_ms: round(timing.aMs, 0),
			kb_naive_ms: round(timing.bMs, 0),
			kb_resync_vs_naive_ratio: round(timing.ratio, 3),
		};
	} finally {
		await sb.stop();
	}
}

const BIG_MB = 200;

/** A file of `mb` MiB of varied bytes (a .pdf: the sandbox makes no chunks of it), written in 1 MiB steps. */
function writeBigFile(mb: number): string {
	const file = path.join(os.tmpdir(), `maiagent-bench-${process.pid}.pdf`);
	const fd = fs.openSync(file, 'w');
	const block = Buffer.alloc(2 ** 20);
	for (let i = 0; i < mb; i++) {
		block.fill(i % 251);
		fs.writeSync(fd, block);
	}
	fs.closeSync(fd);
	return file;
}

/** What one big upload runs: the node's parameters for the sandbox, and a check of its output. */
interface BigUpload {
	/** Prefix of the figures: `<prefix>_file_mb`, `<prefix>_rss_growth_mb`, `<prefix>_ms`. */
	prefix: string;
	parameters: (target: Sandbox) => Promise<INodeParameters>;
	check: (json: IDataObject) => boolean;
}

/**
 * One node run on a 200 MiB file held in n8n's filesystem binary mode (an `id`, as Read Files from
 * Disk gives it): the RSS this process grows by, and the time. The sandbox runs in its own process,
 * so the bytes it stores do not count.
 */
async function measureBigUpload(upload: BigUpload): Promise<Record<string, number>> {
	const sandbox = await startRemoteSandbox();
	const file = writeBigFile(BIG_MB);
	try {
		const target = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl } as Sandbox;
		const parameters = await upload.parameters(target);
		const binary = await storeBinary(file, { fileName: 'big.pdf', mimeType: 'application/pdf' });
		const before = process.memoryUsage.rss();
		const started = performance.now();
		const { mb, value } = await peakRss(async () =>
			runNode({
				nodeType: new MaiAgent(),
				parameters,
				credentials: maiAgentCredentials(sandbox),
				input: [{ json: {}, binary: { data: binary } }],
			}),
		);
		if (value.error) throw new Error(value.error.message);
		if (!upload.check(value.output[0][0].json)) throw new Error(`${upload.prefix}: bad output`);
		return {
			[`${upload.prefix}_file_mb`]: BIG_MB,
			[`${upload.prefix}_rss_growth_mb`]: round(mb - before / 2 ** 20, 0),
			[`${upload.prefix}_ms`]: round(performance.now() - started, 0),
		};
	} finally {
		fs.rmSync(file, { force: true });
		sandbox.stop();
	}
}

/** Knowledge Base File > Upload of the big file: the node hashes it, then uploads it. */
export const benchKnowledgeUpload = () =>
	measureBigUpload({
		prefix: 'kb_upload',
		parameters: async (target) => {
			const kb = (await api(target, 'POST', 'knowledge-bases/', { name: 'big' })) as { id: string };
			const knowledgeBase = { __rl: true, mode: 'id', value: kb.id };
			return {
				resource: 'knowledgeBaseFile',
				operation: 'upload',
				knowledgeBase,
				binaryPropertyName: 'data',
			};
		},
		check: (json) => json.size === BIG_MB * 2 ** 20,
	});

/** Message > Send with the big file as its attachment (not streamed: the reply is not measured). */
export const benchAttachmentUpload = () =>
	measureBigUpload({
		prefix: 'attachment_upload',
		parameters: async (target) => {
			const bots = (await api(target, 'GET', 'chatbots/')) as { results: Array<{ id: string }> };
			const chatbot = { __rl: true, mode: 'id', value: bots.results[0].id };
			const options = { binaryProperties: 'data', streaming: false };
			return { resource: 'message', operation: 'send', chatbot, content: 'see the file', options };
		},
		check: (json) => typeof json.content === 'string' && json.content !== '',
	});
