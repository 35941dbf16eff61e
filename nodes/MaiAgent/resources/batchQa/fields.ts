/**
 * What Batch QA's operations share: the question file's checks, which run before anything is
 * uploaded, and the web chat a run belongs to.
 *
 * MaiAgent's Batch QA runs an .xlsx of questions (first sheet, header 問題 | 型態, 型態 New or
 * Follow) through the assistant of a web chat. It has no list, detail or status route: the export
 * fetched early holds only what is answered so far, and nothing says when the run is done. The node
 * does not read the workbook (no .xlsx reader in the package): a workflow reads it with Extract
 * from File and decides completeness itself.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryFile } from '../../../shared/transport/upload';
import { binaryFile } from '../../../shared/transport/upload';
import { XLSX_MIME } from '../chatRecord/exportExcel';

export { XLSX_MIME };

/** Shown under both operations: what the node knows about a run, and what it does not. */
export const COMPLETION_NOTICE =
	'MaiAgent does not report when a batch QA run is finished (processing takes minutes): Get Results gives the answers so far. Check the file with Extract from File (one row per answered question, 回覆 filled) and, if questions are missing, Wait and get the results again.';

export const FILE_FORMAT_HINT =
	'An Excel file (.xlsx), first sheet with the header 問題 | 型態 in row 1, one question per row; 型態 is New (a new conversation) or Follow (continues the previous question). Convert to File (XLSX) makes one from rows with the columns 問題 and 型態.';

/** A .xlsx is a ZIP archive: its first bytes are a local file header. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function firstBytes(file: BinaryFile): Promise<Buffer> {
	const data = await file.open();
	if (Buffer.isBuffer(data)) return data.subarray(0, ZIP_SIGNATURE.length);
	const chunks: Buffer[] = [];
	let size = 0;
	// Leaving the loop early closes the stream.
	for await (const chunk of data) {
		chunks.push(Buffer.from(chunk));
		size += chunk.length;
		if (size >= ZIP_SIGNATURE.length) break;
	}
	return Buffer.concat(chunks).subarray(0, ZIP_SIGNATURE.length);
}

/**
 * The item's question file, checked before any request: present (in its binary field, or the
 * binary an expression gives, e.g. `{{ $('Convert to File').first().binary.data }}` for a tool),
 * not empty, and an .xlsx by name or type and by content. Anything else is a NodeOperationError
 * saying what the file must be.
 */
export async function questionFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string | IBinaryData,
	fileName: string,
): Promise<BinaryFile> {
	const fail = (message: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description: FILE_FORMAT_HINT });
	try {
		ctx.helpers.assertBinaryData(itemIndex, property);
	} catch {
		throw fail(
			typeof property === 'string'
				? `No question file: the item has no binary field "${property}"`
				: 'No question file: Input Binary Field is not a binary file',
		);
	}
	const file = await binaryFile(ctx, itemIndex, property, fileName);
	const named = /\.xlsx$/i.test(file.filename) || file.mimeType === XLSX_MIME;
	if (file.size === 0) throw fail(`The question file "${file.filename}" is empty`);
	if (!named || !(await firstBytes(file)).equals(ZIP_SIGNATURE)) {
		throw fail(
			`The question file "${file.filename}" (${file.mimeType || 'no type'}) is not an Excel .xlsx file`,
		);
	}
	// The name MaiAgent gets ends with .xlsx, as its examples' files do: a file that is an .xlsx by
	// its type only gets the extension.
	return named && !/\.xlsx$/i.test(file.filename)
		? { ...file, filename: `${file.filename}.xlsx` }
		: file;
}
