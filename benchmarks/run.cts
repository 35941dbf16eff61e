/**
 * Runs benchmarks by name and prints their figures: `npm run bench:stream` is `run.cts stream`.
 * Without names it runs them all and writes every figure, flat, to benchmarks/results.json
 * (see benchmarks/README.md for what each one measures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	benchAttachmentUpload,
	benchKnowledgeSync,
	benchKnowledgeUpload,
} from './knowledgeSync.cts';
import { benchN8n } from './n8n.cts';
import { benchPackage } from './package.cts';
import { benchSourceVersion } from './sourceVersion.cts';
import { benchStream } from './stream.cts';
import { benchTrigger } from './trigger.cts';

const BENCHMARKS: Record<string, () => Promise<object>> = {
	stream: benchStream,
	trigger: benchTrigger,
	knowledgeUpload: benchKnowledgeUpload,
	attachmentUpload: benchAttachmentUpload,
	knowledgeSync: benchKnowledgeSync,
	sourceVersion: benchSourceVersion,
	package: async () => benchPackage(),
	// Last: the slowest (real n8n servers), and its figures nest under `n8n`.
	n8n: benchN8n,
};

function machine() {
	return {
		node: process.version,
		cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}`,
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		platform: `${os.platform()} ${os.release()}`,
	};
}

async function main(names: string[]): Promise<void> {
	const unknown = names.filter((name) => !(name in BENCHMARKS));
	if (unknown.length)
		throw new Error(
			`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
		);
	const started = Date.now();
	const figures: Record<string, unknown> = {};
	for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
		const result = await BENCHMARKS[name]();
		console.log(name);
		if (name === 'n8n') console.log(JSON.stringify(result, null, 2));
		else console.table(result);
		Object.assign(figures, result);
	}
	if (!names.length) {
		const file = path.join(__dirname, 'results.json');
		const record = {
			measuredAt: new Date().toISOString(),
			durationS: Math.round((Date.now() - started) / 1000),
			machine: machine(),
			...figures,
		};
		fs.writeFileSync(file, `${JSON.stringify(record, null, '\t')}\n`);
		console.log(`Figures written to ${path.relative(process.cwd(), file)} (${record.durationS} s)`);
	}
}

main(process.argv.slice(2)).catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
