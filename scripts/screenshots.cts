/**
 * `npm run screenshots`: regenerates the README's screenshots
 * (docs/screenshots/*.png) by running the browser test layer (test/browser) with
 * UPDATE_SCREENSHOTS=1. The layer starts its own `npm start` on free ports and headless Chromium
 * (scripts/install-chromium.sh installs it when missing), so nothing needs to run beforehand; build
 * first (`npm run build`). Every step's screenshot also lands in test-results/browser/.
 */
import childProcess from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');

const result = childProcess.spawnSync(
	process.execPath,
	[require.resolve('jest/bin/jest'), '--selectProjects', 'browser'],
	{ cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, UPDATE_SCREENSHOTS: '1' } },
);
if (result.status !== 0) {
	console.error('[screenshots] the browser layer failed: docs/screenshots may be partly updated');
	process.exitCode = result.status ?? 1;
}
