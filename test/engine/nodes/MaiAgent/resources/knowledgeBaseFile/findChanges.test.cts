/**
 * Source versions (issue 32, item 6): Sync keeps each item's Source Version (e.g. Google Drive's
 * md5Checksum) in the file's metadata, and Find Changes compares a listing with it before anything
 * is downloaded: it outputs only the items whose content a Sync needs, and removes the files
 * whose key left the source.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { rl, useSandbox } from '../../fixture.cts';
import { newKnowledgeBase } from '../../../../../helpers/knowledge.cts';

const sb = useSandbox({ seed: 'empty' });
// A hang guard (jest's project-level testTimeout does not apply): syncs wait for processing.
jest.setTimeout(60_000);

interface DriveFile {
	id: string;
	name: string;
	md5Checksum: string;
	text: string;
}

const drive = (...files: Array<[string, string, string]>): DriveFile[] =>
	files.map(([id, name, text]) => ({ id, name, text, md5Checksum: `md5-of-${text}` }));

/** The listing (Google Drive Search): no content. */
const listing = (files: DriveFile[]): INodeExecutionData[] =>
	files.map(({ text: _text, ...json }) => ({ json: json as unknown as IDataObject }));

/** What Download gives for the listed items: their bytes, the listing's JSON kept. */
const downloaded = (files: DriveFile[], items: IDataObject[]): INodeExecutionData[] =>
	items.map((json) => {
		const file = files.find((f) => f.id === json.id)!;
		return {
			json,
			binary: {
				data: {
					data: Buffer.from(file.text).toString('base64'),
					mimeType: 'text/plain',
					fileName: file.name,
				},
			},
		};
	});

const findChanges = (kb: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation: 'findChanges',
	knowledgeBase: rl(kb),
	key: '={{ $json.id }}',
	sourceVersion: '={{ $json.md5Checksum }}',
	options,
});

const sync = (kb: string): INodeParameters => ({
	resource: 'knowledgeBaseFile',
	operation: 'sync',
	knowledgeBase: rl(kb),
	binaryPropertyName: 'data',
	key: '={{ $json.id }}',
	options: { sourceVersion: '={{ $json.md5Checksum }}' },
});

/** Find Changes, then Download and Sync of what it output: the ids it output. */
async function run(kb: string, files: DriveFile[], options: INodeParameters = {}) {
	const found = await sb.json(findChanges(kb, options), { input: listing(files) });
	if (found.length) await sb.json(sync(kb), { input: downloaded(files, found) });
	return found.map((item) => item.id);
}

const stored = (kb: string) =>
	sb.sandbox.knowledge
		.filesOf(kb)
		.map((f) => [f.rawUserDefineMetadata.n8nSyncKey, f.rawUserDefineMetadata.n8nSyncVersion])
		.sort();

describe('Knowledge Base File > Find Changes', () => {
	it('outputs the new and changed items only, from one list and no download', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const v1 = drive(['d1', 'a.txt', 'A'], ['d2', 'b.txt', 'B'], ['d3', 'c.txt', 'C']);
		expect(await run(kb, v1)).toEqual(['d1', 'd2', 'd3']);
		expect(stored(kb)).toEqual([
			['d1', 'md5-of-A'],
			['d2', 'md5-of-B'],
			['d3', 'md5-of-C'],
		]);
		sb.sandbox.control.clearRequests();
		const found = await sb.json(findChanges(kb), { input: listing(v1) });
		expect(found).toEqual([]);
		expect(sb.sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/knowledge-bases/${kb}/files/`],
		]);
		const v2 = drive(['d1', 'a.txt', 'A'], ['d2', 'b.txt', 'B2'], ['d4', 'd.txt', 'D']);
		const [changed, added] = await sb.json(findChanges(kb), { input: listing(v2) });
		expect([changed, added]).toEqual([listing(v2)[1].json, listing(v2)[2].json]);
	});

	it('removes the files whose key left the source, and says so in a hint, not in an item', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await run(kb, drive(['d1', 'a.txt', 'A'], ['d2', 'gone.txt', 'G']));
		const { output, error, hints } = await sb.run(findChanges(kb, { removeMissing: true }), {
			input: listing(drive(['d1', 'a.txt', 'A'])),
		});
		expect(error).toBeUndefined();
		expect(output[0]).toEqual([]);
		expect(hints).toEqual([
			{ message: 'Removed 1 file(s) no longer in the source: gone.txt', location: 'outputPane' },
		]);
		expect(stored(kb)).toEqual([['d1', 'md5-of-A']]);
	});

	it('a content equal to the stored one under a new version is not uploaded again', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await run(kb, drive(['d1', 'a.txt', 'A']));
		// Touched in Drive: a new version, the same bytes.
		const touched = [{ id: 'd1', name: 'a.txt', text: 'A', md5Checksum: 'touched' }];
		sb.sandbox.control.clearRequests();
		expect(await run(kb, touched)).toEqual(['d1']);
		expect(sb.requestsTo('upload-presigned-url/')).toHaveLength(0);
		expect(stored(kb)).toEqual([['d1', 'touched']]);
		expect(await run(kb, touched)).toEqual([]);
	});

	it('a key with a missing or duplicate source version fails before any request', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		const { error } = await sb.run(findChanges(kb), {
			input: [{ json: { id: 'd1', md5Checksum: 'x' } }, { json: { id: 'd2' } }],
		});
		expect(error?.message).toBe('Source Version is required');
		expect(sb.sandbox.requests).toHaveLength(0);
	});
});
