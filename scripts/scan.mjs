// The scanner's lint leg (@n8n/scan-community-package), offline: lint the source tree the way the
// scanner lints the provenance-attested checkout, then `npm pack` and lint the unpacked tarball the
// way it lints the published package. Exits non-zero on any error. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'maiagent-scan-'));

function report(label, result) {
	console.log(`${result.passed ? 'PASS' : 'FAIL'} ${label}${result.message ? `: ${result.message}` : ''}`);
	if (result.details) console.log(result.details);
	return result.passed;
}

try {
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', join(work, filename), '-C', work]);
	const tarball = await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']);
	const ok = [report('source tree', source), report(`tarball ${filename}`, tarball)].every(Boolean);
	process.exitCode = ok ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
