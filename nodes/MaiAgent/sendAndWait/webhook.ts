/**
 * The node's webhook for Message > Send and Wait for Response: n8n calls it when a customer opens a
 * link of the message (a GET) or submits the page it shows (a POST). n8n has already checked the
 * link's signature and that the execution still waits for this node: a used or expired link never
 * gets here (n8n answers with its own "no action required" page).
 *
 * A GET never resumes the execution: it shows the question and a button (approval) or the form
 * (free text). Only the POST the page sends records the answer, so link previews of chat apps,
 * which open links on their own, cannot answer for the customer.
 */
import type {
	IDataObject,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { confirmPage, formPage, PAGE_CSP, recordedPage } from './pages';
import type { FieldReader } from './settings';
import { choiceLabel, formButtonLabel, responseTypeOf } from './settings';

/** GET opens a page, POST answers; `restartWebhook` makes them the waiting execution's own. */
export const sendAndWaitWebhooks: IWebhookDescription[] = ['GET', 'POST'].map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

/**
 * Reads a field, never failing: an error thrown here would end the waiting execution, and a field
 * whose expression needs the node's input item (absent in a webhook) falls back to its default.
 */
function readerOf(ctx: IWebhookFunctions): FieldReader {
	return (name, fallback) => {
		try {
			return ctx.getNodeParameter(name, fallback);
		} catch {
			return fallback;
		}
	};
}

function questionOf(read: FieldReader): string {
	const question = read('message', '');
	return typeof question === 'string' ? question.trim() : '';
}

function respond(ctx: IWebhookFunctions, status: number, html: string): void {
	const res = ctx.getResponseObject();
	res.status(status);
	res.setHeader('Content-Type', 'text/html; charset=utf-8');
	res.setHeader('Content-Security-Policy', PAGE_CSP);
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('X-Robots-Tag', 'noindex');
	res.end(html);
}

/** The execution resumes with `answer` as the node's output item; the customer sees `shown`. */
function resume(ctx: IWebhookFunctions, answer: IDataObject, shown: string): IWebhookResponseData {
	respond(ctx, 200, recordedPage(shown));
	return {
		noWebhookResponse: true,
		workflowData: [[{ json: { ...answer, respondedAt: new Date().toISOString() } }]],
	};
}

function approvalAnswer(ctx: IWebhookFunctions, read: FieldReader): IWebhookResponseData {
	const approved = ctx.getRequestObject().query.approved === 'true';
	const label = choiceLabel(read, approved);
	if (ctx.getRequestObject().method !== 'POST') {
		respond(ctx, 200, confirmPage(questionOf(read), label));
		return { noWebhookResponse: true };
	}
	return resume(ctx, { approved }, label);
}

function freeTextAnswer(ctx: IWebhookFunctions, read: FieldReader): IWebhookResponseData {
	const question = questionOf(read);
	const button = formButtonLabel(read);
	if (ctx.getRequestObject().method !== 'POST') {
		respond(ctx, 200, formPage(question, button));
		return { noWebhookResponse: true };
	}
	const answer = ctx.getBodyData().answer;
	const text = typeof answer === 'string' ? answer.trim() : '';
	if (!text) {
		// The execution keeps waiting for a real answer.
		respond(ctx, 400, formPage(question, button, 'Please write your answer before sending.'));
		return { noWebhookResponse: true };
	}
	return resume(ctx, { answer: text }, text);
}

export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const read = readerOf(this);
	return responseTypeOf(read) === 'freeText'
		? freeTextAnswer(this, read)
		: approvalAnswer(this, read);
}
