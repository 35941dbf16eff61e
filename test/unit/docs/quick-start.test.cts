/**
 * What a new user reads first: the README's install figures match what npm and `npm start` say, and
 * the Traditional Chinese quick start is linked and matches the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const readme = read('README.md');

/** Packages `npm ci` installs on Linux x64 (what it reports as "added N packages"). */
function packagesOnLinuxX64(): number {
	const lock = JSON.parse(read('package-lock.json')) as {
		packages: Record<string, { os?: string[]; cpu?: string[]; libc?: string[] }>;
	};
	const fits = (list: string[] | undefined, wanted: string) =>
		!list || list.some((v) => v === wanted || (v.startsWith('!') && v !== `!${wanted}`));
	return Object.entries(lock.packages).filter(
		([key, p]) => key !== '' && fits(p.os, 'linux') && fits(p.cpu, 'x64') && fits(p.libc, 'glibc'),
	).length;
}

describe('README install figures', () => {
	it("states npm ci's package count from the lockfile", () => {
		expect(readme).toContain(`\`added ${packagesOnLinuxX64()} packages\` on Linux x64`);
	});

	it('states the n8n install time that npm start prints (also in the zh-TW guide)', () => {
		const printed = /once; (\d+)-(\d+) minutes/.exec(read('scripts/start.cts'));
		expect(printed).not.toBeNull();
		const [, low, high] = printed!;
		expect(readme.match(new RegExp(`${low} to ${high} minutes`, 'g'))).toHaveLength(2);
		expect(read('docs/quick-start.zh-TW.md')).toContain(`約 ${low} 到 ${high} 分鐘`);
	});
});

describe('Traditional Chinese quick start', () => {
	const guide = read('docs/quick-start.zh-TW.md');

	it('is linked from the README', () => {
		expect(readme).toContain('](docs/quick-start.zh-TW.md)');
	});

	it('links only to files and README sections that exist', () => {
		const links = [...guide.matchAll(/\]\(([^)#]+?)(?:#([^)]+))?\)/g)].filter(
			([, target]) => !/^https?:/.test(target),
		);
		expect(links.length).toBeGreaterThan(0);
		const slug = (heading: string) =>
			heading
				.toLowerCase()
				.replace(/[^\w\s-]/g, '')
				.trim()
				.replace(/\s+/g, '-');
		const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map(([, heading]) => slug(heading));
		for (const [, target, anchor] of links) {
			const file = path.join(ROOT, 'docs', target);
			expect(fs.existsSync(file)).toBe(true);
			if (anchor) expect(anchors).toContain(anchor);
		}
	});

	it('names the three nodes as n8n shows them', () => {
		for (const name of ['MaiAgent', 'MaiAgent Trigger', 'MaiAgent Webhook Trigger'])
			expect(guide).toContain(`**${name}**`);
	});
});
