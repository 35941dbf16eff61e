/** Knowledge-base requests a test makes on the sandbox itself, as a client other than the node. */
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

/** A new, empty knowledge base; its creation is then cleared from the sandbox's request log. */
export async function newKnowledgeBase(sandbox: Sandbox, name = `KB ${Math.random()}`) {
	const { id } = await sandboxApi(sandbox, 'POST', 'knowledge-bases/', { name });
	sandbox.control.clearRequests();
	return String(id);
}
