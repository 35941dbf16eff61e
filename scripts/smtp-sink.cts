/**
 * A tiny SMTP sink on 127.0.0.1 for the `npm start` demo and the e2e tests: it accepts every mail
 * (no auth, no TLS), keeps the raw message, optionally saves attachments to a folder, and reports
 * each mail to a callback. `mimeParts`, `attachmentName`, `decodeBody` and `mailText` (an HTML
 * body rendered as text) read a raw mail.
 * Enough SMTP for nodemailer (n8n's Send Email): EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
import type { AddressInfo, Socket } from 'node:net';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface ReceivedAttachment {
	filename: string;
	contentType: string;
	bytes: number;
	/** Where it was saved, when a folder was given. */
	savedTo?: string;
}

export interface ReceivedMail {
	from: string;
	to: string[];
	subject: string;
	attachments: ReceivedAttachment[];
	raw: string;
}

export interface SmtpSink {
	host: string;
	port: number;
	mails: ReceivedMail[];
	stop(): Promise<void>;
}

export interface SmtpSinkOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Attachments are saved here (created when needed). */
	saveDir?: string;
	onMail?: (mail: ReceivedMail) => void;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
	const mails: ReceivedMail[] = [];
	const sockets = new Set<Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		serve(socket, (raw, envelope) => {
			const mail = parseMail(raw, envelope, options.saveDir);
			mails.push(mail);
			options.onMail?.(mail);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	return {
		host: '127.0.0.1',
		port: (server.address() as AddressInfo).port,
		mails,
		stop: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

interface Envelope {
	from: string;
	to: string[];
}

/** One SMTP session: commands line by line, then the DATA section up to `<CRLF>.<CRLF>`. */
function serve(socket: Socket, received: (raw: string, envelope: Envelope) => void): void {
	let envelope: Envelope = { from: '', to: [] };
	let buffer = '';
	let data: string[] | undefined;
	const reply = (line: string) => socket.write(`${line}\r\n`);
	reply('220 maiagent-demo SMTP sink ready');
	socket.setEncoding('latin1'); // byte-transparent; the body is 7-bit (base64, quoted-printable) anyway
	socket.on('data', (chunk: string) => {
		buffer += chunk;
		let newline: number;
		while ((newline = buffer.indexOf('\r\n')) !== -1) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 2);
			if (data) {
				if (line === '.') {
					received(data.join('\r\n'), envelope);
					data = undefined;
					envelope = { from: '', to: [] };
					reply('250 OK: queued');
				} else {
					data.push(line.startsWith('..') ? line.slice(1) : line);
				}
				continue;
			}
			const verb = line.slice(0, 4).toUpperCase();
			if (verb === 'EHLO') reply('250-maiagent-demo\r\n250-8BITMIME\r\n250 SIZE 52428800');
			else if (verb === 'HELO') reply('250 maiagent-demo');
			else if (verb === 'MAIL') {
				envelope.from = address(line);
				reply('250 OK');
			} else if (verb === 'RCPT') {
				envelope.to.push(address(line));
				reply('250 OK');
			} else if (verb === 'DATA') {
				data = [];
				reply('354 End data with <CR><LF>.<CR><LF>');
			} else if (verb === 'RSET') {
				envelope = { from: '', to: [] };
				reply('250 OK');
			} else if (verb === 'NOOP') reply('250 OK');
			else if (verb === 'QUIT') {
				reply('221 Bye');
				socket.end();
			} else reply('502 Command not implemented');
		}
	});
}

function address(line: string): string {
	return line.match(/<([^>]*)>/)?.[1] ?? line.split(':').slice(1).join(':').trim();
}

// ---------------------------------------------------------------------------------------------
// Just enough MIME to report a mail: headers, and the parts that carry a file name.

export interface Part {
	headers: Map<string, string>;
	body: string;
}

function splitPart(text: string): Part {
	const end = text.indexOf('\r\n\r\n');
	const head = end === -1 ? text : text.slice(0, end);
	const body = end === -1 ? '' : text.slice(end + 4);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body };
}

