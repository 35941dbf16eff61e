import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { MaiAgentApi } from '../../../credentials/MaiAgentApi.credentials';

describe('credential authenticate', () => {
	it('adds the Api-Key header and keeps the other headers and options', async () => {
		const options: IHttpRequestOptions = { url: 'x', headers: { Accept: 'application/json' } };
		const authenticated = await new MaiAgentApi().authenticate(
			{ apiKey: 'secret', baseUrl: 'b' },
			options,
		);
		expect(authenticated).toEqual({
			url: 'x',
			headers: { Accept: 'application/json', Authorization: 'Api-Key secret' },
		});
		expect(options.headers).toEqual({ Accept: 'application/json' });
	});
});

describe('credential form', () => {
	const credential = new MaiAgentApi();
	const notice = credential.properties.find((p) => p.name === 'bareHostNotice')!;
	const shown = (baseUrl: string) =>
		NodeHelpers.displayParameter({ apiKey: '', baseUrl }, notice, null, null);

	it('shows the /api/v1 notice for a bare host only', () => {
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('/api/v1');
		expect(shown('https://api.maiagent.ai')).toBe(true);
		expect(shown('https://api.example.com/ ')).toBe(true);
		expect(shown('https://api.maiagent.ai/api/v1')).toBe(false);
		expect(shown('https://api.example.com/custom/')).toBe(false);
	});
});
