// SPDX-License-Identifier: MIT
// The centre's store (药库), run by its pharmacist and manager: stock per item and lot
// (expiry, cost, hold), purchase orders with "新建订单" and "入库" (lot number, expiry,
// quantity, cost), the clinics' requests to approve (quantities may be cut) and ship
// first-expiry-first-out, deliveries in transit, and disposal of expired stock. The county
// and the auditor see the same pages read-only, choosing the centre.

import { get, post } from '../api.js';
import { go, href } from '../router.js';
import { user } from '../session.js';
import { centres } from '../staff.js';
import {
	badge, canRunStore, daysTo, DELIVERY_STATUS, isExpired, itemName, itemOf, items, lineEditor,
	ORDER_STATUS, qty, REQUEST_STATUS,
} from '../pharmacy.js';
import { stockOf, stockTable } from '../stock-card.js';
import { h, heading, loadInto, mount, row, ruleCite, table, toast, today } from '../ui.js';

const enc = encodeURIComponent;
const TABS = [
	['stock', '库存'], ['orders', '采购订单'], ['requests', '请领审批'], ['deliveries', '配送在途'],
	['disposal', '过期处理'],
];

/* A form of ID with TITLE and CONTENT whose submit runs SEND(); a refusal is shown above
 * the buttons with the rule it cites. */
