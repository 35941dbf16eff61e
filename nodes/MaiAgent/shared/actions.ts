/**
 * What each operation does, in the words n8n shows in the actions panel. The operation options use
 * these as their `action`, and errors name the failing operation with them.
 */
export const ACTIONS = {
	conversation: {
		create: 'Create a conversation',
		get: 'Get a conversation',
		getAll: 'Get many conversations',
		setAutoReply: 'Set the auto-reply of a conversation',
	},
	message: {
		send: 'Send a message to an AI assistant',
		create: 'Create a message in a conversation',
		get: 'Get a message',
		getAll: 'Get many messages',
		sendAsAgent: 'Send a message as a human agent',
	},
	aiAssistant: {
		get: 'Get an AI assistant',
		getAll: 'Get many AI assistants',
	},
	inbox: {
		getAll: 'Get many inboxes',
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
