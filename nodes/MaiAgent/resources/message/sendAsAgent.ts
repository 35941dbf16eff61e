import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyMessage } from '../../../shared/helpers/simplify';
import { getId, getText } from '../../../shared/helpers/validate';
import { rest } from '../../helpers/rest';
import type { OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Send as Agent',
	value: 'sendAsAgent',
	action: 'Send a message as a human agent',
	description:
		"Post a human agent's reply into a conversation (preview); the AI assistant does not answer it",
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Preview: MaiAgent documents this endpoint only by its schema. The message is sent as type "outgoing", from the user of the API key.',
		name: 'sendAsAgentNotice',
		type: 'notice',
		default: '',
	},
	conversationLocator(),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description:
			"The human agent's reply, shown to the customer in the conversation (preview). The AI assistant does not answer it; pause it with Conversation > Set Auto-Reply.",
	},
	simplifyField(),
	optionsCollection(),
];

export const execute = rest({
	method: 'POST',
	path: 'messages/outgoing/',
	body: (ctx, i) => ({
		conversation: getId(ctx, 'conversation', 'Conversation', i),
		content: getText(ctx, 'content', i, {
			field: 'Content',
			hint: 'Enter the text of the agent message',
		}),
		// `type` in the body too: right whether MaiAgent takes it from the body or from the path.
		type: 'outgoing',
	}),
});

export const simplify = simplifyMessage;
