// The "Nightly answer check" example as the e2e and queue tests run it (answer-check.test.cts,
// test/queue/cluster.test.cts): the sheet, the workflow with a manual start, the copied sheet and a
// short wait, and a sandbox that answers only when the test says.
import fs from 'node:fs';
import path from 'node:path';
import type { INodeExecutionData, IRun } from 'n8n-workflow';

import type { RecordedRequest, Sandbox } from '../../sandbox/index.cts';
import { batchQaOf } from '../../sandbox/index.cts';
import * as f from './fixtures.cts';

export const CSV = path.resolve(__dirname, '../../examples/knowledge/answer-check.csv');
/** The sheet's rows: [問題, 型態, expected]. */
export const SHEET = fs
	.readFileSync(CSV, 'utf8')
	.trimEnd()
	.split('\n')
	.slice(1)
	.map((line) => line.split(','));
/** The questions whose sandbox answer lacks the key phrase. */
export const FAILING = ['訂單滿一千元要運費嗎？', '超商取貨要多久？'];
export const PASSED = SHEET.length - FAILING.length;

/** The example with a Manual Trigger, the sheet at `csv` and its Wait shortened to `waitSeconds`. */
export function answerCheckWorkflow(csv: string, waitSeconds = 2): f.EditableWorkflow {
	const workflow = f.example('nightly-answer-check.json');
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.scheduleTrigger')
			Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		if (node.type === 'n8n-nodes-base.readWriteFile') node.parameters.fileSelector = csv;
		if (node.type === 'n8n-nodes-base.wait')
			node.parameters = { amount: waitSeconds, unit: 'seconds' };
	}
	return workflow;
}

/**
 * The sandbox answers no question before the run's first export and all of them before its second:
 * the workflow sees an incomplete run once, waits and checks again.
 */
export function answerOnSecondExport(sandbox: Sandbox): void {
	const book = batchQaOf(sandbox.store);
	book.delayMs = null;
	let exports = 0;
	sandbox.events.on('request', (request: RecordedRequest) => {
		if (request.path.includes('/batch-qas/') && request.path.endsWith('/export-excel/'))
			if (++exports === 2) book.answerPending();
	});
}

/** The items a node output in each of its runs. */
export function outputs(run: { data?: IRun['data'] }, node: string): INodeExecutionData[][] {
	return (run.data?.resultData.runData[node] ?? []).map((task) => task.data?.main[0] ?? []);
}
