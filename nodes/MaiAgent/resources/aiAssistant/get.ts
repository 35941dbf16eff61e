import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getFields } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { MODEL_KEYS, simplifyChatbot } from '../../../shared/helpers/simplify';
import { fetchAll } from '../../../shared/transport/pagination';
import type { RequestScope } from '../../../shared/transport/retry';
import { rest } from '../../helpers/rest';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	action: 'Get an AI assistant',
	description: 'Get an AI assistant by ID, with its web chat ID and webhook URL',
};

export const properties: INodeProperties[] = [chatbotLocator(), ...getFields()];

const getDetail = rest({ path: 'chatbots/{chatbot}/', ids: { chatbot: 'AI assistant' } });

export const execute: OperationExecute = async function (i, scope) {
	const chatbot = (await getDetail.call(this, i, scope)) as IDataObject;
	if (!this.getNodeParameter('simplify', i, false)) return chatbot;
	return simplifyChatbot({ ...chatbot, ...(await namedModels(this, chatbot, scope)) });
};

/**
 * The detail holds bare model IDs where the list item has `{id, name}`: Simplify shows names, as
 * Get Many does, from the assistant's list entry (one page for most tenants).
 */
async function namedModels(
	ctx: IExecuteFunctions,
	chatbot: IDataObject,
	scope: RequestScope,
): Promise<IDataObject> {
	if (!MODEL_KEYS.some((key) => typeof chatbot[key] === 'string')) return {};
	const [listed] = await fetchAll(ctx, { url: 'chatbots/' }, scope, {
		limit: 1,
		filter: (item) => item.id === chatbot.id,
	});
	const models: IDataObject = {};
	for (const key of MODEL_KEYS) if (listed?.[key] !== undefined) models[key] = listed[key];
	return models;
}