function actionForm(id, title, content, submit, send, close) {
	const result = h('div', { role: 'alert' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary' }, submit);
	async function onsubmit(ev) {
		ev.preventDefault();
		mount(result);
		save.disabled = true;
		try {
			await send();
		} catch (err) {
			mount(result, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			save.disabled = false;
		}
	}
	return h('form', { class: 'inline-form edit-form', id, onsubmit, novalidate: true },
		title ? h('h3', null, title) : null, content, result,
		h('div', { class: 'actions' }, save,
			close ? h('button', { type: 'button', class: 'btn', onclick: close }, '取消') : null));
}

const input = (id, label, props = {}) => h('div', { class: 'field' },
	h('label', { for: id }, label), h('input', { id, ...props }));

/* ---- orders ---- */

function newOrder(centreId, list, done, close) {
	const editor = lineEditor({ id: 'order-lines', list, extra: [
		{ name: 'unit_price_fen', label: '单价（分/基本单位）', type: 'number' }] });
	const body = h('div', null, h('div', { class: 'fields' },
		input('order-supplier', '供应商', { required: true, maxlength: 100 }),
		input('order-platform', '省平台订单号', { maxlength: 50 }),
		input('order-date', '下单日期', { type: 'date', value: today() })), h('h4', null, '品种'), editor.el);
	const val = (id) => body.querySelector('#' + id).value.trim() || undefined;
	return actionForm('order-form', '新建采购订单', body, '保存订单', async () => {
		await post('/purchase-orders', { centre_id: centreId, supplier: val('order-supplier'),
			platform_order_no: val('order-platform'), ordered_on: val('order-date'), lines: editor.values() });
		toast('已新建采购订单');
		done();
	}, close);
}

const RECEIPT_COLUMNS = [
	{ label: '品种' }, { label: '订购 / 已收', num: true }, { label: '批号' }, { label: '有效期至' },
	{ label: '入库数量' }, { label: '进价（分）' },
];

/* "入库" of order O (with its lines): one row per line still to receive. */
function receiptForm(o, list, done, close) {
	const rows = (o.lines || []).filter((l) => Number(l.received || 0) < Number(l.quantity));
	const tbody = h('tbody', null, rows.map((l) => {
		const it = itemOf(list, l.item_id, l);
		const k = l.id;
		return row(RECEIPT_COLUMNS, [itemName(it),
			`${qty(l.quantity, it)} / ${Number(l.received || 0)}`,
			h('input', { id: `lot-${k}`, maxlength: 50, 'aria-label': '批号', class: 'r-lot' }),
			h('input', { id: `expiry-${k}`, type: 'date', 'aria-label': '有效期至', class: 'r-expiry' }),
			h('input', { id: `qty-${k}`, type: 'number', min: 1, inputmode: 'numeric', 'aria-label': '入库数量',
				value: Number(l.quantity) - Number(l.received || 0), class: 'r-qty' }),
			h('input', { id: `cost-${k}`, type: 'number', min: 0, inputmode: 'numeric', 'aria-label': '进价（分）',
				value: l.unit_price_fen, class: 'r-cost' }),
		], { dataset: { line: k } });
	}));
	return actionForm(`receipt-form-${o.id}`, `入库 · ${o.supplier}`, [
		h('p', { class: 'muted' }, '按批号入库；进价即村卫生室发药的售价（零差率）。已过期的批号不能入库。',
			ruleCite('SR-DRG-1')),
		table(null, RECEIPT_COLUMNS, tbody)], '确认入库', async () => {
		const lines = [...tbody.querySelectorAll('tr')].map((tr) => {
			const v = (c) => tr.querySelector(c).value.trim();
			return { line_id: tr.dataset.line, lot_no: v('.r-lot'), expiry_date: v('.r-expiry'),
				quantity: Number(v('.r-qty')), unit_cost_fen: Number(v('.r-cost')) };
		}).filter((l) => l.lot_no || l.expiry_date);
		await post(`/purchase-orders/${enc(o.id)}/receipt`, { lines });
		toast('已入库');
		done();
	}, close);
}

const ORDER_COLUMNS = [
	{ label: '下单日期', cls: 'nowrap' }, { label: '供应商' }, { label: '省平台订单号' }, { label: '品种' },
	{ label: '状态' }, { label: '' },
];

async function ordersTab(root, centreId, reload) {
	await loadInto(root, async () => {
		const [list, page] = await Promise.all([items(), get('/purchase-orders',
			{ centre_id: centreId, limit: 50, sort: '-ordered_on' })]);
		return { list, orders: page.items || [] };
	}, ({ list, orders }) => {
		const slot = h('div');
		const add = h('button', { type: 'button', class: 'btn btn-primary', id: 'new-order' }, '新建订单');
		add.addEventListener('click', () => mount(slot, newOrder(centreId, list, reload, () => mount(slot))));
		const rows = orders.flatMap((o) => {
			const under = h('div');
			const receive = o.status === 'open' && canRunStore() ? h('button', { type: 'button',
				class: 'btn btn-small', dataset: { order: o.id } }, '入库') : null;
			receive?.addEventListener('click', async () => {
				const full = o.lines ? o : await get(`/purchase-orders/${enc(o.id)}`);
				mount(under, receiptForm(full, list, reload, () => mount(under)));
			});
			return [row(ORDER_COLUMNS, [o.ordered_on, o.supplier, o.platform_order_no || '—',
				(o.lines || []).map((l) => itemName(itemOf(list, l.item_id, l))).join('、') || '—',
				badge(ORDER_STATUS, o.status), receive], { dataset: { id: o.id } }),
			h('tr', { class: 'slot-row' }, h('td', { colspan: 6 }, under))];
		});
		mount(root, h('div', { class: 'section-head' }, h('h2', null, '采购订单'),
			canRunStore() ? add : null),
		h('p', { class: 'muted' }, '卫生院统一采购、统一配送，村卫生室不得自行采购。', ruleCite('SR-DRG-2')),
		slot, orders.length ? table('order-table', ORDER_COLUMNS, h('tbody', null, rows))
			: h('p', { class: 'empty' }, '暂无采购订单。'));
	}, '正在加载采购订单…');
}

/* ---- requests: approve (cut) and ship ---- */

function decideForm(r, list, done, close) {
	const tbody = h('tbody', null, (r.lines || []).map((l) => {
		const it = itemOf(list, l.item_id, l);
		return h('tr', { dataset: { line: l.id } }, h('td', null, itemName(it)),
			h('td', { class: 'num' }, qty(l.requested, it)),
			h('td', null, h('input', { type: 'number', min: 0, inputmode: 'numeric', class: 'approve-qty',
				value: l.requested, 'aria-label': '批准数量', id: `approve-${l.id}` })));
	}));
	const lines = () => [...tbody.querySelectorAll('tr')].map((tr) => ({
		line_id: tr.dataset.line, approved: Number(tr.querySelector('input').value),
	}));
	const reject = h('button', { type: 'button', class: 'btn btn-danger' }, '不批准');
	reject.addEventListener('click', async () => {
		try {
			await post(`/stock-requests/${enc(r.id)}/decision`, { decision: 'reject' });
			toast('已不批准该请领');
			done();
		} catch (err) {
			toast(err.message);
		}
	});
	return actionForm(`decide-${r.id}`, null, [h('table', { class: 'table' },
		h('thead', null, h('tr', null, h('th', null, '品种'), h('th', { class: 'num' }, '请领'),
			h('th', null, '批准数量（可核减）'))), tbody), h('div', { class: 'actions' }, reject)],
	'批准', async () => {
		await post(`/stock-requests/${enc(r.id)}/decision`, { decision: 'approve', lines: lines() });
		toast('已批准请领');
		done();
	}, close);
}

function requestItem(r, list, reload) {
	const slot = h('div');
	const lines = (r.lines || []).map((l) => {
		const it = itemOf(list, l.item_id, l);
		const approved = l.approved !== null && l.approved !== undefined;
		return `${itemName(it)} ${qty(l.requested, it)}${approved ? `（批准 ${qty(l.approved, it)}）` : ''}`;
	});
	let act = null;
	if (canRunStore() && r.status === 'requested') {
		act = h('button', { type: 'button', class: 'btn btn-primary', dataset: { decide: r.id } }, '审批');
		act.addEventListener('click', () => mount(slot, decideForm(r, list, reload, () => mount(slot))));
	} else if (canRunStore() && r.status === 'approved') {
		act = h('button', { type: 'button', class: 'btn btn-primary', dataset: { ship: r.id } }, '配送');
		act.addEventListener('click', async () => {
			act.disabled = true;
			try {
				await post(`/stock-requests/${enc(r.id)}/ship`, {});
				toast('已按先到期先出配送');
				reload();
			} catch (err) {
				mount(slot, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
				act.disabled = false;
			}
		});
	}
	return h('li', { class: 'card', dataset: { id: r.id, status: r.status } },
		h('div', { class: 'section-head' }, h('strong', null, r.clinic_name || '村卫生室'),
			h('span', { class: 'card-row' }, h('span', { class: 'muted' }, (r.created_at || '').slice(0, 10)),
				badge(REQUEST_STATUS, r.status), act)),
		h('ul', { class: 'plain-list' }, lines.map((t) => h('li', null, t))),
		r.note ? h('p', { class: 'muted' }, r.note) : null, slot);
}

async function requestsTab(root, centreId, reload) {
	await loadInto(root, async () => {
		const list = await items();
		const pages = await Promise.all(['requested', 'approved'].map((status) =>
			get('/stock-requests', { status, centre_id: centreId, limit: 100 })));
		const reqs = await Promise.all(pages.flatMap((p) => p.items || []).map((r) => (r.lines ? r
			: get(`/stock-requests/${enc(r.id)}`).catch(() => r))));
		return { list, reqs };
	}, ({ list, reqs }) => {
		mount(root, h('h2', null, '村卫生室请领'),
			h('p', { class: 'muted' }, '审批时可核减数量；配送时系统按先到期先出选择批号。'),
			reqs.length ? h('ul', { class: 'cards requests' }, reqs.map((r) => requestItem(r, list, reload)))
				: h('p', { class: 'empty' }, '没有待审批或待配送的请领。'));
	}, '正在加载请领…');
}

/* ---- deliveries in transit ---- */

const DELIVERY_COLUMNS = [
	{ label: '发出日期', cls: 'nowrap' }, { label: '村卫生室' }, { label: '品种与批号' }, { label: '状态' },
];

async function deliveriesTab(root, centreId) {
	await loadInto(root, async () => {
		const page = await get('/deliveries', { centre_id: centreId, status: 'shipped', limit: 100 });
		return Promise.all((page.items || []).map((d) => (d.lines ? d
			: get(`/deliveries/${enc(d.id)}`).catch(() => d))));
	}, (list) => {
		mount(root, h('h2', null, '配送在途'), list.length ? table('delivery-table', DELIVERY_COLUMNS,
			h('tbody', null, list.map((d) => row(DELIVERY_COLUMNS, [d.shipped_on, d.clinic_name || '—',
				h('ul', { class: 'plain-list' }, (d.lines || []).map((l) => h('li', null,
					`${itemName(l)} 批号 ${l.lot_no || '—'} × ${qty(l.shipped, l)}`))),
				badge(DELIVERY_STATUS, d.status)], { dataset: { id: d.id } }))))
			: h('p', { class: 'empty' }, '没有在途的配送单。'));
	}, '正在加载配送单…');
}

/* ---- disposal of expired stock ---- */

async function disposalTab(root, centreId, reload) {
	await loadInto(root, () => stockOf(centreId), (stock) => {
		const expired = stock.filter((s) => isExpired(s.expiry_date) && Number(s.quantity) > 0);
		const boxes = expired.map((s) => h('label', { class: 'field-check', dataset: { lot: s.lot_id } },
			h('input', { type: 'checkbox', value: s.lot_id, checked: true }),
			`${itemName(s)} 批号 ${s.lot_no} · 有效期至 ${s.expiry_date} · ${qty(s.quantity, s)}`));
		const reason = h('input', { id: 'disposal-reason', value: '过期销毁', maxlength: 200 });
		const form = actionForm('disposal-form', '过期药械销毁登记', [
			h('div', null, boxes), h('div', { class: 'field' }, h('label', { for: 'disposal-reason' }, '原因'), reason)],
		'登记销毁', async () => {
			const lines = boxes.map((b) => b.querySelector('input')).filter((c) => c.checked)
				.map((c) => ({ lot_id: c.value, quantity: Number(expired.find((s) => s.lot_id === c.value).quantity) }));
			await post(`/institutions/${enc(centreId)}/disposals`, { reason: reason.value.trim(), lines });
			toast('已登记销毁');
			reload();
		});
		mount(root, h('h2', null, '过期处理'),
			h('p', { class: 'muted' }, '过期药械（含村卫生室退回的）在卫生院集中销毁，销毁记录长期保存。', ruleCite('SR-DRG-4')),
			expired.length ? (canRunStore() ? form : h('ul', { class: 'plain-list' },
				expired.map((s) => h('li', null, `${itemName(s)} 批号 ${s.lot_no} ${s.expiry_date}`))))
				: h('p', { class: 'empty' }, '药库中没有过期药械。'));
	}, '正在加载库存…');
}

/* ---- the page ---- */

function tabBar(current, centreId) {
	return h('nav', { class: 'segmented tabs', 'aria-label': '药库' }, TABS.map(([k, text]) =>
		h('a', { class: 'btn', href: href('/store', { centre_id: centreId, tab: k === 'stock' ? '' : k }),
			'aria-pressed': k === current ? 'true' : 'false', dataset: { tab: k } }, text)));
}

async function stockTab(root, centreId, reload) {
	await loadInto(root, () => stockOf(centreId), (stock) => {
		const near = stock.filter((s) => {
			const d = daysTo(s.expiry_date);
			return d !== null && d >= 0 && d <= 90;
		});
		const expired = stock.filter((s) => isExpired(s.expiry_date));
		mount(root, h('div', { class: 'stats' },
			h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, new Set(stock.map((s) => s.item_id)).size), '品种'),
			h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, stock.length), '批号'),
			h('div', { class: 'stat' + (near.length ? ' stat-bad' : '') }, h('span', { class: 'stat-n' }, near.length), '近效期批号'),
			h('div', { class: 'stat' + (expired.length ? ' stat-bad' : '') }, h('span', { class: 'stat-n' }, expired.length), '过期批号')),
		stockTable(centreId, stock, reload, { hold: true }));
	}, '正在加载库存…');
}

