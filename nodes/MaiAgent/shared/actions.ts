/**
 * What each operation does, in the words n8n shows in the actions panel. The operation options use
 * these as their `action`, and errors name the failing operation with them.
 */
export const ACTIONS = {
	conversation: {
		create: 'Create a conversation',
		get: 'Get a conversation',
		getAll: 'Get many conversations',
	},
	message: {
		send: 'Send a message to an AI assistant',
		create: 'Create a message in a conversation',
		get: 'Get a message',
		getAll: 'Get many messages',
	},
	chatRecord: {
		getAll: 'Get many chat records of an AI assistant',
		exportExcel: 'Export chat records as an Excel file',
	},
} as const;

export function operationLabel(resource: string, operation: string): string {
	const labels = (ACTIONS as Record<string, Record<string, string> | undefined>)[resource];
	return labels?.[operation] ?? `${resource} ${operation}`.trim();
}
