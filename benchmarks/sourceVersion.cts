/**
 * 1,000 unchanged Google-Drive-like files, synced again (issue 32, item 6). Today's path downloads
 * every file (one request and all its bytes each) and lets Sync find by SHA-256 that nothing
 * changed; with source versions, Knowledge Base File > Find Changes compares the listing's
 * `md5Checksum` with what Sync stored and outputs nothing, so nothing is downloaded and Sync does
 * not run. The figures: bytes read from the source and requests (downloads + MaiAgent) of each path.
 * The sandbox runs in this process with processing set to 0 ms.
 */
import { createHash } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MaiAgent } from '../nodes/MaiAgent/MaiAgent.node';
import type { Sandbox } from '../sandbox/index.cts';
import { startSandbox } from '../sandbox/index.cts';
import { maiAgentCredentials, runNode } from '../scripts/lib/engine.cts';
import { api, rawUpload } from './knowledgeSync.cts';
import { round, timed } from './measure.cts';

const FILES = 1_000;

interface DriveFile {
	id: string;
	name: string;
	mimeType: string;
	md5Checksum: string;
	size: number;
	bytes: Buffer;
}

const drive: DriveFile[] = Array.from({ length: FILES }, (_, i) => {
	const bytes = Buffer.from(`Document ${i}\n\n${'Some policy text. '.repeat(40)}`);
	return {
		id: `1AbCdEfGh${String(i).padStart(6, '0')}`,
		name: `doc-${String(i).padStart(4, '0')}.txt`,
		mimeType: 'text/plain',
		md5Checksum: createHash('md5').update(bytes).digest('hex'),
		size: bytes.length,
		bytes,
	};
});

/** Google Drive Search's items: the file's fields, no content. */
const listing: INodeExecutionData[] = drive.map(({ bytes: _bytes, ...file }) => ({ json: file }));

/** Google Drive Download for these items: one request and the file's bytes each. */
function download(items: INodeExecutionData[]): { items: INodeExecutionData[]; bytes: number } {
	let bytes = 0;
	const downloaded = items.map((item) => {
		const file = drive.find((entry) => entry.id === item.json.id)!;
		bytes += file.bytes.length;
		const data = {
			data: file.bytes.toString('base64'),
			mimeType: file.mimeType,
			fileName: file.name,
		};
		return { json: item.json, binary: { data } };
	});
	return { items: downloaded, bytes };
}

async function run(sb: Sandbox, parameters: INodeParameters, input: INodeExecutionData[]) {
	const { output, error } = await runNode({
		nodeType: new MaiAgent(),
		parameters,
		credentials: maiAgentCredentials(sb),
		input,
	});
	if (error) throw new Error(error.message);
	return output[0];
}

const knowledgeBase = (kb: string) => ({ __rl: true, mode: 'id', value: kb });
const syncParameters = (kb: string): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation: 'sync',
	knowledgeBase: knowledgeBase(kb),
	binaryPropertyName: 'data',
	key: '={{ $json.id }}',
	options: { sourceVersion: '={{ $json.md5Checksum }}', removeMissing: true },
});

/** The knowledge base as a first sync with source versions leaves it: every file processed. */
async function seed(sb: Sandbox, kb: string): Promise<void> {
	for (const file of drive) {
		await rawUpload(
			sb,
			kb,
			{ name: file.name, bytes: file.bytes },
			{
				n8nSyncId: 'n8n',
				n8nSyncKey: file.id,
				n8nSyncSha256: createHash('sha256').update(file.bytes).digest('hex'),
				n8nSyncVersion: file.md5Checksum,
			},
		);
	}
	while (!sb.knowledge.filesOf(kb).every((file) => file.status === 'done'))
		await new Promise((resolve) => setImmediate(resolve));
}

export interface SourceVersionFigures {
	src_files: number;
	src_today_bytes_read: number;
	src_today_requests: number;
	src_today_ms: number;
	src_find_bytes_read: number;
	src_find_requests: number;
	src_find_ms: number;
}

export async function benchSourceVersion(): Promise<SourceVersionFigures> {
	const sb = await startSandbox({ port: 0, seed: 'empty' });
	try {
		sb.control.knowledge.setFileProcessing(/./, { initialMs: 0, processingMs: 0 });
		const kb = ((await api(sb, 'POST', 'knowledge-bases/', { name: 'drive' })) as { id: string })
			.id;
		await seed(sb, kb);

		sb.control.clearRequests();
		const today = await timed(async () => {
			const { items, bytes } = download(listing);
			const out = await run(sb, syncParameters(kb), items);
			if (!out.every((item) => item.json.status === 'unchanged'))
				throw new Error(
					`changed: ${JSON.stringify(out.find((item) => item.json.status !== 'unchanged')?.json)}`,
				);
			return { bytes, downloads: items.length, maiagent: sb.requests.length };
		});

		sb.control.clearRequests();
		const find = await timed(async () => {
			const changed = await run(
				sb,
				{
					resource: 'knowledgeBaseFile',
					operation: 'findChanges',
					knowledgeBase: knowledgeBase(kb),
					key: '={{ $json.id }}',
					sourceVersion: '={{ $json.md5Checksum }}',
					options: { removeMissing: true },
				},
				listing,
			);
			const { items, bytes } = download(changed);
			if (items.length) await run(sb, { ...syncParameters(kb), options: {} }, items);
			return { bytes, downloads: items.length, maiagent: sb.requests.length };
		});
		return {
			src_files: FILES,
			src_today_bytes_read: today.value.bytes,
			src_today_requests: today.value.downloads + today.value.maiagent,
			src_today_ms: round(today.ms, 0),
			src_find_bytes_read: find.value.bytes,
			src_find_requests: find.value.downloads + find.value.maiagent,
			src_find_ms: round(find.ms, 0),
		};
	} finally {
		await sb.stop();
	}
}
