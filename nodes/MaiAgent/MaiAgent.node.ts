import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import { getChatbots, getEmbeddingModels, getRerankerModels } from '../shared/methods/loadOptions';
import { properties, route } from './router';

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations, messages and human handover, list assistants and inboxes, export chat records, and manage and sync knowledge bases (files, FAQs, labels, search)',
		defaults: { name: 'MaiAgent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'maiAgentApi', required: true }],
		properties,
	};

	methods = {
		listSearch,
		loadOptions: { getChatbots, getEmbeddingModels, getRerankerModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Per item: with On Error "Continue", a failing item becomes an error item (route's loop).
		return await route.call(this, this.continueOnFail());
	}
}
