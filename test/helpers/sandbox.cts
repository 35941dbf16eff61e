/**
 * The one way a jest file gets a MaiAgent sandbox: started before the file's tests on a free port,
 * its controls reset and its requests cleared after each test, stopped after the file. Fixtures
 * that add helpers register their own `beforeAll` after calling this one (jest runs them in order).
 */
import type { Sandbox, SandboxOptions } from '../../sandbox/index.cts';
import { startSandbox } from '../../sandbox/index.cts';

/** A scale seed takes seconds to build on a busy machine. */
const START_TIMEOUT_MS = 120_000;

export function useSandbox(options: SandboxOptions = {}): { sandbox: Sandbox } {
	const fixture = {} as { sandbox: Sandbox };
	beforeAll(async () => {
		fixture.sandbox = await startSandbox({ port: 0, ...options });
	}, START_TIMEOUT_MS);
	afterEach(() => {
		fixture.sandbox.control.reset();
		fixture.sandbox.control.clearRequests();
	});
	afterAll(async () => await fixture.sandbox?.stop());
	return fixture;
}
