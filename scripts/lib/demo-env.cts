/**
 * Defaults of `npm start`'s environment variables (scripts/start.cts). README "Environment
 * variables" states them; test/unit/docs/docs.test.cts checks that it does.
 */
import { DEFAULT_CLI_PORT } from '../../sandbox/index.cts';

export const DEMO_ENV_DEFAULTS = {
	N8N_PORT: 5678,
	SANDBOX_PORT: DEFAULT_CLI_PORT,
	CHAT_PORT: 5680,
	SANDBOX_DELTA_DELAY_MS: 40,
	MAIAGENT_BASE_URL: 'https://api.maiagent.ai/api/v1',
} as const;
