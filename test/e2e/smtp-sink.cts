// A tiny SMTP server on 127.0.0.1 that accepts every mail (no auth, no TLS) and keeps it, plus a
// minimal MIME reader for the attachments of what it received.
import type { AddressInfo, Socket } from 'node:net';
import net = require('node:net');

export interface ReceivedMail {
	from: string;
	to: string[];
	/** The message as sent (headers and body), dot-stuffing removed. */
	raw: string;
}

export interface SmtpSink {
	port: number;
	mails: ReceivedMail[];
	close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const mails: ReceivedMail[] = [];
	const sockets = new Set<Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		const reply = (line: string) => socket.write(`${line}\r\n`);
		let envelope: ReceivedMail = { from: '', to: [], raw: '' };
		let data: string[] | undefined;
		let pending = '';
		socket.setEncoding('utf8');
		reply('220 127.0.0.1 ESMTP e2e sink');
		socket.on('data', (chunk: string) => {
			pending += chunk;
			let end: number;
			while ((end = pending.indexOf('\r\n')) !== -1) {
				const line = pending.slice(0, end);
				pending = pending.slice(end + 2);
				if (data) {
					if (line === '.') {
						mails.push({ ...envelope, raw: data.join('\r\n') });
						envelope = { from: '', to: [], raw: '' };
						data = undefined;
						reply('250 OK: queued');
					} else {
						data.push(line.startsWith('..') ? line.slice(1) : line);
					}
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') socket.write('250-127.0.0.1\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
				else if (verb === 'HELO' || verb === 'RSET' || verb === 'NOOP') reply('250 OK');
				else if (verb === 'MAIL') {
					envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 OK');
				} else if (verb === 'DATA') {
					data = [];
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else reply('502 Command not implemented');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		mails,
		close: () =>
			new Promise<void>((resolve) => {
				sockets.forEach((socket) => socket.destroy());
				server.close(() => resolve());
			}),
	};
}

export interface MimePart {
	headers: Map<string, string>;
	body: string;
}

/** Header names lower-cased, folded lines joined. */
function parseEntity(text: string): MimePart {
	const split = text.indexOf('\r\n\r\n');
	const head = split === -1 ? text : text.slice(0, split);
	const body = split === -1 ? '' : text.slice(split + 4);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body };
}

/** The leaf parts of a MIME message (multipart bodies walked recursively). */
export function mimeParts(raw: string): MimePart[] {
	const entity = parseEntity(raw);
	const boundary = /boundary="?([^";]+)"?/i.exec(entity.headers.get('content-type') ?? '')?.[1];
	if (!boundary) return [entity];
	const sections = entity.body.split(`--${boundary}`);
	// Preamble before the first boundary, epilogue after the closing `--boundary--`.
	return sections
		.slice(1)
		.filter((section) => !section.startsWith('--'))
		.flatMap((section) => mimeParts(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
}

/** The file name of an attachment part (Content-Disposition, else Content-Type `name`). */
export function attachmentName(part: MimePart): string | undefined {
	const disposition = part.headers.get('content-disposition') ?? '';
	const type = part.headers.get('content-type') ?? '';
	return (/filename="?([^";]+)"?/i.exec(disposition) ?? /name="?([^";]+)"?/i.exec(type))?.[1];
}

export function decodeBody(part: MimePart): Buffer {
	const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
	if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
	return Buffer.from(part.body, 'utf8');
}

/** RFC 2045 quoted-printable: soft line breaks (`=` at a line end) removed, `=XX` bytes decoded. */
function decodeQuotedPrintable(text: string): Buffer {
	const joined = text.replace(/[ \t]+\r\n/g, '\r\n').replace(/=\r\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		const hex = joined[i] === '=' ? /^[0-9A-F]{2}/i.exec(joined.slice(i + 1, i + 3))?.[0] : undefined;
		if (hex) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(...Buffer.from(joined[i], 'utf8'));
	}
	return Buffer.from(bytes);
}
