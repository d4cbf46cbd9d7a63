// SPDX-License-Identifier: MIT
// What the finance pages (财务) share: money in and out of integer fen, the receipt number
// as printed (票号 2026-000123), the labels of the area's enum values, and what each role
// may do there.

import { label } from './pharmacy.js';
import { user } from './session.js';
import { h, today } from './ui.js';

export { all, label, yuan } from './pharmacy.js';

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

/* Labels of the area's enum values, as the server declares them (src/finance/*.c). */
export const VOUCHER_KIND = [
	['general', '记账凭证'], ['receipt', '收费'], ['receipt_cancel', '收费作废'],
	['remittance', '收入上缴'], ['expense', '代付支出'], ['due', '应拨款项'], ['payout', '拨付'],
	['payroll', '工资'], ['reversal', '红字冲销'],
];
export const ACCOUNT_KIND = [
	['asset', '资产'], ['liability', '负债'], ['net_assets', '净资产'], ['income', '收入'],
	['expense', '费用'],
];
export const ASSET_CATEGORY = [
	['building', '房屋及构筑物'], ['equipment', '医疗设备'], ['furniture', '家具用具'],
	['vehicle', '车辆'], ['other', '其他'],
];
export const ASSET_STATE = [
	['in_use', '在用'], ['idle', '闲置'], ['damaged', '损坏'], ['missing', '缺失'],
	['disposed', '已报废'],
];
export const ASSET_REQUEST_KIND = [['transfer', '调拨'], ['disposal', '报废']];
export const ASSET_REQUEST_STATUS = [['pending', '待审批'], ['approved', '已批准'], ['rejected', '不批准']];
export const CHECK_STATUS = [['open', '清查中'], ['closed', '已完成']];
export const CHECK_RESULT = [['found', '账实相符'], ['missing', '缺失'], ['damaged', '损坏']];
export const AUDIT_LEVEL = [['centre', '乡镇卫生院'], ['county', '县卫健局']];
export const FINDING_STATUS = [['open', '待整改'], ['rectified', '已整改']];

const STATUS_BADGE = {
	in_use: 'badge-ok', idle: 'badge-off', damaged: 'sev-warning', missing: 'sev-error',
	disposed: 'badge-off', pending: 'badge-plan', approved: 'badge-ok', rejected: 'badge-off',
	open: 'badge-plan', closed: 'badge-ok', found: 'badge-ok', rectified: 'badge-ok',
};

/* A badge with the label of VALUE in OPTIONS, coloured by what the value means. */
export function finBadge(options, value) {
	return h('span', { class: 'badge ' + (STATUS_BADGE[value] || ''), dataset: { value } },
		label(options, value));
}

// What each role may do in the area (routes.c: FIN_WRITE, FIN_OVERSEE); the server checks
// every request anyway, the UI only leaves out the buttons it would refuse.
const role = () => user()?.role || '';
const among = (...roles) => roles.includes(role());
/* Post vouchers, close months, run payroll, register and check assets (FIN_WRITE). */
export const canKeepBooks = () => among('admin', 'centre', 'finance');
/* Verify the books' hash chains and read payroll (FIN_OVERSEE). */
export const canOversee = () => among('admin', 'county', 'centre', 'finance', 'auditor');
/* Approve transfers and disposals of fixed assets (SR-FIN-5): the county. */
export const canDecideAssets = () => among('admin', 'county');
/* Record audit visits and their findings (SR-FIN-4). */
export const canAudit = () => among('admin', 'county', 'centre', 'finance');

/* The month before MONTH ("2026-01" → "2025-12"), or after it with STEP 1. */
export function monthAdd(month, step) {
	const [y, m] = month.split('-').map(Number);
	const n = y * 12 + (m - 1) + step;
	return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/* This month as YYYY-MM in the user's time zone. */
export function thisMonth() {
	return today().slice(0, 7);
}
