/** Reading a resource locator's value where n8n does not extract it (inside fixed collections). */

/**
 * The ID a resource locator value holds: By URL, the UUID after `/<urlSegment>/`; From List and
 * By ID, the value as given (trimmed). A plain string (an older workflow, an expression) is the ID.
 */
export function locatorValue(value: unknown, urlSegment: string): string {
	const { mode, value: raw } =
		value && typeof value === 'object'
			? (value as { mode?: unknown; value?: unknown })
			: { mode: undefined, value };
	const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (mode !== 'url') return text;
	const match = new RegExp(`/${urlSegment}/([0-9a-f-]{36})`, 'i').exec(text);
	return match ? match[1] : text;
}