function parameter(header: string | undefined, name: string): string | undefined {
	const match = header?.match(new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]*))`, 'i'));
	if (!match) return undefined;
	const value = match[1] ?? match[2];
	// RFC 2231 (filename*=utf-8''...)
	const extended = value.match(/^[\w-]+'[\w-]*'(.*)$/);
	return extended ? decodeURIComponent(extended[1]) : decodeWords(value);
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`). */
function decodeWords(text: string): string {
	return text.replace(
		/=\?([^?]+)\?([BQ])\?([^?]*)\?=\s*/gi,
		(_match, _charset: string, encoding: string, value: string) =>
			encoding.toUpperCase() === 'B'
				? Buffer.from(value, 'base64').toString('utf8')
				: Buffer.from(
						value
							.replace(/_/g, ' ')
							.replace(/=([0-9A-F]{2})/gi, (_hex, code: string) =>
								String.fromCharCode(parseInt(code, 16)),
							),
						'latin1',
					).toString('utf8'),
	);
}

function leaves(part: Part): Part[] {
	const boundary = parameter(part.headers.get('content-type'), 'boundary');
	if (!boundary) return [part];
	return part.body
		.split(`--${boundary}`)
		.slice(1)
		.filter((chunk) => !chunk.startsWith('--'))
		.flatMap((chunk) => leaves(splitPart(chunk.replace(/^\r\n/, ''))));
}

/** The leaf parts of a raw MIME message (multipart bodies walked recursively). */
export function mimeParts(raw: string): Part[] {
	return leaves(splitPart(raw));
}

/** The file name of an attachment part (Content-Disposition, else the Content-Type `name`). */
export function attachmentName(part: Part): string | undefined {
	return (
		parameter(part.headers.get('content-disposition'), 'filename') ??
		parameter(part.headers.get('content-type'), 'name')
	);
}

/** A part's bytes, base64 and quoted-printable decoded. */
export function decodeBody(part: Part): Buffer {
	const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase();
	if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
	if (encoding === 'quoted-printable') {
		const text = part.body
			.replace(/=\r\n/g, '')
			.replace(/=([0-9A-F]{2})/gi, (_hex, code: string) => String.fromCharCode(parseInt(code, 16)));
		return Buffer.from(text, 'latin1');
	}
	return Buffer.from(part.body, 'latin1');
}

/** The decoded text of a message's first part of `type` (e.g. `text/plain`), if it has one. */
export function partText(raw: string, type: string): string | undefined {
	const part = mimeParts(raw).find((candidate) =>
		(candidate.headers.get('content-type') ?? '').startsWith(type),
	);
	return part && decodeBody(part).toString('utf8');
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

/**
 * An HTML mail body as plain text for a terminal: a line per paragraph, heading, list item and
 * table row, the cells of a row separated by " | ", entities decoded, empty lines dropped.
 */
export function htmlText(html: string): string {
	return html
		.replace(/<(head|style|script)\b[\s\S]*?<\/\1>/gi, '')
		.replace(/<\/t[dh]>\s*(?=<t[dh]\b)/gi, ' | ')
		.replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr|table|thead|tbody|ul|ol)>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
			if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
			const code =
				name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
			return String.fromCodePoint(code);
		})
		.split('\n')
		.map((line) => line.replace(/[ \t\r]+/g, ' ').trim())
		.filter(Boolean)
		.join('\n');
}

/** A mail's text as a terminal can show it: its text/plain part, else its HTML part as text. */
export function mailText(raw: string): string | undefined {
	const plain = partText(raw, 'text/plain');
	if (plain !== undefined) return plain;
	const html = partText(raw, 'text/html');
	return html === undefined ? undefined : htmlText(html);
}

function parseMail(raw: string, envelope: Envelope, saveDir: string | undefined): ReceivedMail {
	const message = splitPart(raw);
	const attachments: ReceivedAttachment[] = [];
	for (const part of leaves(message)) {
		const filename = attachmentName(part);
		if (!filename) continue;
		const bytes = decodeBody(part);
		const attachment: ReceivedAttachment = {
			filename,
			contentType: part.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream',
			bytes: bytes.length,
		};
		if (saveDir) {
			fs.mkdirSync(saveDir, { recursive: true });
			const stamp = new Date().toISOString().replace(/[:.]/g, '-');
			attachment.savedTo = path.join(saveDir, `${stamp}-${path.basename(filename)}`);
			fs.writeFileSync(attachment.savedTo, bytes);
		}
		attachments.push(attachment);
	}
	return {
		from: envelope.from,
		to: envelope.to,
		subject: decodeWords(message.headers.get('subject') ?? ''),
		attachments,
		raw,
	};
}
