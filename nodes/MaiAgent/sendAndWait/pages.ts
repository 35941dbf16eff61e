/**
 * The pages a customer sees after opening a Send and Wait link: the confirmation of an approval
 * choice, the free-text form, and the thank-you page. Every text from the workflow is HTML-escaped;
 * the pages load nothing and run no script, and their form posts back to the link itself.
 */

/** Served with every page: nothing but inline styles, and forms that post to this n8n only. */
export const PAGE_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f6f8;color:#1f2328;margin:0}
main{max-width:28rem;margin:12vh auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.2rem;margin:0 0 1rem}
p{white-space:pre-wrap;line-height:1.5}
textarea{width:100%;box-sizing:border-box;min-height:7rem;font:inherit;padding:.6rem;border:1px solid #c9ccd1;border-radius:8px}
button{font:inherit;font-weight:600;color:#fff;background:#2f6fed;border:0;border-radius:8px;padding:.7rem 1.4rem;margin-top:1rem;cursor:pointer}
.error{color:#b42318}`;

function page(title: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** An approval link opened: the question and one button that records the link's choice. */
export function confirmPage(question: string, label: string): string {
	return page(
		label,
		`${question ? `<p>${escapeHtml(question)}</p>` : ''}<form method="post"><button type="submit">${escapeHtml(label)}</button></form>`,
	);
}

/** The free-text form: the question, a text area and a send button. */
export function formPage(question: string, buttonLabel: string, error?: string): string {
	return page(
		'Your answer',
		`${question ? `<p>${escapeHtml(question)}</p>` : ''}<form method="post"><textarea name="answer" required aria-label="Your answer"></textarea>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}<button type="submit">${escapeHtml(buttonLabel)}</button></form>`,
	);
}

/** After the answer was recorded. */
export function recordedPage(answer: string): string {
	return page(
		'Thank you',
		`<h1>Thank you, your answer was received</h1><p>${escapeHtml(answer)}</p><p>You can close this page now.</p>`,
	);
}
