/**
 * The folder-sync example's Sync node (its parameters and On Error setting as the example saves
 * them) run through n8n-core: one empty file and one MaiAgent does not take go to the error output
 * with their input item's fields (the file name), while the other files sync and Remove Missing
 * still removes (issue 32, item 8). The whole example in a real n8n: test/e2e/knowledge-sync.test.cts.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INode, INodeExecutionData } from 'n8n-workflow';

import { useSandbox } from './fixture.cts';
import { newKnowledgeBase } from '../../../helpers/knowledge.cts';

const sb = useSandbox({ seed: 'empty' });
// A hang guard (jest's project-level testTimeout does not apply): syncs wait for processing.
jest.setTimeout(60_000);

const example = JSON.parse(
	fs.readFileSync(
		path.resolve(__dirname, '../../../../examples/sync-folder-into-knowledge-base.json'),
		'utf8',
	),
) as { nodes: INode[] };
const syncNode = example.nodes.find((node) => node.type === 'n8n-nodes-maiagent.maiAgent')!;

/** Items as Read Files from Disk gives them: `fileName` in the JSON, the bytes in `data`. */
const folder = (files: Record<string, string>): INodeExecutionData[] =>
	Object.entries(files).map(([fileName, text]) => ({
		json: { fileName },
		binary: {
			data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName },
		},
	}));

async function runExample(kb: string, files: Record<string, string>) {
	const parameters = {
		...syncNode.parameters,
		knowledgeBase: { __rl: true, mode: 'id', value: kb },
	};
	return await sb.run(parameters, { input: folder(files), onError: syncNode.onError });
}

describe('examples/sync-folder-into-knowledge-base.json', () => {
	it('one bad file goes to the error output; the rest syncs and removes', async () => {
		const kb = await newKnowledgeBase(sb.sandbox);
		await runExample(kb, { 'a.txt': 'A', 'gone.txt': 'G' });
		const { output, error } = await runExample(kb, {
			'a.txt': 'A2',
			'empty.txt': '',
			'tool.exe': 'MZ',
			'new.md': '# N',
		});
		expect(error).toBeUndefined();
		const [synced, failed] = output.map((items) => items.map((item) => item.json));
		expect(synced.map((o) => [o.key, o.status])).toEqual([
			['a.txt', 'replaced'],
			['new.md', 'created'],
			['gone.txt', 'removed'],
		]);
		// n8n fills an error item with its input item's fields: Read Files from Disk's file name.
		expect(failed).toEqual([
			{ fileName: 'empty.txt', error: 'File "empty.txt" is empty' },
			{
				fileName: 'tool.exe',
				error: 'File "tool.exe" is of a type MaiAgent\'s knowledge bases do not take',
			},
		]);
		const files = sb.sandbox.knowledge.filesOf(kb).map((f) => [f.filename, f.status]);
		expect(files.sort()).toEqual([
			['a.txt', 'done'],
			['new.md', 'done'],
		]);
	});
});
