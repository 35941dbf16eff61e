/**
 * Runs benchmarks by name and prints their figures: `npm run bench:stream` is `run.cts stream`.
 * Without names it runs them all and writes the figures to benchmarks/results.json.
 */
import fs from 'node:fs';
import path from 'node:path';

import { benchReturnAll } from './returnAll.cts';
import { benchStream } from './stream.cts';

const BENCHMARKS: Record<string, () => Promise<object>> = {
	stream: benchStream,
	returnAll: benchReturnAll,
};

async function main(names: string[]): Promise<void> {
	const unknown = names.filter((name) => !(name in BENCHMARKS));
	if (unknown.length) throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
	const results: Record<string, object> = {};
	for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
		results[name] = await BENCHMARKS[name]();
		console.log(name);
		console.table(results[name]);
	}
	if (!names.length) {
		const file = path.join(__dirname, 'results.json');
		fs.writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, '\t')}\n`);
		console.log(`Figures written to ${path.relative(process.cwd(), file)}`);
	}
}

main(process.argv.slice(2)).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
