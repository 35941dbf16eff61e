import type {
	IHookFunctions,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchChatbots } from '../shared/methods/listSearch';
import { chatbotLocator } from '../shared/descriptions/locators';
import { receive } from './receive';
import { checkExists, create, remove } from './registration';

/** The trigger's settings, under Options. */
const settings: INodeProperties[] = [
	{
		displayName: 'Register While Testing',
		name: 'registerWhileTesting',
		type: 'boolean',
		default: false,
		displayOptions: { show: { '/registerAutomatically': [true] } },
		description:
			"Whether listening for a test event in the editor points the AI assistant to the Test URL until listening stops. Off: tests never change MaiAgent's settings.",
	},
	{
		displayName: 'Replace Existing URL',
		name: 'replaceExistingUrl',
		type: 'boolean',
		default: false,
		displayOptions: { show: { '/registerAutomatically': [true] } },
		description:
			'Whether to replace a different webhook URL the AI assistant already has. Off: activation fails instead, so another system keeps receiving the replies. The replaced URL is put back on deactivation.',
	},
	{
		displayName: 'Secret Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'When set, only requests whose URL ends with ?token= and this value are accepted; others are refused (401 or 403) without starting the workflow. MaiAgent signs nothing, so this and the unguessable URL are what keep strangers out.',
	},
];

export class MaiAgentWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent Webhook Trigger',
		name: 'maiAgentWebhookTrigger',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Instant: AI assistant replies"}}',
		description:
			'Starts the workflow the moment a MaiAgent AI assistant replies (MaiAgent pushes each reply to this webhook)',
		defaults: { name: 'MaiAgent Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Left out, n8n answers with its default's name, the literal text "firstEntryJson".
				// Empty: n8n's JSON {"message": "Workflow was started"} (or our "Already received").
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			chatbotLocator({
				description: 'The AI assistant whose replies start this workflow',
			}),
			{
				displayName: 'Register Automatically',
				name: 'registerAutomatically',
				type: 'boolean',
				// A choice every trigger makes, and like an authentication selector it decides which
				// fields show: the top level, not Options.
				required: true,
				default: false,
				description:
					"Whether activating the workflow sets this trigger's Production URL as the AI assistant's webhook URL in MaiAgent (and deactivating puts the previous URL back). Off: paste the URL into MaiAgent's console yourself.",
			},
			{
				displayName:
					"Copy the Production URL from Webhook URLs above into the AI assistant's Webhook URL in MaiAgent's console (followed by ?token= and the Secret Token, if you set one). MaiAgent has one webhook URL per AI assistant: it then sends every reply of that assistant here and nowhere else.",
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerAutomatically: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: settings,
			},
		],
	};

	methods = {
		listSearch: { searchChatbots },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
