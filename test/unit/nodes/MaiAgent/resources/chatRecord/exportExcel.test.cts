import {
	fallbackFileName,
	fileNameFromDisposition,
} from '../../../../../../nodes/MaiAgent/resources/chatRecord/exportExcel';

describe('export file names', () => {
	it('reads Content-Disposition, preferring filename*', () => {
		expect(fileNameFromDisposition('attachment; filename="records.xlsx"')).toBe('records.xlsx');
		expect(fileNameFromDisposition('attachment; filename=records.xlsx')).toBe('records.xlsx');
		expect(
			fileNameFromDisposition(
				`attachment; filename="x.xlsx"; filename*=UTF-8''%E5%B0%8D%E8%A9%B1%E7%B4%80%E9%8C%84.xlsx`,
			),
		).toBe('對話紀錄.xlsx');
		expect(fileNameFromDisposition('attachment')).toBeUndefined();
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
	});

	it('falls back to the assistant name and the date', () => {
		const now = new Date('2026-11-24T10:00:00Z');
		expect(fallbackFileName('客服 助理/v2', now)).toBe(
			'maiagent-records-客服-助理-v2-2026-11-24.xlsx',
		);
		expect(fallbackFileName('  ', now)).toBe('maiagent-records-assistant-2026-11-24.xlsx');
	});
});
