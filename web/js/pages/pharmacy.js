// SPDX-License-Identifier: MIT
// A village clinic's pharmacy (村卫生室药房), the village doctor's main screen for drugs:
// the stock card per lot with its movements, deliveries to receive (what arrived per line,
// any discrepancy recorded as such), dispensing at zero mark-up (the lots first-expiry-
// first-out took and their price = cost), stock requests to the centre (the LB-DRG-1 share
// refusal shown with its figures), returns of expired stock, stocktakes and the adverse-
// event form. One tab at a time, so a slow connection loads only what is looked at.

import { get, post } from '../api.js';
import { fieldForm } from '../field-form.js';
import { go, href } from '../router.js';
import { user } from '../session.js';
import {
	badge, canWorkClinic, DELIVERY_STATUS, expiry, isExpired, itemName, itemOf, items,
	lineEditor, qty, REQUEST_STATUS, SERIOUSNESS, STOCKTAKE_STATUS, yes, yuan,
} from '../pharmacy.js';
import { stockOf, stockTable } from '../stock-card.js';
import {
	errorBox, h, heading, loadInto, mount, row, ruleCite, table, toast, today,
} from '../ui.js';

const enc = encodeURIComponent;
const TABS = [
	['stock', '库存卡'], ['receive', '收货'], ['dispense', '发药'], ['request', '请领'],
	['return', '退回'], ['count', '盘点'], ['adverse', '不良反应'],
];

/* ---- deliveries to receive ---- */

const RECEIVE_COLUMNS = [
	{ label: '品种' }, { label: '批号', cls: 'nowrap' }, { label: '有效期至' },
	{ label: '发出', num: true }, { label: '实收' }, { label: '差异说明' },
];

/* The receipt form of delivery D (with its lines): received per line defaults to what was
 * shipped; a different figure needs a discrepancy text (the server says so too). */
