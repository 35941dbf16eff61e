import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** A Base URL without a path (`https://api.maiagent.ai`, trailing slashes allowed). */
const BARE_HOST = '^\\s*https?://[^/]+/*\\s*$';

export class MaiAgentApi implements ICredentialType {
	name = 'maiAgentApi';

	displayName = 'MaiAgent API';

	icon: Icon = { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-maiagent/n8n-nodes-maiagent#credentials-maiagent-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create it in the MaiAgent console: user menu (top right) > Account > "API Key" tab',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.maiagent.ai/api/v1',
			placeholder: 'https://api.maiagent.ai/api/v1',
			description:
				'MaiAgent API root. Keep the default for maiagent.ai; self-hosted and private-cloud tenants use their own host, e.g. https://api.example.com/api/v1.',
		},
		{
			displayName:
				"This Base URL is a bare host: the nodes add MaiAgent's API root /api/v1 to it (https://your-host/api/v1)",
			name: 'bareHostNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { baseUrl: [{ _cnd: { regex: BARE_HOST } }] } },
		},
	];

	// A function, not a generic block of expressions: n8n would evaluate those in its expression
	// sandbox for every request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Api-Key ${String(credentials.apiKey)}`,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// As the nodes do (normalizeBaseUrl): no trailing slash, a bare host gets /api/v1.
			baseURL:
				'={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/^(https?:\\/\\/[^\\/]+)$/i, "$1/api/v1")}}',
			url: '/chatbots/',
			qs: { page: 1, pageSize: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'MaiAgent rejected the API key: check the key (Account > API Key in the MaiAgent console) and that the Base URL is the tenant the key belongs to',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'MaiAgent answered 404 (Not Found) for /chatbots/ under this Base URL: check its host and path against the API root of your tenant (for maiagent.ai: https://api.maiagent.ai/api/v1)',
				},
			},
		],
	};
}
