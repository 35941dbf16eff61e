/** A knowledge-base file's status, read by the file operations and the trigger's file event. */
import type { IDataObject } from 'n8n-workflow';

export interface FileStatus {
	/** `initial`, `processing`, `done`, `failed`, `deleting`, `deleted`. */
	code: string;
	/** MaiAgent's message for the status (the reason, when `failed`). */
	message?: string;
}

/** `status` is a string on one reference page and `{code, message}` on another: both read here. */
export function fileStatus(file: IDataObject): FileStatus {
	const status = file.status;
	if (status && typeof status === 'object') {
		const { code, message } = status as IDataObject;
		return { code: String(code ?? ''), message: typeof message === 'string' ? message : undefined };
	}
	return { code: String(status ?? '') };
}
