/**
 * Jest global setup of the e2e layer: installs both pinned n8n versions into the cache at once
 * (a no-op when they are there), so a fresh machine runs `npm test` without a separate step.
 */
import childProcess from 'node:child_process';
import path from 'node:path';

export default function installN8n(): void {
	const script = path.resolve(__dirname, '../../scripts/install-n8n.sh');
	const result = childProcess.spawnSync(script, ['all'], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	if (result.status !== 0)
		throw new Error(`${script} all failed (exit ${result.status}): see its output above`);
}