function receiveForm(d, done) {
	const lines = d.lines || [];
	const result = h('div', { role: 'alert' });
	const inputs = lines.map((l) => ({
		line: l,
		received: h('input', { type: 'number', min: 0, inputmode: 'numeric', value: l.shipped,
			id: `receive-${l.id}`, 'aria-label': '实收数量', class: 'receive-qty' }),
		note: h('input', { type: 'text', maxlength: 200, id: `receive-note-${l.id}`,
			'aria-label': '差异说明', placeholder: '实收与发出不同时填写' }),
	}));
	const save = h('button', { type: 'submit', class: 'btn btn-primary', id: `receive-${d.id}` },
		'确认收货');
	async function onsubmit(ev) {
		ev.preventDefault();
		mount(result);
		const body = {
			lines: inputs.map((x) => ({
				line_id: x.line.id,
				received: Number(x.received.value),
				discrepancy: x.note.value.trim() || undefined,
			})),
		};
		save.disabled = true;
		try {
			await post(`/deliveries/${enc(d.id)}/receipt`, body);
			toast('已确认收货，药品已入本室库存');
			done();
		} catch (err) {
			mount(result, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			save.disabled = false;
		}
	}
	return h('form', { class: 'card receive-form', dataset: { delivery: d.id }, onsubmit,
		novalidate: true },
	h('div', { class: 'section-head' },
		h('h3', null, `配送单 ${d.shipped_on || ''}`, h('small', null, ` · ${d.centre_name || '卫生院'}`)),
		badge(DELIVERY_STATUS, d.status)),
	table(null, RECEIVE_COLUMNS, h('tbody', null, inputs.map((x) => row(RECEIVE_COLUMNS, [
		itemName(x.line), h('span', { class: 'mono' }, x.line.lot_no || '—'),
		expiry(x.line.expiry_date), qty(x.line.shipped, x.line),
		h('span', { class: 'card-row' }, x.received, x.line.base_unit || ''), x.note,
	], { dataset: { line: x.line.id } })))),
	result, h('div', { class: 'actions' }, save));
}

async function receiveTab(root, clinicId, reload) {
	await loadInto(root, async () => {
		const page = await get('/deliveries', { clinic_id: clinicId, status: 'shipped', limit: 50 });
		return Promise.all((page.items || []).map((d) => (d.lines ? d
			: get(`/deliveries/${enc(d.id)}`))));
	}, (list) => {
		mount(root, h('h2', null, '待收货的配送单'),
			h('p', { class: 'muted' }, '药械只能由卫生院配送入村卫生室。', ruleCite('SR-DRG-2'),
				' 请逐行核对实收数量；与发出数量不符的，如实填写差异说明，未到的部分退回卫生院库存。'),
			list.length ? list.map((d) => receiveForm(d, reload))
				: h('p', { class: 'empty' }, '没有待收货的配送单。'));
	}, '正在加载配送单…');
}

/* ---- dispensing ---- */

const DISPENSED_COLUMNS = [
	{ label: '品种' }, { label: '批号', cls: 'nowrap' }, { label: '有效期至' }, { label: '数量', num: true },
	{ label: '单价（=进价）', num: true }, { label: '金额', num: true },
];

/* The input of the dispense form for a field the server named in a line. */
function lineField(field) {
	if (/quantity/.test(field || ''))
		return 'quantity';
	if (/indication/.test(field || ''))
		return 'indication';
	if (/item|lot|price/.test(field || ''))
		return 'item_id';
	return field;
}

/* What a dispense took: the lots FEFO chose and their price (零差率: price = cost). */
function dispensed(d, stock) {
	const lot = (id) => stock.find((s) => s.lot_id === id) || {};
	const lines = d.lines || [];
	return h('div', { class: 'card dispensed', id: 'dispense-result', role: 'status' },
		h('h3', null, '已发药', h('small', null, d.patient_ref ? ` · 患者 ${d.patient_ref}` : '')),
		table('dispense-lines', DISPENSED_COLUMNS, h('tbody', null, lines.map((l) => {
			const s = { ...lot(l.lot_id), ...l };
			return row(DISPENSED_COLUMNS, [itemName(s), h('span', { class: 'mono' }, s.lot_no || '—'),
				s.expiry_date || '—', qty(l.quantity, s), yuan(l.unit_price_fen), yuan(l.amount_fen)],
			{ dataset: { lot: l.lot_id } });
		}))),
		h('p', { class: 'total' }, '合计 ', h('strong', { id: 'dispense-total' }, yuan(d.total_fen)),
			h('span', { class: 'muted' }, '（零差率：按进价销售，先到期的批号先发）'), ruleCite('SR-DRG-1')));
}

async function dispenseTab(root, clinicId) {
	await loadInto(root, () => stockOf(clinicId), (stock) => {
		// The items this clinic can dispense: on hand, not expired, not on hold.
		const usable = new Map();
		for (const s of stock) {
			if (Number(s.quantity) > 0 && !isExpired(s.expiry_date) && !yes(s.on_hold)) {
				const have = usable.get(s.item_id);
				usable.set(s.item_id, { ...s, total: (have?.total || 0) + Number(s.quantity) });
			}
		}
		const choices = [...usable.values()].sort((a, b) => itemName(a).localeCompare(itemName(b), 'zh'))
			.map((s) => [s.item_id, `${itemName(s)}（库存 ${qty(s.total, s)}）`]);
		const result = h('div');
		const form = fieldForm({
			id: 'dispense-form',
			title: '发药',
			submit: '发药',
			fields: [
				{ name: 'item_id', label: '品种', type: 'select', options: choices, required: true, local: true },
				{ name: 'quantity', label: '数量（基本单位）', type: 'number', min: 1, required: true,
					local: true },
				{ name: 'patient_ref', label: '患者编号（可选，无需姓名）', maxlength: 50 },
				{ name: 'indication', label: '输液指征（静脉输液品种必填）', maxlength: 200, local: true },
			],
			send: async (v) => {
				const f = form.inputs;
				const line = { item_id: f.get('item_id').value,
					quantity: Number(f.get('quantity').value) || f.get('quantity').value };
				if (f.get('indication').value.trim())
					line.indication = f.get('indication').value.trim();
				try {
					return await post('/dispenses', { clinic_id: clinicId, ...v, lines: [line] });
				} catch (err) {
					// The server names the fields of a line ("lines[0].quantity"): show the
					// refusal at the input the user filled in.
					err.field = lineField(err.field);
					throw err;
				}
			},
			done: (d) => {
				toast('已发药');
				mount(result, dispensed(d, stock));
				form.inputs.get('quantity').value = '';
			},
		});
		const unit = h('span', { class: 'muted', id: 'dispense-unit' });
		form.inputs.get('item_id').addEventListener('change', (ev) => {
			const s = usable.get(ev.target.value);
			mount(unit, s ? `库存 ${qty(s.total, s)}，进价 ${yuan(s.unit_cost_fen)}/${s.base_unit || '单位'}` : '');
			form.inputs.get('indication').closest('.field').hidden = !(s && yes(s.infusion));
		});
		form.inputs.get('indication').closest('.field').hidden = true;
		form.inputs.get('item_id').after(unit);
		mount(root, choices.length ? h('div', { class: 'card' }, form.el)
			: h('p', { class: 'empty' }, '本室暂无可发放的药品（过期或暂停使用的批号不能发放）。'), result);
	}, '正在加载库存…');
}

/* ---- requests ---- */

const REQUEST_COLUMNS = [
	{ label: '请领日期', cls: 'nowrap' }, { label: '品种与数量' }, { label: '状态' }, { label: '备注' },
];

function requestLines(r, list) {
	return h('ul', { class: 'plain-list' }, (r.lines || []).map((l) => {
		const it = itemOf(list, l.item_id, l);
		const cut = l.approved !== null && l.approved !== undefined && Number(l.approved) !== Number(l.requested);
		return h('li', null, `${itemName(it)} ${qty(l.requested, it)}`,
			cut ? h('span', { class: 'muted' }, ` → 批准 ${qty(l.approved, it)}`) : null);
	}));
}

async function requestTab(root, clinicId) {
	await loadInto(root, async () => {
		const [list, page] = await Promise.all([items(),
			get('/stock-requests', { clinic_id: clinicId, limit: 20 })]);
		const reqs = await Promise.all((page.items || []).map((r) => (r.lines ? r
			: get(`/stock-requests/${enc(r.id)}`).catch(() => r))));
		return { list, reqs };
	}, ({ list, reqs }) => {
		const editor = lineEditor({ id: 'request-lines', list, qtyName: 'requested',
			qtyLabel: '请领数量' });
		const note = h('input', { type: 'text', id: 'request-note', maxlength: 200,
			placeholder: '备注（可选）', 'aria-label': '备注' });
		const result = h('div', { role: 'alert', id: 'request-error' });
		const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交请领');
		async function onsubmit(ev) {
			ev.preventDefault();
			mount(result);
			const lines = editor.values();
			if (!lines.length) {
				mount(result, h('p', { class: 'form-error' }, '请至少选择一个品种。'));
				return;
			}
			save.disabled = true;
			try {
				await post('/stock-requests', { clinic_id: clinicId, note: note.value.trim() || undefined, lines });
				toast('已提交请领，待卫生院审批');
				requestTab(root, clinicId);
			} catch (err) {
				mount(result, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
				save.disabled = false;
			}
		}
		mount(root, h('form', { class: 'card edit-form', id: 'request-form', onsubmit, novalidate: true },
			h('h3', null, '向卫生院请领'),
			h('p', { class: 'muted' }, '非基本药物品种占本室在用品种的比例不得超过政策规定。', ruleCite('LB-DRG-1')),
			editor.el, h('div', { class: 'field' }, note), result, h('div', { class: 'actions' }, save)),
		h('h2', null, '最近的请领'),
		reqs.length ? table('request-table', REQUEST_COLUMNS, h('tbody', null, reqs.map((r) =>
			row(REQUEST_COLUMNS, [(r.created_at || '').slice(0, 10), requestLines(r, list),
				badge(REQUEST_STATUS, r.status), r.note || '—'], { dataset: { id: r.id } }))))
			: h('p', { class: 'empty' }, '暂无请领。'));
	}, '正在加载…');
}

/* ---- returns of expired or damaged stock ---- */

async function returnTab(root, clinicId) {
	await loadInto(root, () => stockOf(clinicId), (stock) => {
		const lots = stock.filter((s) => Number(s.quantity) > 0);
		const expired = lots.filter((s) => isExpired(s.expiry_date));
		const form = fieldForm({
			id: 'return-form',
			title: '退回卫生院',
			submit: '登记退回',
			fields: [
				{ name: 'lot_id', label: '批号', type: 'select', required: true, local: true,
					options: lots.map((s) => [s.lot_id, `${itemName(s)} 批号 ${s.lot_no} · ${s.expiry_date}` +
						`${isExpired(s.expiry_date) ? '（已过期）' : ''} · 库存 ${qty(s.quantity, s)}`]) },
				{ name: 'quantity', label: '数量（基本单位）', type: 'number', min: 1, required: true, local: true },
				{ name: 'reason', label: '原因', required: true, maxlength: 200, value: expired.length ? '过期' : '' },
			],
			send: (v) => post(`/institutions/${enc(clinicId)}/returns`, { ...v, lines: [{
				lot_id: form.inputs.get('lot_id').value,
				quantity: Number(form.inputs.get('quantity').value),
			}] }),
			done: () => {
				toast('已登记退回，药品已转回卫生院');
				returnTab(root, clinicId);
			},
		});
		mount(root, h('p', { class: 'muted' }, expired.length
			? `本室有 ${expired.length} 个已过期批号仍在库，须退回卫生院集中销毁。` : '过期、破损药械退回卫生院。',
		ruleCite('SR-DRG-4')), lots.length ? h('div', { class: 'card' }, form.el)
			: h('p', { class: 'empty' }, '暂无库存。'));
	}, '正在加载库存…');
}

/* ---- stocktakes ---- */

async function countTab(root, clinicId) {
	await loadInto(root, () => get('/stocktakes', { place_id: clinicId, limit: 20 }), (page) => {
		const list = page.items || [];
		const start = h('button', { type: 'button', class: 'btn btn-primary', id: 'start-stocktake' },
			'开始盘点');
		start.addEventListener('click', async () => {
			start.disabled = true;
			try {
				const st = await post('/stocktakes', { place_id: clinicId, counted_on: today() });
				go('/stocktakes/' + st.id);
			} catch (err) {
				toast(err.message);
				start.disabled = false;
			}
		});
		mount(root, h('div', { class: 'section-head' }, h('h2', null, '盘点'), canWorkClinic() ? start : null),
			h('p', { class: 'muted' }, '系统列出每个批号的账面数，录入实盘数后过账，差异以调整记录入账，差异报告长期保存。',
				ruleCite('SR-DRG-3')),
			list.length ? h('ul', { class: 'plain-list' }, list.map((s) => h('li', null,
				h('a', { href: href('/stocktakes/' + s.id) }, `${s.counted_on} 盘点`), ' ',
				badge(STOCKTAKE_STATUS, s.status))))
				: h('p', { class: 'empty' }, '本室尚未盘点。'));
	}, '正在加载盘点…');
}

/* ---- adverse events ---- */

async function adverseTab(root, clinicId) {
	await loadInto(root, async () => [await items(), await stockOf(clinicId)], ([list, stock]) => {
		const form = fieldForm({
			id: 'adverse-form',
			title: '报告药品不良反应 / 器械不良事件',
			submit: '提交报告',
			fields: [
				{ name: 'item_id', label: '品种', type: 'select', required: true,
					options: list.map((i) => [i.id, itemName(i)]) },
				{ name: 'lot_id', label: '批号（可选）', type: 'select', options: [] },
				{ name: 'patient_ref', label: '患者编号（无需姓名）', required: true, maxlength: 50 },
				{ name: 'occurred_on', label: '发生日期', type: 'date', required: true, value: today(), max: today() },
				{ name: 'reaction', label: '不良反应 / 事件', type: 'textarea', required: true },
				{ name: 'seriousness', label: '严重程度', type: 'select', options: SERIOUSNESS, required: true },
				{ name: 'outcome', label: '转归', required: true, maxlength: 200 },
				{ name: 'reporter', label: '报告人', required: true, maxlength: 50,
					value: user().display_name || '' },
			],
			send: (v) => post('/adverse-events', { ...v, clinic_id: clinicId }),
			done: () => {
				toast('已提交不良反应报告');
				adverseTab(root, clinicId);
			},
		});
		const item = form.inputs.get('item_id');
		const lot = form.inputs.get('lot_id');
		item.addEventListener('change', () => {
			mount(lot, h('option', { value: '' }, '不确定'), stock.filter((s) => s.item_id === item.value)
				.map((s) => h('option', { value: s.lot_id }, `${s.lot_no} · ${s.expiry_date}`)));
		});
		mount(root, h('div', { class: 'card' }, form.el,
			h('p', { class: 'muted' }, '报告汇总至县卫健局；有报告的批号可暂停使用。', ruleCite('SR-DRG-5'))));
	}, '正在加载…');
}

/* ---- the page ---- */

async function stockTab(root, clinicId, reload) {
	const waiting = h('div');
	await loadInto(root, () => stockOf(clinicId), (stock) => {
		const expired = stock.filter((s) => isExpired(s.expiry_date));
		mount(root, waiting, expired.length ? h('p', { class: 'error-box' },
			`有 ${expired.length} 个批号已过期仍在库，不得发放，请退回卫生院。`, ruleCite('SR-DRG-4')) : null,
		stockTable(clinicId, stock, reload));
	}, '正在加载库存…');
	// Deliveries waiting are what a doctor must not miss: say so above the stock.
	get('/deliveries', { clinic_id: clinicId, status: 'shipped', limit: 50 }).then((p) => {
		const n = (p.items || []).length;
		if (n)
			mount(waiting, h('a', { class: 'notice', id: 'deliveries-waiting',
				href: href(location.hash.slice(1).split('?')[0], { tab: 'receive' }) },
			`有 ${n} 张配送单待收货，点此确认收货 →`));
	}, () => {});
}

function tabBar(current, base) {
	return h('nav', { class: 'segmented tabs', 'aria-label': '药房' }, TABS.map(([k, text]) =>
		h('a', { class: 'btn', href: href(base, k === 'stock' ? {} : { tab: k }),
			'aria-pressed': k === current ? 'true' : 'false', dataset: { tab: k } }, text)));
}

export default async function pharmacy(root, { params, query }) {
	const u = user();
	const clinicId = params.id || u.institution_id;
	const base = params.id ? '/pharmacy/' + params.id : '/pharmacy';
	const tab = TABS.some(([k]) => k === query.get('tab')) ? query.get('tab') : 'stock';
	const body = h('section', { id: 'pharmacy-' + tab });
	const title = h('small');
	mount(root, h('div', { class: 'page-head' }, heading('村卫生室药房', title)),
		tabBar(tab, base), body);
	if (params.id) {
		get(`/institutions/${enc(clinicId)}`).then((i) => mount(title, ` · ${i.name}`), () => {});
	} else if (u.institution_name) {
		mount(title, ` · ${u.institution_name}`);
	}
	if (u.role !== 'clinic' && !params.id) {
		mount(body, h('p', { class: 'empty' }, '请从村卫生室页面进入其药房。'));
		return;
	}
	const reload = () => go(base, tab === 'stock' ? {} : { tab }, true);
	try {
		const draw = {
			stock: () => stockTab(body, clinicId, reload),
			receive: () => receiveTab(body, clinicId, () => go(base, {}, true)),
			dispense: () => dispenseTab(body, clinicId),
			request: () => requestTab(body, clinicId),
			return: () => returnTab(body, clinicId),
			count: () => countTab(body, clinicId),
			adverse: () => adverseTab(body, clinicId),
		}[tab];
		await draw();
	} catch (err) {
		mount(body, errorBox(err, reload));
	}
}