export default async function store(root, { query }) {
	const u = user();
	const own = u.role === 'centre' || u.role === 'pharmacy';
	let centreId = own ? u.institution_id : query.get('centre_id') || '';
	const tab = TABS.some(([k]) => k === query.get('tab')) ? query.get('tab') : 'stock';
	const picker = h('div');
	const body = h('section', { id: 'store-' + tab });
	mount(root, h('div', { class: 'page-head' }, heading('药库', own && u.institution_name
		? h('small', null, ` · ${u.institution_name}`) : null), picker), body);
	if (!own) {
		const list = await centres().catch(() => []);
		if (!centreId && list.length)
			centreId = list[0].id;
		const sel = h('select', { id: 'store-centre', 'aria-label': '卫生院' }, list.map((c) =>
			h('option', { value: c.id, selected: c.id === centreId }, c.name)));
		sel.addEventListener('change', () => go('/store', { centre_id: sel.value, tab }, true));
		mount(picker, sel);
	}
	if (!centreId) {
		mount(body, h('p', { class: 'empty' }, '没有可查看的卫生院。'));
		return;
	}
	body.before(tabBar(tab, own ? '' : centreId));
	const reload = () => go('/store', { centre_id: own ? '' : centreId, tab: tab === 'stock' ? '' : tab }, true);
	const draw = {
		stock: () => stockTab(body, centreId, reload),
		orders: () => ordersTab(body, centreId, reload),
		requests: () => requestsTab(body, centreId, reload),
		deliveries: () => deliveriesTab(body, centreId),
		disposal: () => disposalTab(body, centreId, reload),
	}[tab];
	await draw();
}
