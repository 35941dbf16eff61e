import {
	simplifyConversation,
	simplifyMessage,
} from '../../../../../nodes/shared/helpers/simplify';

describe('simplify', () => {
	it('keeps the millisecond strings and adds ISO twins', () => {
		const message = simplifyMessage({
			id: 'm1',
			conversation: 'c1',
			type: 'outgoing',
			content: '你好',
			createdAt: '1728181396000',
			sender: { id: 7, name: 'Bot', avatar: 'x' },
			feedback: null,
		});
		expect(message).toEqual({
			id: 'm1',
			conversation: 'c1',
			type: 'outgoing',
			content: '你好',
			createdAt: '1728181396000',
			createdAtIso: '2024-10-06T02:23:16.000Z',
			sender: { id: 7, name: 'Bot' },
			attachments: [],
			citations: [],
		});
	});

	it('flattens a conversation to what workflows use', () => {
		const simplified = simplifyConversation({
			id: 'c1',
			title: 'Hi',
			createdAt: '1728181396000',
			lastMessageCreatedAt: '1728181397000',
			inbox: { id: 'i1', name: 'Web', channelType: 'web', unreadConversationsCount: 3 },
			contact: null,
			lastMessage: {
				id: 'm1',
				type: 'incoming',
				content: 'Hello',
				createdAt: '1728181397000',
				attachments: [],
			},
			isGroupChat: false,
		});
		expect(simplified.inbox).toEqual({ id: 'i1', name: 'Web', channelType: 'web' });
		expect(simplified.contact).toBeNull();
		expect(simplified.lastMessageCreatedAtIso).toBe('2024-10-06T02:23:17.000Z');
		expect(simplified).not.toHaveProperty('isGroupChat');
	});
});
