// SPDX-License-Identifier: MIT
// What the drugs and devices (药械) pages share: the Chinese labels of the area's enum
// values, what each role may do there (the server checks anyway; the UI only hides what
// would be refused), money and quantity formatting (integer fen, integer base units), the
// catalogue fetched once per sign-in, and the editor of an order's or a request's lines.

import { get } from './api.js';
import { user } from './session.js';
import { h, mount, today } from './ui.js';

export const ITEM_KIND = [['drug', '药品'], ['consumable', '耗材'], ['device', '器械']];
export const MOVEMENT_KIND = [
	['receipt', '采购入库'], ['delivery_out', '配送出库'], ['delivery_in', '配送入库'],
	['dispense', '发药'], ['return_out', '退回卫生院'], ['return_in', '村室退回'],
	['damage', '报损'], ['loss', '丢失'], ['expiry_disposal', '过期销毁'],
	['stocktake', '盘点调整'], ['reversal', '冲销'],
];
export const ORDER_STATUS = [['open', '待入库'], ['received', '已入库'], ['cancelled', '已取消']];
export const REQUEST_STATUS = [
	['requested', '待审批'], ['approved', '已批准'], ['rejected', '未批准'],
	['shipped', '已配送'], ['received', '已收货'],
];
export const DELIVERY_STATUS = [['shipped', '在途'], ['received', '已收货']];
export const STOCKTAKE_STATUS = [['open', '盘点中'], ['posted', '已过账']];
export const SERIOUSNESS = [
	['mild', '轻度'], ['moderate', '中度'], ['severe', '严重'], ['fatal', '死亡'],
];

/* The label of VALUE in OPTIONS ([[value, label]]), else the value itself, else "—". */
export function label(options, value) {
	const hit = options.find(([v]) => v === value);
	return hit ? hit[1] : value || '—';
}

const BADGE = {
	open: 'badge-plan', requested: 'badge-plan', shipped: 'badge-plan', approved: 'badge-ok',
	received: 'badge-ok', posted: 'badge-ok', rejected: 'badge-off', cancelled: 'badge-off',
	mild: 'sev-info', moderate: 'sev-warning', severe: 'sev-error', fatal: 'sev-error',
};

export function badge(options, value) {
	return h('span', { class: 'badge ' + (BADGE[value] || '') }, label(options, value));
}

/* A flag from the server: a boolean, or 0/1 from a plain column. */
export function yes(v) {
	return v === true || v === 1 || v === '1';
}

const role = () => (user() ? user().role : '');
const among = (...roles) => roles.includes(role());

/* Keep the catalogue, shared by the county: the county bureau (routes.c). */
export const canEditItems = () => among('admin', 'county');
/* Run the centre's store: orders, receipts, approving and shipping requests, disposal. */
export const canRunStore = () => among('admin', 'centre', 'pharmacy');
/* See a centre's store (the county watches it, the auditor reads). */
export const canSeeStore = () => among('admin', 'county', 'centre', 'pharmacy', 'finance',
	'auditor');
/* Work at a clinic's stock: request, receive, dispense, count, report. */
export const canWorkClinic = () => among('admin', 'centre', 'pharmacy', 'clinic');
/* Put a lot on hold (SR-DRG-5). */
export const canHoldLot = () => among('admin', 'county', 'centre', 'pharmacy');
/* The expiry and shortage dashboards. */
export const canSeeDashboard = () => among('admin', 'county', 'centre', 'pharmacy', 'auditor');
/* The county's list of adverse-event reports. */
export const canSeeAdverse = () => among('admin', 'county', 'centre', 'pharmacy', 'finance',
	'auditor', 'insurance');

/* Integer fen as "¥12.34" (exact: no floating point on the way). */
export function yuan(fen) {
	if (fen === null || fen === undefined || fen === '')
		return '—';
	const n = BigInt(Math.trunc(Number(fen)));
	const neg = n < 0n;
	const a = neg ? -n : n;
	const cents = String(a % 100n).padStart(2, '0');
	return `${neg ? '-' : ''}¥${a / 100n}.${cents}`;
}

/* N base units of ITEM as "120 片", with the packages when they divide: "120 片（6 盒）". */
export function qty(n, item) {
	if (n === null || n === undefined || n === '')
		return '—';
	const unit = item?.base_unit || '';
	const per = Number(item?.units_per_package || 0);
	const v = Number(n);
	const text = `${v} ${unit}`.trim();
	if (per > 1 && v !== 0 && v % per === 0 && item?.package_unit)
		return `${text}（${v / per} ${item.package_unit}）`;
	return text;
}

/* The item's name as a clerk reads it on a box: "阿莫西林胶囊 0.25g×24粒". */
export function itemName(i) {
	if (!i)
		return '—';
	const name = i.generic_name || i.item_name || i.name || '—';
	return [name, i.strength].filter(Boolean).join(' ');
}

