/**
 * What Message > Send and Wait for Response reads from its fields, in one place for the two sides
 * that need it: the node's `execute` (the message and its links) and its `webhook` (the pages the
 * links open). The field names follow n8n's own Send and Wait nodes (`message`, `responseType`,
 * `approvalType`...) so that n8n's generated human-review tool (MaiAgent HITL) fills them.
 */

/** n8n recognises a Send and Wait operation by this value (its HITL tool and its signed links). */
export const SEND_AND_WAIT_OPERATION = 'sendAndWait';

export type ResponseType = 'approval' | 'freeText';

export const DEFAULT_APPROVE_LABEL = 'Approve';
export const DEFAULT_DECLINE_LABEL = 'Decline';
export const DEFAULT_FORM_LINK_LABEL = 'Answer here';
export const DEFAULT_FORM_BUTTON_LABEL = 'Send';
/** The wait limit when Options > Wait Limit is not set: one day. */
export const DEFAULT_WAIT_LIMIT = 1;
export const DEFAULT_WAIT_LIMIT_UNIT = 'days';

export const WAIT_LIMIT_UNITS: Record<string, number> = {
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

/** Reads a field with a fallback: `getNodeParameter` of either context, item bound. */
export type FieldReader = (name: string, fallback: unknown) => unknown;

/** One answer the customer can give by opening its link. */
export interface Choice {
	approved: boolean;
	label: string;
}

function labelOf(read: FieldReader, name: string, fallback: string): string {
	const label = read(name, fallback);
	return typeof label === 'string' && label.trim() ? label.trim() : fallback;
}

export function responseTypeOf(read: FieldReader): ResponseType {
	return read('responseType', 'approval') === 'freeText' ? 'freeText' : 'approval';
}

/** The approval choices, in the order the message lists them (Approve Only: one). */
export function choicesOf(read: FieldReader): Choice[] {
	const approve = { approved: true, label: labelOf(read, 'approveLabel', DEFAULT_APPROVE_LABEL) };
	if (read('approvalType', 'double') === 'single') return [approve];
	return [
		approve,
		{ approved: false, label: labelOf(read, 'disapproveLabel', DEFAULT_DECLINE_LABEL) },
	];
}

/** The label of the choice a link names (`?approved=true|false`). */
export function choiceLabel(read: FieldReader, approved: boolean): string {
	return approved
		? labelOf(read, 'approveLabel', DEFAULT_APPROVE_LABEL)
		: labelOf(read, 'disapproveLabel', DEFAULT_DECLINE_LABEL);
}

export function formLinkLabel(read: FieldReader): string {
	return labelOf(read, 'options.formLinkLabel', DEFAULT_FORM_LINK_LABEL);
}

export function formButtonLabel(read: FieldReader): string {
	return labelOf(read, 'options.formButtonLabel', DEFAULT_FORM_BUTTON_LABEL);
}

/**
 * The wait limit in milliseconds, or undefined when it is not a positive number of a known unit
 * (the caller reports which).
 */
export function waitLimitMs(read: FieldReader): number | undefined {
	const amount = Number(read('options.waitLimit', DEFAULT_WAIT_LIMIT));
	const unit = WAIT_LIMIT_UNITS[String(read('options.waitLimitUnit', DEFAULT_WAIT_LIMIT_UNIT))];
	if (!Number.isFinite(amount) || amount <= 0 || unit === undefined) return undefined;
	return amount * unit;
}
