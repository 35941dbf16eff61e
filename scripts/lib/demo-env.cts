/**
 * Defaults of `npm start`'s environment variables (scripts/start.cts). README "Environment
 * variables" states them; test/unit/docs/docs.test.cts checks that it does.
 */
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_CLI_PORT } from '../../sandbox/index.cts';

export const DEMO_ENV_DEFAULTS = {
	N8N_PORT: 5678,
	SANDBOX_PORT: DEFAULT_CLI_PORT,
	CHAT_PORT: 5680,
	SANDBOX_DELTA_DELAY_MS: 40,
	MAIAGENT_BASE_URL: 'https://api.maiagent.ai/api/v1',
} as const;

/** The cache of scripts/install-n8n.sh (n8n installs, the demo's default folder), as it finds it. */
export function cacheDir(): string {
	return (
		process.env.N8N_CACHE_DIR ||
		path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-maiagent')
	);
}
