/**
 * The SMTP sink's reading of a mail for the terminal: an HTML-only mail (the announcement's
 * per-contact table from n8n's HTML node) is shown as text, a row per line.
 */
import { htmlText, mailText } from '../../../scripts/smtp-sink.cts';

/** What n8n's HTML node (Convert to HTML Table) makes of two broadcast results. */
const TABLE =
	'<p>Per contact:</p><table style="border:1px"><thead><tr><th>contactName</th><th>status</th><th>error</th></tr></thead>' +
	'<tbody><tr><td>陳小華</td><td>success</td><td></td></tr>' +
	'<tr><td>Bob &amp; Co</td><td>error</td><td>No conversation found for this contact.</td></tr></tbody></table>';

it('renders an HTML table a row per line, cells separated, entities decoded', () => {
	expect(htmlText(TABLE).split('\n')).toEqual([
		'Per contact:',
		'contactName | status | error',
		'陳小華 | success |',
		'Bob & Co | error | No conversation found for this contact.',
	]);
});

it("reads an HTML-only mail's text from its quoted-printable HTML part", () => {
	const qp = Buffer.from(TABLE, 'utf8')
		.toString('latin1')
		.replace(
			/[=\x80-\xff]/g,
			(c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
		)
		.replace(/(.{70})/g, '$1=\r\n');
	const raw = [
		'From: n8n@example.com',
		'Subject: MaiAgent announcement sent',
		'Content-Type: text/html; charset=utf-8',
		'Content-Transfer-Encoding: quoted-printable',
		'',
		qp,
	].join('\r\n');
	expect(mailText(raw)).toBe(htmlText(TABLE));
	expect(mailText(raw)).toContain('陳小華 | success');
});

it('prefers the plain-text part when a mail has one', () => {
	const raw = [
		'Content-Type: multipart/alternative; boundary="b"',
		'',
		'--b',
		'Content-Type: text/plain; charset=utf-8',
		'',
		'plain words',
		'--b',
		'Content-Type: text/html; charset=utf-8',
		'',
		'<p>html words</p>',
		'--b--',
	].join('\r\n');
	expect(mailText(raw)?.trim()).toBe('plain words');
});
