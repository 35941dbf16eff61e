// Test layers (README "Development"): unit, contract (the sandbox), engine (nodes run by n8n-core
// against the sandbox), e2e (real n8n processes), queue (a real n8n queue-mode cluster on Postgres
// and Redis) and browser (the editor in headless Chromium). `npm test` runs every layer.
const transform = {
	'^.+\\.c?ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.tools.json', diagnostics: false }],
};

const layer = (name, extra = {}) => ({
	displayName: name,
	testMatch: [`<rootDir>/test/${name}/**/*.test.cts`],
	transform,
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	testEnvironment: 'node',
	...extra,
});

// Jest's 5 s default is a hang guard that a busy machine trips on heavier tests: tests assert
// behaviour, never speed (that is what the benchmarks measure).
const HANG_GUARD_MS = 60_000;

module.exports = {
	projects: [
		layer('unit', { testTimeout: HANG_GUARD_MS }),
		layer('contract', { testTimeout: HANG_GUARD_MS }),
		layer('engine', { testTimeout: HANG_GUARD_MS }),
		layer('e2e', { slowTestThreshold: 60, globalSetup: '<rootDir>/test/e2e/setup.cts' }),
		layer('queue', { slowTestThreshold: 120, globalSetup: '<rootDir>/test/e2e/setup.cts' }),
		layer('browser', { slowTestThreshold: 120, globalSetup: '<rootDir>/test/browser/setup.cts' }),
	],
};
