/**
 * The codex files (nodes/<Node>/<Node>.node.json) and the credential: their help links open a
 * section of this package's README on GitHub, and that section exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MaiAgentApi } from '../../../credentials/MaiAgentApi.credentials';

const ROOT = join(__dirname, '../../..');
const NODES = ['MaiAgent', 'MaiAgentTrigger', 'MaiAgentWebhookTrigger'];

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const codex = (name: string) =>
	JSON.parse(readFileSync(join(ROOT, `nodes/${name}/${name}.node.json`), 'utf8'));

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
	heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N} -]/gu, '')
		.replace(/ /g, '-');
const readmeAnchors = readFileSync(join(ROOT, 'README.md'), 'utf8')
	.split('\n')
	.filter((line) => /^#{1,6} /.test(line))
	.map((line) => anchor(line.replace(/^#+ /, '')));

function expectReadmeSection(url: string): void {
	expect(url.startsWith(`${repository}#`)).toBe(true);
	expect(readmeAnchors).toContain(url.slice(repository.length + 1));
}

describe.each(NODES)('%s codex', (name) => {
	it('links its node and credential help to sections of the README', () => {
		const { resources } = codex(name);
		expectReadmeSection(resources.primaryDocumentation[0].url);
		expectReadmeSection(resources.credentialDocumentation[0].url);
	});

	it('is found by what a user types: the name and the words of what it does', () => {
		expect(codex(name).alias).toEqual(
			expect.arrayContaining(['maiagent', 'chat', 'assistant', 'knowledge base']),
		);
	});
});

it("the credential's documentation URL is its README section", () => {
	expectReadmeSection(new MaiAgentApi().documentationUrl);
});
