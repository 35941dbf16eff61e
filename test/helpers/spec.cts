/**
 * Facts of MaiAgent's public API spec that tests check the sandbox and the node against, written
 * down once and independently of the sandbox's own code (docs/maiagent-api.md: the export's 14 columns).
 */

/** The 14 columns of "Export Chat Records as Excel File", in order. */
export const EXPORT_COLUMNS = [
	'ID',
	'用戶輸入訊息',
	'修飾輸入訊息',
	'型態',
	'參考資料',
	'輸出訊息',
	'誠實性評分',
	'回答相關性評分',
	'回答正確性評分',
	'回答相似性評分',
	'參考資料相關性評分',
	'參考資料召回率評分',
	'回覆花費時間',
	'建立時間',
];
