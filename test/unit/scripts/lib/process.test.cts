// The n8n launcher (scripts/lib/n8n.cts) reads `n8n execute`'s output (the run data as JSON) from a pipe.
import { run } from '../../../../scripts/lib/process.cts';

describe('run() reading a command', () => {
	it('keeps non-ASCII output over 64 KB whole (characters split between pipe reads)', async () => {
		// 3-byte characters: a 64 KB pipe read ends inside one; the pause makes a second split.
		const script = `
			const text = '退貨請於七天內提出申請。'.repeat(8000);
			const bytes = Buffer.from(text);
			process.stderr.write(bytes.subarray(0, 100_000));
			process.stdout.write(bytes.subarray(0, 100_000), () =>
				setTimeout(() => {
					process.stdout.write(bytes.subarray(100_000));
					process.stderr.write(bytes.subarray(100_000));
				}, 50),
			);
		`;
		const expected = '退貨請於七天內提出申請。'.repeat(8000);
		const result = await run(process.execPath, ['-e', script], { timeoutMs: 60_000 });
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(expected);
		expect(result.stderr).toBe(expected);
	});
});
