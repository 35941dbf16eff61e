import type { IHttpRequestOptions } from 'n8n-workflow';

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
