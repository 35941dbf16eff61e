/** Knowledge-base requests a test makes on the sandbox itself, as a client other than the node. */
import { multipartBody } from '../../nodes/shared/transport/storage';
import type { Sandbox } from '../../sandbox/index.cts';

type Json = Record<string, unknown> & Array<Record<string, unknown>>;

/** One MaiAgent API request with the sandbox's key; the JSON answer. */
export async function sandboxApi(
	sandbox: Sandbox,
	method: string,
	route: string,
	body?: unknown,
): Promise<Json> {
	const response = await fetch(`${sandbox.baseUrl}/${route}`, {
		method,
		headers: { authorization: `Api-Key ${sandbox.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await response.json()) as Json;
}

/**
 * A text file uploaded the way a person's tool does it (no sync marker), the three documented
 * steps: presign, storage, registration in the knowledge base. Answers the file's ID.
 */
export async function uploadByHand(
	sandbox: Sandbox,
	kb: string,
	file: { filename: string; text: string },
): Promise<string> {
	const { filename } = file;
	const data = Buffer.from(file.text);
	const presigned = (await sandboxApi(sandbox, 'POST', 'upload-presigned-url/', {
		filename,
		modelName: 'chatbot-file',
		fieldName: 'file',
		fileSize: data.length,
	})) as unknown as { url: string; fields: Record<string, string> };
	const form = multipartBody(presigned.fields, { filename, mimeType: 'text/plain', data });
	await fetch(presigned.url, {
		method: 'POST',
		headers: { 'content-type': form.contentType },
		body: form.body as Buffer,
	});
	const [created] = await sandboxApi(sandbox, 'POST', `knowledge-bases/${kb}/files/`, {
		files: [{ file: presigned.fields.key, filename }],
	});
	return String(created.id);
}
