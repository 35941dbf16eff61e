/**
 * The customer's side of Message > Send and Wait for Response: the links in the agent message they
 * receive, opened and answered the way a phone or desktop browser does (a GET of the link, then the
 * page's form posted back to the same address, url-encoded, with the browser's headers).
 */
import type { Sandbox } from '../../sandbox/index.cts';

const BROWSER_HEADERS = {
	'user-agent':
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Line/14.9.0',
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'accept-language': 'zh-TW,zh;q=0.9',
};

export interface AnswerLink {
	/** The text before the link on its line (`Approve`, `Decline`, the form link's label). */
	label: string;
	url: string;
}

/** The answer links of a Send and Wait message: one `label: url` line each, after the question. */
export function answerLinks(content: string): AnswerLink[] {
	return [...content.matchAll(/^(.*): (https?:\/\/\S+)$/gm)].map(([, label, url]) => ({
		label,
		url,
	}));
}

/** The newest agent message of a conversation that carries answer links, once it arrived. */
export function questionIn(sandbox: Sandbox, conversationId: string): string | undefined {
	return sandbox.store
		.messagesOf(conversationId)
		.map((message) => String(message.content ?? ''))
		.find((content) => answerLinks(content).length > 0);
}

export interface Page {
	status: number;
	html: string;
	headers: Headers;
}

async function page(response: Response): Promise<Page> {
	return { status: response.status, html: await response.text(), headers: response.headers };
}

/** Opens a link as the customer's browser does (a GET). */
export async function openLink(url: string): Promise<Page> {
	return await page(await fetch(url, { headers: BROWSER_HEADERS }));
}

/** Submits the page's form (it posts to the address it was opened at), with the given fields. */
export async function submitForm(url: string, fields: Record<string, string> = {}): Promise<Page> {
	return await page(
		await fetch(url, {
			method: 'POST',
			headers: {
				...BROWSER_HEADERS,
				'content-type': 'application/x-www-form-urlencoded',
				origin: new URL(url).origin,
				referer: url,
			},
			body: new URLSearchParams(fields).toString(),
		}),
	);
}
