import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import { getChatbots, getEmbeddingModels, getRerankerModels } from '../shared/methods/loadOptions';
import { asNodeError, errorItem, pairedOutput } from './helpers/items';
import { chosenOperation, properties } from './router';

export class MaiAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MaiAgent',
		name: 'maiAgent',
		icon: { light: 'file:maiagent.svg', dark: 'file:maiagent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Chat with MaiAgent AI assistants (streaming replies), manage conversations, messages, contacts and human handover, broadcast to contacts, manage assistants, list inboxes, export chat records, and manage and sync knowledge bases (files, FAQs, labels, search)',
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

	/**
	 * A workflow run and an AI Agent's tool call both come here: the chosen operation runs once per
	 * input item; pairing, continue-on-fail and error wrapping happen here for every operation.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await chosenOperation(this);
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try {
				output.push(...pairedOutput(await run(this, i), i));
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, i);
				output.push(errorItem(error, i));
			}
		}
		return [output];
	}
}
