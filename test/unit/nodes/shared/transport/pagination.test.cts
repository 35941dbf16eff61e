import { pageNumberOf, toPage } from '../../../../../nodes/shared/transport/pagination';

describe('list envelopes', () => {
	it('reads page, cursor and plain-array lists', () => {
		expect(
			toPage({ count: 3, next: 'http://h/x/?page=2', previous: null, results: [{ id: 1 }] }),
		).toEqual({
			results: [{ id: 1 }],
			next: 'http://h/x/?page=2',
			count: 3,
		});
		expect(toPage({ next: null, previous: null, results: [] })).toEqual({
			results: [],
			next: null,
			count: undefined,
		});
		expect(toPage([{ id: 'a' }])).toEqual({ results: [{ id: 'a' }], next: null });
		expect(toPage({ next: '', results: [] }).next).toBeNull();
	});

	it('tells page-number links from cursor links', () => {
		expect(pageNumberOf('https://h/api/v1/chatbots/x/records/?page=3&pageSize=100')).toBe(3);
		expect(
			pageNumberOf('https://h/api/v1/conversations/?cursor=cD0yMDI2&pageSize=100'),
		).toBeUndefined();
	});
});
