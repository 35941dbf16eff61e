import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getText } from '../../../shared/helpers/validate';

export const questionField: INodeProperties = {
	displayName: 'Question',
	name: 'question',
	type: 'string',
	default: '',
	placeholder: 'e.g. How do I return an item?',
};

export const answerField: INodeProperties = {
	displayName: 'Answer',
	name: 'answer',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
};

/** Question and Answer, both required (checked before any request). */
export function readQuestionAndAnswer(ctx: IExecuteFunctions, itemIndex: number) {
	return {
		question: getText(ctx, 'question', itemIndex, {
			field: 'Question',
			hint: 'Give the question the FAQ answers',
		}).trim(),
		answer: getText(ctx, 'answer', itemIndex, {
			field: 'Answer',
			hint: 'Give the answer to the question',
		}),
	};
}
