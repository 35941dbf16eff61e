import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ACTIONS } from '../../shared/actions';
import { conversationLocator, optionsCollection, simplifyField } from '../../shared/descriptions';
import { forEachItem } from '../../shared/execute';
import { simplifyConversation } from '../../shared/simplify';
import { maiagentApi, readRetryPolicy } from '../../shared/transport';
import { getId } from '../../shared/validate';

const show = { resource: ['conversation'], operation: ['setAutoReply'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Preview: MaiAgent does not document the body of this endpoint. The node sends the state under both plausible names and checks it in the answer.',
		name: 'setAutoReplyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	conversationLocator({ displayOptions: { show } }),
	{
		displayName: 'Auto-Reply',
		name: 'autoReplyEnabled',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			'Whether the AI assistant answers new messages of this conversation. Off: a human takes over (the assistant stays silent until it is turned on again).',
	},
	simplifyField(show),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(this, async (i) => {
		const conversation = getId(this, 'conversation', 'Conversation', i);
		const enabled = this.getNodeParameter('autoReplyEnabled', i) as boolean;
		const policy = readRetryPolicy(this, ACTIONS.conversation.setAutoReply, i);
		const patch = async () =>
			await maiagentApi<IDataObject>(
				this,
				{
					method: 'PATCH',
					url: `conversations/${conversation}/update-auto-reply/`,
					// The body is undocumented: both names; MaiAgent (DRF) ignores the one it does not read.
					body: { autoReplyEnabled: enabled, enabled },
				},
				policy,
			);
		let result = await patch();
		// An endpoint that toggles whatever the body says answers the other state: ask once more.
		if (typeof result.autoReplyEnabled === 'boolean' && result.autoReplyEnabled !== enabled) {
			result = await patch();
			if (result.autoReplyEnabled !== enabled) {
				throw new NodeOperationError(
					this.getNode(),
					`${ACTIONS.conversation.setAutoReply} failed: MaiAgent still shows auto-reply ${enabled ? 'off' : 'on'}`,
					{
						itemIndex: i,
						description:
							'MaiAgent answered the request but kept the other state. This operation is a preview: please report your MaiAgent version.',
					},
				);
			}
		}
		return this.getNodeParameter('simplify', i) ? simplifyConversation(result) : result;
	});
}
