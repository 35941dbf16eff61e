import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { chatbotLocator, webChatLocator } from '../../../shared/descriptions/locators';
import { isoTime } from '../../../shared/helpers/time';
import { getId, isUuid } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import { presignedUpload } from '../../../shared/transport/upload';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { COMPLETION_NOTICE, FILE_FORMAT_HINT, questionFile } from './fields';

export const option: OperationOption = {
	name: 'Start',
	value: 'start',
	action: 'Start a batch QA run',
	description:
		'Upload a question file (.xlsx) and have an AI assistant answer every question; outputs the run ID and web chat ID for Get Results',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Answer With',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'AI Assistant',
				value: 'chatbot',
				description: "The assistant's API web chat runs the questions",
			},
			{
				name: 'Web Chat',
				value: 'webChat',
				description: 'A web chat (channel) of an assistant runs the questions',
			},
		],
		default: 'chatbot',
	},
	chatbotLocator({ displayOptions: { show: { target: ['chatbot'] } } }),
	webChatLocator({ displayOptions: { show: { target: ['webChat'] } } }),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the question file (.xlsx)',
		description: `${FILE_FORMAT_HINT} As an AI Agent tool (no binary input), give the file by expression: {{ $('Convert to File').first().binary.data }}`,
	},
	{
		displayName: COMPLETION_NOTICE,
		name: 'completionNotice',
		type: 'notice',
		default: '',
	},
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description:
				'The name the question file gets in MaiAgent; empty: the name of the binary file',
		},
	]),
];

/** The picked web chat, or the picked assistant (its API web chat is looked up later). */
function readTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { webChatId: string } | { chatbotId: string } {
	return ctx.getNodeParameter('target', itemIndex, 'chatbot') === 'webChat'
		? { webChatId: getId(ctx, 'webChat', 'Web chat', itemIndex) }
		: { chatbotId: getId(ctx, 'chatbot', 'AI assistant', itemIndex) };
}

/** The assistant's API web chat (`apiWebChatId`), or a NodeOperationError when it has none. */
async function apiWebChatOf(
	ctx: IExecuteFunctions,
	chatbotId: string,
	itemIndex: number,
	scope: RequestScope,
): Promise<string> {
	const chatbot = await maiagentApi(ctx, { url: `chatbots/${chatbotId}/` }, scope);
	const webChatId = chatbot.apiWebChatId;
	if (typeof webChatId === 'string' && isUuid(webChatId)) return webChatId;
	throw new NodeOperationError(
		ctx.getNode(),
		`The AI assistant "${String(chatbot.name ?? chatbotId)}" has no API web chat`,
		{
			itemIndex,
			description:
				"Batch QA runs on a web chat: choose Answer With: Web Chat and pick one of the assistant's web chats",
		},
	);
}

/**
 * Checks the target and the question file, then uploads the file (`batch-qa`) and registers the
 * run on the web chat. Nothing is uploaded for a bad file or an assistant without an API web chat.
 */
export const execute: OperationExecute = async function (i, scope) {
	const target = readTarget(this, i);
	const file = await questionFile(
		this,
		i,
		this.getNodeParameter('binaryPropertyName', i, 'data') as string | IBinaryData,
		this.getNodeParameter('options.fileName', i, '') as string,
	);
	const webChatId =
		'webChatId' in target ? target.webChatId : await apiWebChatOf(this, target.chatbotId, i, scope);
	const key = await presignedUpload(this, { model: 'batch-qa', file }, scope);
	const run = await maiagentApi(
		this,
		{
			method: 'POST',
			url: `web-chats/${webChatId}/batch-qas/`,
			body: { file: key, filename: file.filename },
		},
		scope,
	);
	return {
		id: run.id,
		webChatId,
		...('chatbotId' in target ? { chatbotId: target.chatbotId } : {}),
		createdAt: run.createdAt,
		createdAtIso: isoTime(run.createdAt) ?? null,
		fileName: file.filename,
		fileSize: file.size,
		file: run.file,
	} as IDataObject;
};
