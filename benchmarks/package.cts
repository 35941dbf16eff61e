/**
 * What installing and loading the package costs: the packed tarball size, and a cold `require` of
 * the built node and credentials in a fresh Node process. n8n has n8n-workflow loaded long before
 * it loads a community package, so the fresh process loads n8n-workflow first and times only our
 * modules (`require_ms`); `require_with_peer_ms` adds n8n-workflow for reference.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { median, round } from './measure.cts';

const root = path.resolve(__dirname, '..');
const MODULES = [
	'dist/nodes/MaiAgent/MaiAgent.node.js',
	'dist/nodes/MaiAgentTrigger/MaiAgentTrigger.node.js',
	'dist/credentials/MaiAgentApi.credentials.js',
];

function requireOnce(preloadPeer: boolean): number {
	const script = `
		${preloadPeer ? "require('n8n-workflow');" : ''}
		const started = process.hrtime.bigint();
		for (const file of ${JSON.stringify(MODULES.map((m) => path.join(root, m)))}) require(file);
		process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));`;
	return Number(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

export interface PackageFigures {
	tarball_kb: number;
	tarball_files: number;
	require_ms: number;
	require_with_peer_ms: number;
}

export function benchPackage(runs = 7): PackageFigures {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }),
	) as Array<{
		size: number;
		entryCount: number;
	}>;
	const withPeer = Array.from({ length: runs }, () => requireOnce(false));
	const ours = Array.from({ length: runs }, () => requireOnce(true));
	return {
		tarball_kb: round(pack.size / 1024, 1),
		tarball_files: pack.entryCount,
		require_ms: round(median(ours)),
		require_with_peer_ms: round(median(withPeer)),
	};
}

if (require.main === module) console.table(benchPackage());
