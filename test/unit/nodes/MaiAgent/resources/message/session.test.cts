import {
	oldestContact,
	sessionSourceId,
} from '../../../../../../nodes/MaiAgent/resources/message/session';

describe('sessionSourceId', () => {
	const bot = '3f2b6c1e-8a4d-4c2e-9b1a-2d3e4f5a6b7c';
	const other = '0c5e7a91-4b2d-4f6e-8a3c-9d1b2e4f6a80';

	it('is stable, per AI assistant and key, and does not contain the key', () => {
		const id = sessionSourceId(bot, 'alice@example.com');
		expect(id).toMatch(/^n8n-session-[0-9a-f]{64}$/);
		expect(sessionSourceId(bot, 'alice@example.com')).toBe(id);
		expect(sessionSourceId(bot.toUpperCase(), 'alice@example.com')).toBe(id);
		expect(sessionSourceId(bot, 'bob@example.com')).not.toBe(id);
		expect(sessionSourceId(other, 'alice@example.com')).not.toBe(id);
		expect(id).not.toContain('alice');
	});

	it('keeps keys apart that only differ in where the assistant ends', () => {
		expect(sessionSourceId('a', 'b\nc')).not.toBe(sessionSourceId('a\nb', 'c'));
	});
});

describe('oldestContact', () => {
	it('picks the earliest createdAt, in epoch milliseconds or ISO-8601', () => {
		expect(
			oldestContact([
				{ id: 'b', createdAt: '1760000000500' },
				{ id: 'c', created_at: '2025-10-09T08:53:20Z' },
				{ id: 'a', createdAt: '1760000000900' },
			])?.id,
		).toBe('c');
	});

	it('breaks ties by ID, so every turn agrees; unknown times sort last', () => {
		expect(
			oldestContact([
				{ id: 'z', createdAt: '1760000000000' },
				{ id: 'y', createdAt: '1760000000000' },
				{ id: 'x' },
			])?.id,
		).toBe('y');
		expect(oldestContact([])).toBeUndefined();
	});
});
