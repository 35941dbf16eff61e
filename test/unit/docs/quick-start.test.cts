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

	it('lists the example workflows the README lists, which are those of examples/', () => {
		const section = (text: string, heading: RegExp) => {
			const start = text.search(heading);
			const end = text.indexOf('\n## ', start + 1);
			return text.slice(start, end < 0 ? undefined : end);
		};
		const files = (text: string) =>
			[...text.matchAll(/^\| \[?`([\w-]+\.json)`/gm)].map(([, file]) => file).sort();
		const inReadme = files(section(readme, /^## Example workflows$/m));
		expect(files(section(guide, /^## \d+\. 範例工作流程$/m))).toEqual(inReadme);
		expect(inReadme).toEqual(
			fs
				.readdirSync(path.join(ROOT, 'examples'))
				.filter((file) => file.endsWith('.json'))
				.sort(),
		);
	});

	it("gives every Try hint of npm start's banner (the README's sample), naming the same workflows", () => {
		const banner = readme.slice(readme.indexOf('  Try:\n'), readme.indexOf('  Ctrl-C stops'));
		const hints = banner.split('\n').filter((line) => line.startsWith('    - '));
		const tryList = guide.slice(guide.indexOf('*Try* 提示'));
		const guideHints = tryList
			.slice(0, tryList.indexOf('\n## '))
			.split('\n')
			.filter((line) => line.startsWith('- '));
		expect(guideHints).toHaveLength(hints.length);
		const workflows = [...banner.matchAll(/"(MaiAgent: [^"]+)"/g)].map(([, name]) => name);
		expect(workflows.length).toBeGreaterThan(0);
		for (const name of workflows) expect(guide).toContain(`*${name}*`);
	});

	it('names the three nodes as n8n shows them', () => {
		for (const name of ['MaiAgent', 'MaiAgent Trigger', 'MaiAgent Webhook Trigger'])
			expect(guide).toContain(`**${name}**`);
	});
});
