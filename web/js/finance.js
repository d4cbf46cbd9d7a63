// SPDX-License-Identifier: MIT
// What the finance pages (财务) share: money in and out of integer fen, the receipt number
// as printed (票号 2026-000123), and the labels of the area's enum values.

export { label, yuan } from './pharmacy.js';

/* Integer fen from what a user typed in yuan ("12", "12.5", "12.50"); null when empty,
 * NaN when it is not an amount with at most two decimals. */
export function fen(text) {
	const t = String(text ?? '').trim().replace(/^¥/, '');
	if (t === '')
		return null;
	const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(t);
	if (!m)
		return NaN;
	return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

/* "2026-000123": the receipt's year and its gapless serial. */
export function receiptNo(r) {
	return `${r.year}-${String(r.serial).padStart(6, '0')}`;
}

export const LINE_KIND = [
	['consultation', '诊查费'], ['tcm', '中医治疗费'], ['treatment', '治疗费'], ['other', '其他'],
];
export const RECEIPT_STATUS = [['issued', '有效'], ['cancelled', '作废']];