/* Days from today to ISO DATE (negative: past), or null. */
export function daysTo(date) {
	if (!/^\d{4}-\d{2}-\d{2}/.test(date || ''))
		return null;
	const a = Date.parse(today() + 'T00:00:00Z');
	const b = Date.parse(date.slice(0, 10) + 'T00:00:00Z');
	return Math.round((b - a) / 86400000);
}

/* The expiry date with a warning badge: expired (usable on the day itself, not after,
 * SR-DRG-4) or within WARN days. */
export function expiry(date, warn = 90) {
	const d = daysTo(date);
	if (d === null)
		return date || '—';
	if (d < 0)
		return h('span', { class: 'expiry' }, date, ' ', h('span', { class: 'badge sev-error' }, '已过期'));
	if (d <= warn)
		return h('span', { class: 'expiry' }, date, ' ',
			h('span', { class: 'badge sev-warning' }, `${d} 天后到期`));
	return date;
}

export function isExpired(date) {
	const d = daysTo(date);
	return d !== null && d < 0;
}

/* Every item of a paged list at PATH with PARAMS (at most 20 pages of 500). */
export async function all(path, params) {
	const out = [];
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get(path, { ...params, limit: 500, offset });
		out.push(...(page.items || []));
		offset = page.next_offset;
	}
	return out;
}

// The catalogue of the user's county, fetched once per sign-in (and again after a change):
// every form that names an item needs it, and it changes rarely.
let catalogue = { user: null, list: null };

/* The active items of the catalogue: [{id, generic_name, ...}], by name. */
export async function items(fresh) {
	const u = user();
	if (!fresh && catalogue.user === u?.id && catalogue.list)
		return catalogue.list;
	const list = await all('/items', { active: 1, sort: 'generic_name' });
	catalogue = { user: u?.id, list };
	return list;
}

export function forgetItems() {
	catalogue = { user: null, list: null };
}

/* The item of ID in LIST, or a record built from the fields a joined row carries. */
export function itemOf(list, id, row) {
	return (list || []).find((i) => i.id === id) || row || null;
}

/* Options for a <select> of ITEMS: [[id, "name strength（基本单位）"]]. */
export function itemOptions(list) {
	return list.map((i) => [i.id, `${itemName(i)}${i.base_unit ? `（${i.base_unit}）` : ''}` +
		(yes(i.essential) ? '' : ' · 非基药')]);
}

/* An editor of document lines: one row per line with an item, a quantity in base units and
 * EXTRA inputs ([{name, label, type}]); "添加一行" and "删除" buttons. ID prefixes the
 * inputs' ids. Returns {el, values()} where values() gives [{item_id, [qtyName], ...}] of
 * the rows with an item chosen, numbers as numbers. */
export function lineEditor({ id, list, qtyName = 'quantity', qtyLabel = '数量（基本单位）',
	extra = [], rows = 1 }) {
	const body = h('div', { class: 'lines', id });
	let n = 0;
	const options = itemOptions(list);
	function addRow() {
		const k = n++;
		const item = h('select', { id: `${id}-item-${k}`, 'aria-label': '品种', class: 'line-item' },
			h('option', { value: '' }, '请选择品种'),
			options.map(([v, l]) => h('option', { value: v }, l)));
		const count = h('input', {
			id: `${id}-qty-${k}`, type: 'number', min: 1, inputmode: 'numeric',
			'aria-label': qtyLabel, placeholder: qtyLabel, class: 'line-qty',
		});
		const unit = h('span', { class: 'muted line-unit' });
		item.addEventListener('change', () => {
			const it = list.find((i) => i.id === item.value);
			mount(unit, it ? it.base_unit : '');
		});
		const more = extra.map((f) => h('input', {
			id: `${id}-${f.name}-${k}`, type: f.type || 'text', 'aria-label': f.label,
			placeholder: f.label, dataset: { name: f.name }, min: f.type === 'number' ? 0 : null,
			inputmode: f.type === 'number' ? 'numeric' : null, class: 'line-extra',
		}));
		const line = h('div', { class: 'line', dataset: { k } }, item, count, unit, more,
			h('button', { type: 'button', class: 'btn btn-quiet', 'aria-label': '删除此行',
				onclick: () => line.remove() }, '删除'));
		body.append(line);
		return line;
	}
	for (let i = 0; i < rows; i++)
		addRow();
	const add = h('button', { type: 'button', class: 'btn', id: `${id}-add` }, '添加一行');
	add.addEventListener('click', () => addRow().querySelector('select').focus());
	const num = (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v.trim());
	return {
		el: h('div', { class: 'line-editor' }, body, add),
		values() {
			return [...body.querySelectorAll('.line')].map((line) => {
				const item = line.querySelector('.line-item').value;
				if (!item)
					return null;
				const v = { item_id: item, [qtyName]: num(line.querySelector('.line-qty').value) };
				for (const x of line.querySelectorAll('.line-extra')) {
					if (x.value.trim() !== '')
						v[x.dataset.name] = x.type === 'number' ? num(x.value) : x.value.trim();
				}
				return v;
			}).filter(Boolean);
		},
	};
}
