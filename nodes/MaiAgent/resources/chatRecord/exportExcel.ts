import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions/fields';
import { chatbotLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentRequest } from '../../../shared/transport/request';
import type { RequestScope } from '../../../shared/transport/retry';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';

export const option: OperationOption = {
	name: 'Export to Excel',
	value: 'exportExcel',
	action: 'Export chat records as an Excel file',
	description:
		'Download all chat records of an AI assistant as an .xlsx file (binary output, ready to email)',
};

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const properties: INodeProperties[] = [
	chatbotLocator(),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		builderHint: {
			propertyHint:
				'The binary field Send Email attaches (Attachments = data) or Read/Write Files from Disk writes. The file holds every record ever: for one day use Chat Record > Get Many with Created After/Before and Convert to File.',
		},
		hint: 'The name of the output binary field to put the Excel file in',
	},
	optionsCollection(),
];

/** The file name in a Content-Disposition header (RFC 6266: `filename*` wins over `filename`). */
export function fileNameFromDisposition(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
		} catch {
			// A malformed percent-encoding: fall back to the plain parameter below.
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
	const name = (plain?.[2] ?? plain?.[1])?.trim();
	return name || undefined;
}

/** `maiagent-records-<assistant name or id>-<YYYY-MM-DD>.xlsx`, safe on every file system. */
export function fallbackFileName(assistant: string, now = new Date()): string {
	const safe =
		assistant
			.trim()
			.replace(/[\\/:*?"<>|\s]+/g, '-')
			.replace(/^-+|-+$/g, '') || 'assistant';
	return `maiagent-records-${safe}-${now.toISOString().slice(0, 10)}.xlsx`;
}

/**
 * Downloads an .xlsx export into the item's output binary field, named as MaiAgent's
 * Content-Disposition names it (else `fallbackName()`), typed as MaiAgent sends it (else .xlsx).
 */
export async function downloadXlsx(
	ctx: IExecuteFunctions,
	download: { url: string; itemIndex: number; fallbackName: () => string },
	scope: RequestScope,
): Promise<INodeExecutionData> {
	const response = await maiagentRequest<ArrayBuffer>(
		ctx,
		{ url: download.url, encoding: 'arraybuffer' },
		scope,
	);
	const fileName =
		fileNameFromDisposition(response.headers['content-disposition']) ?? download.fallbackName();
	const contentType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const mimeType =
		contentType && contentType !== 'application/octet-stream' ? contentType : XLSX_MIME;
	const buffer = Buffer.from(response.body);
	const property = ctx.getNodeParameter('binaryPropertyName', download.itemIndex, 'data') as string;
	const binary = await ctx.helpers.prepareBinaryData(buffer, fileName, mimeType);
	return { json: { fileName, mimeType, fileSize: buffer.length }, binary: { [property]: binary } };
}

/** Downloads the workbook as n8n binary data, ready for Send Email or Write File. */
export const execute: OperationExecute = async function (i, scope) {
	const chatbot = getId(this, 'chatbot', 'AI assistant', i);
	const locator = this.getNodeParameter('chatbot', i, {}, { extractValue: false }) as IDataObject;
	const assistant = String(locator.cachedResultName || chatbot);
	const url = `chatbots/${chatbot}/records/export-excel/`;
	return await downloadXlsx(
		this,
		{ url, itemIndex: i, fallbackName: () => fallbackFileName(assistant) },
		scope,
	);
};
