// The README states a few code constants a reader needs; each is read here from both sides, so a
// change to one side fails until the other follows.
import fs from 'node:fs';
import path from 'node:path';

import { MaiAgent } from '../../nodes/MaiAgent/MaiAgent.node';
import { MaiAgentTrigger } from '../../nodes/MaiAgentTrigger/MaiAgentTrigger.node';
import { FIRST_POLL_BUDGET_MS, POLL_BUDGET_MS } from '../../nodes/MaiAgentTrigger/budget';
import { MAX_BATCH } from '../../nodes/MaiAgentTrigger/poll';
import { MaiAgentWebhookTrigger } from '../../nodes/MaiAgentWebhookTrigger/MaiAgentWebhookTrigger.node';
import { SEEN_LIMIT } from '../../nodes/MaiAgentWebhookTrigger/receive';

const root = path.join(__dirname, '../..');
// One paragraph per string: the README wraps lines anywhere.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').replace(/\s*\n\s*/g, ' ');

/** The README text from `start` to the end of its sentence. */
function sentence(start: string): string {
	const at = readme.indexOf(start);
	if (at < 0) throw new Error(`README has no "${start}"`);
	return readme.slice(at, readme.indexOf('. ', at) + 1);
}

describe('README', () => {
	it("states the trigger's poll budgets and batch size", () => {
		expect(sentence('So every poll stops')).toContain(
			`${POLL_BUDGET_MS / 1000} s (${FIRST_POLL_BUDGET_MS / 1000} s for the first poll`,
		);
		expect(sentence('A poll also stops')).toBe(`A poll also stops after ${MAX_BATCH} messages.`);
	});

	it('states how many message IDs the webhook trigger remembers', () => {
		expect(sentence('The trigger remembers')).toContain(`the last ${SEEN_LIMIT} message IDs`);
	});

	it('lists every example workflow of examples/, and no other', () => {
		const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'));
		const listed = [...readme.matchAll(/\| \[`([\w-]+\.json)`\]\(examples\//g)].map((m) => m[1]);
		expect(listed.sort()).toEqual(files.sort());
	});

	it('names every node in the install check', () => {
		const check = sentence('(Checked with n8n');
		for (const node of [new MaiAgent(), new MaiAgentTrigger(), new MaiAgentWebhookTrigger()])
			expect(check).toContain(`${node.description.displayName},`);
	});
});
