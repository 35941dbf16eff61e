import { useSandbox } from '../helpers/sandbox.cts';
import * as helpers from './helpers.cts';
import * as sandboxModule from '../../sandbox/index.cts';

const ctx = useSandbox();

describe('authentication', () => {
	it('rejects a request without Authorization header', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'chatbots/', { auth: false });
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual({ detail: 'Authentication credentials were not provided.' });
		expect(reply.headers['www-authenticate']).toBe('Api-Key');
	});

	it('rejects a Bearer token as a bad key format', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'chatbots/', {
			auth: `Bearer ${ctx.sandbox.apiKey}`,
		});
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual({ detail: 'Invalid API key format.' });
	});

	it.each(['/api/v1/chatbots/', '/api/chatbots/'])('accepts the right key on %s', async (path) => {
		const reply = await helpers.call(ctx.sandbox, 'GET', path);
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('application/json');
		expect(reply.json.results.length).toBeGreaterThan(0);
	});

	it('uses a custom key when started with one', async () => {
		const sandbox = await sandboxModule.startSandbox({ apiKey: 'custom-key', seed: 'empty' });
		try {
			expect(sandbox.apiKey).toBe('custom-key');
			expect((await helpers.call(sandbox, 'GET', 'chatbots/')).status).toBe(200);
			expect(
				(await helpers.call(sandbox, 'GET', 'chatbots/', { auth: 'Api-Key maiagent-sandbox-key' }))
					.status,
			).toBe(401);
		} finally {
			await sandbox.stop();
		}
	});
});

describe('routing', () => {
	it('answers unknown paths and malformed ids with a DRF 404', async () => {
		for (const path of ['nothing-here/', 'chatbots/not-a-uuid/', 'conversations/12345/']) {
			const reply = await helpers.call(ctx.sandbox, 'GET', path);
			expect(reply.status).toBe(404);
			expect(reply.json).toEqual({ detail: 'Not found.' });
		}
	});

	it('redirects a path without trailing slash like Django APPEND_SLASH', async () => {
		const reply = await helpers.call(ctx.sandbox, 'GET', 'conversations?pageSize=2');
		expect(reply.status).toBe(301);
		expect(reply.headers.location).toBe('/api/v1/conversations/?pageSize=2');
	});

	it('answers a wrong method with 405 and Allow', async () => {
		const reply = await helpers.call(ctx.sandbox, 'DELETE', 'chatbots/');
		expect(reply.status).toBe(405);
		expect(reply.json).toEqual({ detail: 'Method "DELETE" not allowed.' });
		expect(reply.headers.allow).toBe('GET, POST');
	});

	it('answers malformed JSON with 400', async () => {
		const chatbot = ctx.sandbox.store.chatbots[0];
		const reply = await helpers.call(ctx.sandbox, 'POST', `chatbots/${chatbot.id}/completions/`, {
			body: Buffer.from('{"message": '),
			headers: { 'content-type': 'application/json' },
		});
		expect(reply.status).toBe(400);
		expect(reply.json.detail).toMatch(/^JSON parse error/);
	});
});
