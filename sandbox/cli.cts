/**
 * `npm run sandbox [-- --port 8787] [--scale [conversations:messages]] [--api-key KEY]
 *  [--delta-delay-ms MS] [--reply-delay-ms MS] [--kb-file-status string|object]
 *  [--kb-file-created array|page] [--kb-fail-files REGEX] [--batch-qa-delay-ms MS]`
 * Prints exactly `MAIAGENT_BASE_URL=…` and `MAIAGENT_API_KEY=…` on stdout, then serves until
 * SIGINT/SIGTERM. Environment fallbacks: SANDBOX_PORT, SANDBOX_API_KEY, SANDBOX_DELTA_DELAY_MS.
 */
import type { SeedOption } from './seed.cts';
import util from 'node:util';
import * as sandbox from './index.cts';

function parseScale(value: string | undefined): SeedOption {
	if (value === undefined) return 'default';
	if (value === '' || value === 'true') return sandbox.DEFAULT_SCALE;
	const [conversations, messages] = value.split(':').map(Number);
	if (!Number.isInteger(conversations) || !Number.isInteger(messages))
		throw new Error(`--scale expects <conversations>:<messages>, got "${value}"`);
	return { conversations, messages };
}

function number(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0)
		throw new Error(`${name} expects a non-negative number, got "${value}"`);
	return parsed;
}

function oneOf<T extends string>(
	value: string | undefined,
	allowed: T[],
	name: string,
): T | undefined {
	if (value === undefined) return undefined;
	if (!(allowed as string[]).includes(value))
		throw new Error(`${name} expects ${allowed.join(' or ')}, got "${value}"`);
	return value as T;
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	// `--scale` may stand alone: give it an empty value so parseArgs accepts it as a string option.
	const scaleAt = argv.indexOf('--scale');
	if (scaleAt !== -1 && (argv[scaleAt + 1] === undefined || argv[scaleAt + 1].startsWith('--')))
		argv.splice(scaleAt + 1, 0, '');
	const { values } = util.parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			scale: { type: 'string' },
			'api-key': { type: 'string' },
			'delta-delay-ms': { type: 'string' },
			'reply-delay-ms': { type: 'string' },
			'kb-file-status': { type: 'string' },
			'kb-file-created': { type: 'string' },
			'kb-fail-files': { type: 'string' },
			'batch-qa-delay-ms': { type: 'string' },
		},
	});
	const env = process.env;
	const started = await sandbox.startSandbox({
		port: number(values.port ?? env.SANDBOX_PORT, '--port') ?? sandbox.DEFAULT_CLI_PORT,
		apiKey: values['api-key'] ?? env.SANDBOX_API_KEY,
		seed: parseScale(values.scale),
		replyDelayMs: number(values['reply-delay-ms'], '--reply-delay-ms'),
		knowledge: {
			fileStatus: oneOf(values['kb-file-status'], ['string', 'object'], '--kb-file-status'),
			fileCreated: oneOf(values['kb-file-created'], ['array', 'page'], '--kb-file-created'),
		},
	});
	// Knowledge files named like this end `failed` (e.g. to try MaiAgent's fix_failed_files.py).
	if (values['kb-fail-files'])
		started.control.knowledge.setFileProcessing(new RegExp(values['kb-fail-files']), {
			fail: true,
		});
	const deltaDelayMs = number(
		values['delta-delay-ms'] ?? env.SANDBOX_DELTA_DELAY_MS,
		'--delta-delay-ms',
	);
	if (deltaDelayMs !== undefined) started.control.setStream({ deltaDelayMs });
	// Pause between two answers of a Batch QA question set (default 1000 ms).
	const batchQaDelayMs = number(values['batch-qa-delay-ms'], '--batch-qa-delay-ms');
	if (batchQaDelayMs !== undefined) sandbox.batchQaOf(started.store).delayMs = batchQaDelayMs;
	// With the trailing slash of MaiAgent's `.env.example`: the examples append paths to it directly.
	process.stdout.write(
		`MAIAGENT_BASE_URL=${started.baseUrl}/\nMAIAGENT_API_KEY=${started.apiKey}\n`,
	);
	const stop = () => {
		started.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`sandbox: ${error.message}\n`);
	process.exit(1);
});
