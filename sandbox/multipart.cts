/**
 * A minimal multipart/form-data parser (RFC 7578): enough for S3-style POST uploads. Parts keep their
 * order, which the upload policy checks (`file` must come last).
 */

export interface Part {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

function parseHeaders(block: string): Omit<Part, 'data'> {
	const headers = new Map<string, string>();
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`Malformed part header "${line}"`);
		headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	const disposition = headers.get('content-disposition') ?? '';
	// Quoted (`name="key"`) or a bare token (`name=key`, as .NET's MultipartFormDataContent writes it).
	const param = (key: string) => {
		const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s"]+))`, 'i').exec(
			disposition,
		);
		return match ? (match[1] ?? match[2]) : undefined;
	};
	const name = param('name');
	if (!/^form-data\b/i.test(disposition) || name === undefined)
		throw new MultipartError('Part without form-data name');
	return { name, filename: param('filename'), contentType: headers.get('content-type') };
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
	const parts: Part[] = [];
	let pos = body.indexOf(delimiter);
	if (pos === -1) throw new MultipartError('Boundary not found');
	for (;;) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString() === '--') return parts;
		if (body.subarray(pos, pos + 2).toString() !== '\r\n')
			throw new MultipartError('Expected CRLF after boundary');
		const headerEnd = body.indexOf('\r\n\r\n', pos + 2);
		if (headerEnd === -1) throw new MultipartError('Unterminated part headers');
		const end = body.indexOf(nextDelimiter, headerEnd + 4);
		if (end === -1) throw new MultipartError('Missing closing boundary');
		parts.push({
			...parseHeaders(body.subarray(pos + 2, headerEnd).toString('utf8')),
			data: body.subarray(headerEnd + 4, end),
		});
		pos = end + 2;
	}
}
