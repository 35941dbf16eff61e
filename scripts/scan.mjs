// The scanner's lint leg (@n8n/scan-community-package), offline: lint the source tree the way the
// scanner lints the provenance-attested checkout, then `npm pack` and lint the unpacked tarball the
// way it lints the published package, and check what the tarball holds. Exits non-zero on any
// error. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'maiagent-scan-'));

function report(label, result) {
	console.log(
		`${result.passed ? 'PASS' : 'FAIL'} ${label}${result.message ? `: ${result.message}` : ''}`,
	);
	if (result.details) console.log(result.details);
	return result.passed;
}

try {
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const [{ filename, files }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	// The tarball holds what n8n loads (compiled nodes and credentials, their icons and codex
	// files) and the package's README, LICENSE and package.json: nothing else, nothing missing.
	const paths = files.map((file) => file.path);
	const extra = paths.filter(
		(path) =>
			!/^(package\.json|README\.md|LICENSE|dist\/(nodes|credentials)\/.+\.(js|svg|node\.json))$/.test(
				path,
			),
	);
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials]
		.flatMap((js) => (js.endsWith('.node.js') ? [js, js.replace(/\.js$/, '.json')] : [js]))
		.filter((path) => !paths.includes(path));
	const contents = report(`tarball contents (${paths.length} files)`, {
		passed: extra.length === 0 && missing.length === 0,
		message: [
			extra.length && `not for n8n: ${extra.join(', ')}`,
			missing.length && `missing: ${missing.join(', ')}`,
		]
			.filter(Boolean)
			.join('; '),
	});
	execFileSync('tar', ['-xzf', join(work, filename), '-C', work]);
	const tarball = await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']);
	const ok = [
		report('source tree', source),
		report(`tarball ${filename}`, tarball),
		contents,
	].every(Boolean);
	process.exitCode = ok ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
