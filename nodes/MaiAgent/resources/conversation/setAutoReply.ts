import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { conversationLocator } from '../../../shared/descriptions/locators';
import { simplifyConversation } from '../../../shared/helpers/simplify';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Set Auto-Reply',
	value: 'setAutoReply',
	action: 'Set the auto-reply of a conversation',
	description:
		'Pause or resume the AI assistant for one conversation, e.g. while a human takes over (preview)',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Preview: MaiAgent does not document the body of this endpoint. The node sends the state under both plausible names and checks it in the answer.',
		name: 'setAutoReplyNotice',
		type: 'notice',
		default: '',
	},
	conversationLocator(),
	{
		displayName: 'Auto-Reply',
		name: 'autoReplyEnabled',
		type: 'boolean',
		default: false,
		builderHint: {
			propertyHint:
				'false hands the conversation to a human (then reply with Message > Send as Agent); true gives it back to the AI assistant',
		},
		description:
			'Whether the AI assistant answers new messages of this conversation (preview). Off: a human takes over, and the assistant stays silent until it is turned on again.',
	},
	...getFields(),
];

/** Multi-step: the answer is checked, and the PATCH repeated once if it shows the other state. */
export const execute: OperationExecute = async function (i, scope) {
	const conversation = getId(this, 'conversation', 'Conversation', i);
	const enabled = this.getNodeParameter('autoReplyEnabled', i) as boolean;
	const patch = async () =>
		await maiagentApi<IDataObject>(
			this,
			{
				method: 'PATCH',
				url: `conversations/${conversation}/update-auto-reply/`,
				// The body is undocumented: both names; MaiAgent (DRF) ignores a key it does not read.
				body: { autoReplyEnabled: enabled, enabled },
			},
			scope,
		);
	let result = await patch();
	// An endpoint that toggles whatever the body says answers the other state: ask once more.
	if (typeof result.autoReplyEnabled === 'boolean' && result.autoReplyEnabled !== enabled) {
		result = await patch();
		if (result.autoReplyEnabled !== enabled) {
			throw new NodeOperationError(
				this.getNode(),
				`${option.action} failed: MaiAgent still shows auto-reply ${enabled ? 'off' : 'on'}`,
				{
					itemIndex: i,
					description:
						'MaiAgent answered the request but kept the other state. This operation is a preview: please report your MaiAgent version.',
				},
			);
		}
	}
	return result;
};

export const simplify = simplifyConversation;
