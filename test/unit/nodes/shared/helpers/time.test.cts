import { createdBetween, isoTime, toMillis } from '../../../../../nodes/shared/helpers/time';

describe('timestamps', () => {
	it('reads 13-digit millisecond strings, numbers and ISO 8601, and gives ISO 8601', () => {
		expect(isoTime('1728181396000')).toBe('2024-10-06T02:23:16.000Z');
		expect(isoTime(1728181396000)).toBe('2024-10-06T02:23:16.000Z');
		expect(isoTime('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00.000Z');
		expect(isoTime('')).toBeUndefined();
		expect(isoTime('not a date')).toBeUndefined();
		expect(toMillis('1728181396000')).toBe(1728181396000);
		expect(toMillis(1728181396000)).toBe(1728181396000);
		expect(toMillis('2024-10-06T02:23:16.000Z')).toBe(1728181396000);
		expect(toMillis(null)).toBeUndefined();
		expect(toMillis('yesterday')).toBeUndefined();
	});
});

describe('created after/before filter', () => {
	it('keeps items strictly inside the window', () => {
		const inside = createdBetween('2024-10-06T00:00:00Z', '2024-10-07T00:00:00Z');
		expect(inside({ createdAt: '1728181396000' })).toBe(true);
		expect(inside({ createdAt: '1700000000000' })).toBe(false);
		expect(inside({})).toBe(false);
		expect(createdBetween()({})).toBe(true);
	});
});
