/**
 * Jest global setup of the browser layer: Debian's Chromium and a CJK font
 * (scripts/install-chromium.sh, apt-get when missing) and n8n 2.41.1 and 2.8.4 in the cache
 * (scripts/install-n8n.sh). Both are no-ops when everything is there.
 */
import childProcess from 'node:child_process';
import path from 'node:path';

function run(script: string, args: string[]): void {
	const file = path.resolve(__dirname, '../../scripts', script);
	const result = childProcess.spawnSync(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0)
		throw new Error(
			`${file} ${args.join(' ')} failed (exit ${result.status}): see its output above`,
		);
}

export default function installBrowserLayer(): void {
	run('install-chromium.sh', []);
	run('install-n8n.sh', ['new']);
	// The node-panel search cases run on both pinned versions.
	run('install-n8n.sh', ['old']);
}
