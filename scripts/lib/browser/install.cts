/**
 * What the browser layer and scripts/screenshots.cts need: Debian's Chromium and a CJK font
 * (scripts/install-chromium.sh, apt-get when missing) and the pinned n8n versions in the cache
 * (scripts/install-n8n.sh). Both are no-ops when everything is there.
 */
import childProcess from 'node:child_process';
import path from 'node:path';
import type { N8nVersion } from '../n8n.cts';

function run(script: string, args: string[]): void {
	const file = path.resolve(__dirname, '../..', script);
	const result = childProcess.spawnSync(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0)
		throw new Error(
			`${file} ${args.join(' ')} failed (exit ${result.status}): see its output above`,
		);
}

export function installBrowserTools(versions: N8nVersion[]): void {
	run('install-chromium.sh', []);
	for (const version of versions) run('install-n8n.sh', [version]);
}
