// SPDX-License-Identifier: MIT
// A place's stock card (库存卡): what it holds per item and lot, with expiry, cost and hold,
// and under a lot, on request, its movements — the immutable ledger, newest first, paged by
// cursor so that a clinic with years of movements still answers its first page at once.

import { get, post } from './api.js';
import {
	canHoldLot, expiry, isExpired, itemName, label, MOVEMENT_KIND, qty, yes, yuan,
} from './pharmacy.js';
import { errorBox, h, mount, row, ruleCite, table, toast } from './ui.js';

const enc = encodeURIComponent;
const PAGE = 20;

export const STOCK_COLUMNS = [
	{ label: '品种' }, { label: '批号', cls: 'nowrap' }, { label: '有效期至' },
	{ label: '进价（零差率售价）', num: true }, { label: '库存', num: true }, { label: '状态' },
	{ label: '' },
];
// The documents behind movements, as a clerk names them.
const DOC_LABEL = {
	purchase_order: '采购单', receipt: '入库单', delivery: '配送单', dispense: '发药单',
	return: '退回单', disposal: '销毁单', stocktake: '盘点表', movement: '冲销',
};
const MOVE_COLUMNS = [
	{ label: '时间', cls: 'nowrap' }, { label: '类型' }, { label: '数量', num: true },
	{ label: '单据' }, { label: '原因' }, { label: '经办人' },
];

function holdState(s) {
	if (!yes(s.on_hold))
		return isExpired(s.expiry_date) ? h('span', { class: 'badge sev-error' }, '不可发放') : '可用';
	return [h('span', { class: 'badge sev-error' }, '暂停使用'), ruleCite('SR-DRG-5'),
		s.hold_reason ? h('div', { class: 'muted' }, s.hold_reason) : null];
}

/* The movements of LOT at PLACE into ROOT, a page at a time ("加载更多" follows the cursor). */
export async function movements(root, placeId, s) {
	const tbody = h('tbody');
	const more = h('div', { class: 'more' });
	mount(root, h('h4', null, `${itemName(s)} 批号 ${s.lot_no || ''} 的出入库流水`),
		table('movement-table', MOVE_COLUMNS, tbody), more);
	const load = async (cursor) => {
		mount(more, h('p', { class: 'loading' }, '正在加载流水…'));
		let page;
		try {
			page = await get(`/institutions/${enc(placeId)}/movements`,
				{ lot_id: s.lot_id, limit: PAGE, cursor });
		} catch (err) {
			mount(more, errorBox(err, () => load(cursor)));
			return;
		}
		const items = page.items || [];
		tbody.append(...items.map((m) => row(MOVE_COLUMNS, [
			(m.created_at || '').replace('T', ' ').slice(0, 16),
			label(MOVEMENT_KIND, m.kind),
			h('span', { class: Number(m.quantity) < 0 ? 'neg' : 'pos' },
				(Number(m.quantity) > 0 ? '+' : '') + qty(m.quantity, s)),
			[DOC_LABEL[m.doc_type] || m.doc_type, m.doc_no || (m.doc_id || '').slice(-8)]
				.filter(Boolean).join(' '),
			m.reason || '—',
			m.created_by_name || m.created_by || '—',
		], { dataset: { id: m.id, kind: m.kind } })));
		if (!tbody.children.length)
			tbody.append(h('tr', null, h('td', { colspan: 6, class: 'empty' }, '暂无流水。')));
		const next = page.next_cursor ?? null;
		mount(more, next ? h('button', { type: 'button', class: 'btn', id: 'movements-more',
			onclick: () => load(next) }, '加载更多') : null);
	};
	await load(undefined);
}

/* The hold / release button of lot S (SR-DRG-5: a held lot cannot be dispensed). */
function holdButton(s, reload) {
	const held = yes(s.on_hold);
	const b = h('button', { type: 'button', class: 'btn btn-small', dataset: { lot: s.lot_id } },
		held ? '恢复使用' : '暂停使用');
	b.addEventListener('click', async () => {
		let reason = '';
		if (!held) {
			reason = window.prompt('暂停使用该批号的原因（如：收到不良反应报告）', '') || '';
			if (!reason.trim())
				return;
		}
		b.disabled = true;
		try {
			await post(`/lots/${enc(s.lot_id)}/hold`, { on_hold: !held, reason: reason || undefined });
			toast(held ? '该批号已恢复使用' : '该批号已暂停使用');
			reload();
		} catch (err) {
			toast(err.message);
			b.disabled = false;
		}
	});
	return b;
}

/* The stock card of PLACE_ID into ROOT from STOCK (records of GET …/stock): a row per lot,
 * tapping "流水" opens the lot's movements under it. RELOAD() draws it again. */
export function stockTable(placeId, stock, reload, { hold = false } = {}) {
	if (!stock.length)
		return h('p', { class: 'empty' }, '暂无库存。');
	const rows = [...stock].sort((a, b) => itemName(a).localeCompare(itemName(b), 'zh') ||
		String(a.expiry_date).localeCompare(String(b.expiry_date)));
	return table('stock-table', STOCK_COLUMNS, h('tbody', null, rows.flatMap((s) => {
		const slot = h('div', { class: 'movements' });
		let open = false;
		const toggle = h('button', { type: 'button', class: 'btn btn-small lot-moves' }, '流水');
		toggle.addEventListener('click', () => {
			open = !open;
			toggle.setAttribute('aria-expanded', String(open));
			if (open)
				movements(slot, placeId, s);
			else
				mount(slot);
		});
		const cls = isExpired(s.expiry_date) ? 'lot-expired' : yes(s.on_hold) ? 'lot-held' : null;
		return [row(STOCK_COLUMNS, [
			[itemName(s), yes(s.essential) ? null : h('span', { class: 'badge' }, '非基药')],
			h('span', { class: 'mono' }, s.lot_no || '—'),
			expiry(s.expiry_date),
			yuan(s.unit_cost_fen),
			h('strong', { class: 'on-hand' }, qty(s.quantity, s)),
			holdState(s),
			h('span', { class: 'card-row' }, toggle, hold && canHoldLot() ? holdButton(s, reload) : null),
		], { class: cls, dataset: { lot: s.lot_id, item: s.item_id, quantity: s.quantity } }),
		h('tr', { class: 'slot-row' }, h('td', { colspan: 7 }, slot))];
	})));
}

/* The stock of PLACE_ID (every lot with something on hand). */
export async function stockOf(placeId) {
	const out = [];
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get(`/institutions/${enc(placeId)}/stock`, { limit: 500, offset });
		out.push(...(page.items || []));
		offset = page.next_offset;
	}
	return out.filter((s) => Number(s.quantity) !== 0);
}
