import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { getItemId, getItemText } from '../../../shared/helpers/validate';
import { declarativeOperation } from '../../../shared/transport/declarative';

export const option = declarativeOperation({
	name: 'Send as Agent',
	value: 'sendAsAgent',
	action: 'Send a message as a human agent',
	description:
		"Post a human agent's reply into a conversation (preview); the AI assistant does not answer it",
	request: { method: 'POST', url: '/messages/outgoing/' },
	preSend: [buildBody],
});

const show = { resource: ['message'], operation: ['sendAsAgent'] };

export const properties: INodeProperties[] = [
	{
		displayName:
			'Preview: MaiAgent documents this endpoint only by its schema. The message is sent as type "outgoing", from the user of the API key.',
		name: 'sendAsAgentNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	conversationLocator({ displayOptions: { show } }),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		displayOptions: { show },
		description:
			"The human agent's reply, shown to the customer in the conversation (preview). The AI assistant does not answer it; pause it with Conversation > Set Auto-Reply.",
	},
	optionsCollection(show),
];

/** Builds `{conversation, content, type: "outgoing"}`, failing before any request on bad input. */
async function buildBody(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const conversation = getItemId(this, 'conversation', 'Conversation');
	const content = getItemText(this, 'content', 'Content', 'Enter the text of the agent message');
	// `type` in the body too: right whether MaiAgent takes it from the body or from the path.
	options.body = { conversation, content, type: 'outgoing' };
	return options;
}
