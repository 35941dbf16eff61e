/** Labels and user metadata of a file or FAQ (`update-metadata/`, PATCH or, on some tenants, POST). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maiagentApi } from '../../shared/transport/request';
import type { RequestScope } from '../../shared/transport/retry';
import { knowledgeBaseId, LabelBook, readLabels, readMetadata, unlessStatus } from './common';

/** PATCH as documented; a 405 means the tenant takes the POST another page documents. */
export async function patchMetadata(
	ctx: IExecuteFunctions,
	url: string,
	body: IDataObject,
	scope: RequestScope,
): Promise<IDataObject> {
	return await unlessStatus(
		'405',
		async () => await maiagentApi<IDataObject>(ctx, { method: 'PATCH', url, body }, scope),
		async () => await maiagentApi<IDataObject>(ctx, { method: 'POST', url, body }, scope),
	);
}

/** The item's Update Fields as an update-metadata body, checked before any change. */
export async function metadataBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	scope: RequestScope,
): Promise<IDataObject> {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (!('labels' in fields) && !('metadata' in fields)) {
		throw new NodeOperationError(ctx.getNode(), 'No field to update', {
			itemIndex,
			description: 'Add Labels, Metadata or both under "Update Fields"',
		});
	}
	const body: IDataObject = {};
	if ('metadata' in fields) {
		body.rawUserDefineMetadata = readMetadata(ctx, 'updateFields.metadata', itemIndex);
	}
	if ('labels' in fields) {
		const book = new LabelBook(ctx, knowledgeBaseId(ctx, itemIndex), scope);
		body.labels = (await readLabels(ctx, book, itemIndex, 'updateFields.labels')) ?? [];
	}
	return body;
}
