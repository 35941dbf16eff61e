/**
 * Adds a file to a knowledge base the way a person does outside n8n (MaiAgent's documented three
 * steps: presigned URL, storage upload, file registration), without this package's nodes. The
 * `npm start` demo adds a file that fails this way; the e2e tests add files nobody synced.
 */

export interface MaiAgentApi {
	baseUrl: string;
	apiKey: string;
}

async function call<T>(api: MaiAgentApi, route: string, body: unknown): Promise<T> {
	const response = await fetch(`${api.baseUrl}/${route}`, {
		method: 'POST',
		headers: { authorization: `Api-Key ${api.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text}`);
	return JSON.parse(text) as T;
}

/** Uploads `data` as `filename` into knowledge base `kb`; returns the new file's id. */
export async function uploadKnowledgeFile(
	api: MaiAgentApi,
	kb: string,
	filename: string,
	data: Buffer,
): Promise<string> {
	const presigned = await call<{ url: string; fields: Record<string, string> }>(
		api,
		'upload-presigned-url/',
		{ filename, modelName: 'chatbot-file', fieldName: 'file', fileSize: data.length },
	);
	const form = new FormData();
	for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
	// Storage wants the file as the last part.
	form.append('file', new Blob([new Uint8Array(data)]), filename);
	const stored = await fetch(presigned.url, { method: 'POST', body: form });
	if (!stored.ok)
		throw new Error(`the storage upload answered ${stored.status}: ${await stored.text()}`);
	const created = await call<Array<{ id: string }> | { results: Array<{ id: string }> }>(
		api,
		`knowledge-bases/${kb}/files/`,
		{ files: [{ file: presigned.fields.key, filename }] },
	);
	return (Array.isArray(created) ? created : created.results)[0].id;
}
