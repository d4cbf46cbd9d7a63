// SPDX-License-Identifier: MIT
// Fixed assets (固定资产, SR-FIN-5): the register of what the centre owns at itself and its
// clinics, with its .xlsx export and the form that registers an asset; inventory checks
// (清查): start one, mark each asset found, missing or damaged, close it, and see the
// missing-asset alerts it raises; transfers and disposals, only by a request the county
// approves (no one may occupy, divert or divide them).

import { download, get, post, put } from '../api.js';
import { alertItem } from '../alert-item.js';
import { decisionButtons } from '../decision.js';
import { fieldForm, formToggle } from '../field-form.js';
import {
	all, ASSET_CATEGORY, ASSET_REQUEST_KIND, ASSET_REQUEST_STATUS, ASSET_STATE, canDecideAssets,
	canKeepBooks, CHECK_RESULT, CHECK_STATUS, fen, finBadge, label, yuan,
} from '../finance.js';
import {
	h, loadInto, mount, row, ruleCite, stat, table, toast, today,
} from '../ui.js';

const enc = encodeURIComponent;

/* [id, name] of the places that keep assets: centres and their clinics (planned ones have
 * none yet), except EXCEPT. */
const assetPlaces = (places, except) => places.filter((p) => p.id !== except &&
	(p.kind === 'centre' || (p.kind === 'clinic' && p.status !== 'planned')))
	.map((p) => [p.id, p.kind === 'clinic' && p.centre ? `${p.name}（${p.centre}）` : p.name]);

const assetName = (a) => [a.description || a.asset_description,
	h('div', { class: 'hint mono' }, a.asset_no)];

/* ---- the register ---- */

const ASSET_COLUMNS = [
	{ label: '资产' }, { label: '类别' }, { label: '存放机构' }, { label: '原值', num: true },
	{ label: '取得日期', cls: 'nowrap' }, { label: '状态' }, { label: '' },
];

/* The transfer / disposal request form of asset A in SLOT. */
function requestForm(a, places, close, done) {
	const form = fieldForm({
		id: `asset-request-${a.id}`,
		title: `申请调拨或报废：${a.description}（报县卫健局审批）`,
		fields: [
			{ name: 'kind', label: '申请类别', type: 'select', options: ASSET_REQUEST_KIND,
				required: true, blank: null },
			{ name: 'to_institution_id', label: '调入机构（调拨时填写）', type: 'select',
				options: assetPlaces(places, a.institution_id) },
			{ name: 'reason', label: '申请理由', type: 'textarea', required: true, maxlength: 500 },
		],
		submit: '提交申请',
		send: (v) => post(`/assets/${enc(a.id)}/requests`, v.kind === 'disposal'
			? { ...v, to_institution_id: undefined } : v),
		done: () => {
			toast('申请已提交，待县卫健局审批');
			close();
			done();
		},
		cancel: close,
	});
	form.el.classList.add('inline-form');
	return form.el;
}

function assetRows(list, places, done) {
	return h('tbody', null, list.flatMap((a) => {
		const slot = h('div');
		let act = null;
		if (a.pending_request_id)
			act = h('span', { class: 'badge badge-plan' }, '调拨/报废待审批');
		else if (canKeepBooks() && a.state !== 'disposed')
			act = formToggle('申请调拨/报废', slot, (close) => requestForm(a, places, close, done),
				{ class: 'btn asset-request', dataset: { asset: a.id } });
		return [row(ASSET_COLUMNS, [
			assetName(a), label(ASSET_CATEGORY, a.category),
			[a.institution_name, a.location ? h('div', { class: 'hint' }, a.location) : null],
			yuan(a.value_fen), a.acquired_on, finBadge(ASSET_STATE, a.state), act,
		], { dataset: { id: a.id, no: a.asset_no } }),
		h('tr', { class: 'slot-row' }, h('td', { colspan: ASSET_COLUMNS.length }, slot))];
	}));
}

/* The register form: money typed in yuan goes as integer fen (value_fen). */
function assetForm(places, close, done) {
	const form = fieldForm({
		id: 'asset-form',
		title: '登记固定资产（产权归乡镇卫生院）',
		fields: [
			{ name: 'institution_id', label: '存放机构', type: 'select', required: true,
				options: assetPlaces(places) },
			{ name: 'category', label: '资产类别', type: 'select', required: true,
				options: ASSET_CATEGORY },
			{ name: 'description', label: '资产名称及规格', required: true, maxlength: 200 },
			{ name: 'value_fen', label: '原值（元）', required: true, inputmode: 'decimal',
				placeholder: '例如 6800.00' },
			{ name: 'acquired_on', label: '取得日期', type: 'date', required: true, max: today() },
			{ name: 'funding_source', label: '资金来源', required: true, maxlength: 100,
				placeholder: '例如：财政专项资金' },
			{ name: 'location', label: '存放地点', maxlength: 200, placeholder: '例如：诊室' },
			{ name: 'asset_no', label: '资产编号', maxlength: 40, hint: '不填则按行政区划代码自动编号' },
		],
		submit: '登记',
		send: (v) => {
			const value = fen(v.value_fen);
			if (value === null || Number.isNaN(value))
				throw { field: 'value_fen', message: '原值请填写金额（元），最多两位小数。' };
			return post('/assets', { ...v, value_fen: value });
		},
		done: (a) => {
			toast(`已登记资产 ${a.asset_no}`);
			close();
			done(a);
		},
		cancel: close,
	});
	form.el.classList.add('card');
	return form.el;
}

/* ---- requests and the county's decision ---- */

const REQUEST_COLUMNS = [
	{ label: '资产' }, { label: '申请' }, { label: '调出 → 调入' }, { label: '理由' },
	{ label: '状态' }, { label: '' },
];

function requestDecision(r, slot, done) {
	const url = `/asset-requests/${enc(r.id)}/decision`;
	return decisionButtons([
		{ label: '批准', decision: 'approve', cls: 'btn-primary',
			fields: [{ name: 'note', label: '审批意见（可选）', maxlength: 500 }],
			send: (v) => post(url, { ...v, decision: 'approve' }),
			done: () => { toast(r.kind === 'disposal' ? '已批准报废' : '已批准调拨'); done(); } },
		{ label: '不批准', decision: 'reject', cls: 'btn-danger',
			fields: [{ name: 'note', label: '不批准的理由', maxlength: 500 }],
			send: (v) => post(url, { ...v, decision: 'reject' }),
			done: () => { toast('已不批准该申请'); done(); } },
	], slot, r.id);
}

function requestRows(list, done) {
	return h('tbody', null, list.flatMap((r) => {
		const slot = h('div');
		const pending = r.status === 'pending';
		return [row(REQUEST_COLUMNS, [
			assetName(r), label(ASSET_REQUEST_KIND, r.kind),
			[r.from_institution_name, r.kind === 'transfer' ? ` → ${r.to_institution_name}` : ''],
			r.reason, [finBadge(ASSET_REQUEST_STATUS, r.status),
				r.decision_note ? h('div', { class: 'hint' }, r.decision_note) : null],
			pending && canDecideAssets() ? requestDecision(r, slot, done)
				: pending ? '待县卫健局审批' : r.decided_on || '',
		], { dataset: { id: r.id, status: r.status } }),
		h('tr', { class: 'slot-row' }, h('td', { colspan: REQUEST_COLUMNS.length }, slot))];
	}));
}

/* ---- checks ---- */

const CHECK_LIST_COLUMNS = [
	{ label: '清查日期', cls: 'nowrap' }, { label: '清查机构' }, { label: '状态' }, { label: '结果' },
	{ label: '' },
];

const counts = (c) => `账面 ${c.line_count} · 相符 ${c.found_count} · 缺失 ${c.missing_count}` +
	` · 损坏 ${c.damaged_count}${c.unrecorded_count ? ` · 未登记 ${c.unrecorded_count}` : ''}`;

function checkStart(places, close, ctx) {
	const form = fieldForm({
		id: 'check-form',
		title: '开始资产清查（列出该机构的全部账面资产）',
		fields: [
			{ name: 'institution_id', label: '清查机构', type: 'select', required: true,
				options: assetPlaces(places) },
			{ name: 'checked_on', label: '清查日期', type: 'date', required: true, value: today(),
				max: today() },
			{ name: 'note', label: '备注', maxlength: 500 },
		],
		submit: '开始清查',
		send: (v) => post('/asset-checks', v),
		done: (c) => {
			toast('已开始清查，请逐项登记结果');
			ctx.go({ check: c.id }, false);
		},
		cancel: close,
	});
	form.el.classList.add('card');
	return form.el;
}

const LINE_COLUMNS = [
	{ label: '资产' }, { label: '存放地点' }, { label: '原值', num: true }, { label: '账面状态' },
	{ label: '清查结果' }, { label: '说明' },
];

/* One check: each asset's result (a select while it is open), then 完成清查. */
function checkView(c, alerts, ctx) {
	const open = c.status === 'open' && canKeepBooks();
	const inputs = new Map();
	const out = h('div', { role: 'alert', id: 'check-error' });
	const tbody = h('tbody', null, (c.lines || []).map((l) => {
		let result = l.result ? finBadge(CHECK_RESULT, l.result) : h('span', { class: 'muted' }, '未登记');
		let note = l.note || '';
		if (open) {
			result = h('select', { id: `result-${l.asset_id}`, 'aria-label': `${l.asset_no} 清查结果`,
				class: 'check-result' }, h('option', { value: '' }, '未登记'),
			CHECK_RESULT.map(([v, t]) => h('option', { value: v, selected: v === l.result }, t)));
			note = h('input', { type: 'text', id: `note-${l.asset_id}`, maxlength: 500,
				value: l.note || '', 'aria-label': `${l.asset_no} 说明`, placeholder: '缺失、损坏时说明' });
			inputs.set(l.asset_id, { result, note });
		}
		return row(LINE_COLUMNS, [assetName(l), l.location || '—', yuan(l.value_fen),
			finBadge(ASSET_STATE, l.state), result, note],
		{ dataset: { asset: l.asset_id, result: l.result || '' } });
	}));
	const values = () => [...inputs].filter(([, x]) => x.result.value)
		.map(([id, x]) => ({ asset_id: id, result: x.result.value, note: x.note.value.trim() || undefined }));
	const save = async () => {
		const lines = values();
		if (lines.length)
			await put(`/asset-checks/${enc(c.id)}/results`, { lines });
	};
	const button = (text, id, fn, cls = 'btn') => {
		const b = h('button', { type: 'button', class: cls, id }, text);
		b.addEventListener('click', async () => {
			mount(out);
			b.disabled = true;
			try {
				await fn();
			} catch (err) {
				mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			} finally {
				b.disabled = false;
			}
		});
		return b;
	};
	const slot = h('div');
	const missing = (c.lines || []).filter((l) => l.result === 'missing');
	return [
		h('div', { class: 'section-head' }, h('h2', { id: 'check-title', dataset: { id: c.id } },
			`${c.institution_name} 资产清查`, h('small', null, ` · ${c.checked_on}`), ' ',
			finBadge(CHECK_STATUS, c.status)),
		h('a', { class: 'btn', href: ctx.link({ check: undefined }) }, '← 固定资产')),
		c.note ? h('p', { class: 'muted' }, c.note) : null,
		h('div', { class: 'stats', id: 'check-counts' }, stat(String(c.line_count), '账面资产'),
			stat(String(c.found_count), '账实相符'),
			stat(String(c.missing_count), '缺失', { bad: c.missing_count > 0, id: 'check-missing' }),
			stat(String(c.damaged_count), '损坏', { bad: c.damaged_count > 0 }),
			stat(String(c.unrecorded_count), '未登记')),
		(c.lines || []).length ? table('check-table', LINE_COLUMNS, tbody)
			: h('p', { class: 'empty' }, '该机构没有账面资产。'),
		out,
		open ? h('div', { class: 'actions' },
			button('其余全部账实相符', 'check-all-found', async () => {
				for (const x of inputs.values())
					x.result.value ||= 'found';
			}),
			button('保存结果', 'check-save', async () => {
				await save();
				toast('已保存清查结果');
				ctx.reload();
			}),
			decisionButtons([{
				label: '完成清查', decision: 'close', cls: 'btn-primary', submit: '确认完成',
				title: '完成后清查结果不再修改：缺失的资产记为缺失并列入预警，找回的恢复在用。',
				send: async () => {
					await save();
					return post(`/asset-checks/${enc(c.id)}/close`, {});
				},
				done: () => {
					toast('清查已完成');
					ctx.reload();
				},
			}], slot, 'check-close')) : null,
		slot,
		c.status === 'closed' && missing.length ? h('section', { id: 'check-alerts' },
			h('h3', null, '缺失资产预警'),
			alerts.length ? h('ul', { class: 'alerts' }, alerts.map((a) => alertItem(a)))
				: h('ul', { class: 'alerts' }, missing.map((l) => h('li', { class: 'alert-item sev-line-error' },
					h('p', null, `资产 ${l.asset_no}（${l.description}）清查时缺失，应查明原因、追回或按程序报批核销。`,
						ruleCite('SR-FIN-5')))))) : null,
		h('p', { class: 'muted' }, '清查覆盖该机构全部未报废的账面资产；缺失的资产不能调拨，查明后可申请报废（核销）。',
			ruleCite('SR-FIN-5')),
	];
}

/* ---- the tab ---- */

const STATE_FILTER = [['', '全部状态'], ...ASSET_STATE];

/* The assets tab: ?check= shows one inventory check; otherwise the requests (the county's
 * queue first), the register under ?state= and ?place=, and the checks. */
export default async function assetsTab(root, ctx) {
	const q = ctx.query;
	const checkId = q.get('check');
	if (checkId) {
		await loadInto(root, async () => {
			const c = await get(`/asset-checks/${enc(checkId)}`);
			const alerts = c.status === 'closed' && c.missing_count > 0
				? (await get(`/institutions/${enc(c.institution_id)}/alerts`)).items
					.filter((a) => a.rule === 'SR-FIN-5' && a.institution_id === c.institution_id &&
						/缺失/.test(a.title)) : [];
			return { c, alerts };
		}, ({ c, alerts }) => mount(root, checkView(c, alerts, ctx)), '正在加载清查表…');
		return;
	}
	const filters = { state: q.get('state') || undefined, institution_id: q.get('place') || undefined };
	await loadInto(root, () => Promise.all([all('/assets', filters), all('/asset-requests'),
		all('/asset-checks')]), ([assets, requests, checks]) => {
		const pending = requests.filter((r) => r.status === 'pending');
		const decided = requests.filter((r) => r.status !== 'pending').slice(0, 20);
		const formSlot = h('div');
		const checkSlot = h('div');
		const xlsx = h('button', { type: 'button', class: 'btn', id: 'assets-xlsx' }, '导出 Excel');
		xlsx.addEventListener('click', async () => {
			xlsx.disabled = true;
			try {
				await download('/exports/assets.xlsx', filters, '固定资产台账.xlsx');
			} catch (err) {
				toast(err.message);
			} finally {
				xlsx.disabled = false;
			}
		});
		const state = h('select', { id: 'assets-state', 'aria-label': '状态',
			onchange: () => ctx.go({ state: state.value || undefined, place: filters.institution_id }) },
		STATE_FILTER.map(([v, t]) => h('option', { value: v, selected: v === (filters.state || '') }, t)));
		const place = h('select', { id: 'assets-place', 'aria-label': '存放机构',
			onchange: () => ctx.go({ state: filters.state, place: place.value || undefined }) },
		h('option', { value: '' }, '全部机构'), assetPlaces(ctx.places).map(([v, t]) =>
			h('option', { value: v, selected: v === filters.institution_id }, t)));
		const requestsPart = h('section', { id: 'asset-requests-part' },
			h('h2', null, '调拨、报废申请', h('small', null, ` · 待审批 ${pending.length} 份`)),
			pending.length || decided.length
				? table('asset-requests', REQUEST_COLUMNS, requestRows([...pending, ...decided], ctx.reload))
				: h('p', { class: 'empty' }, '暂无申请。'));
		const register = h('section', { id: 'asset-register' },
			h('div', { class: 'section-head' }, h('h2', null, '固定资产台账',
				h('small', null, ` · ${assets.length} 项，原值 ${yuan(assets.reduce((t, a) =>
					t + Number(a.value_fen || 0), 0))}`)),
			h('div', { class: 'actions' }, canKeepBooks() ? formToggle('登记固定资产', formSlot,
				(close) => assetForm(ctx.places, close, ctx.reload), { id: 'asset-new' }) : null, xlsx)),
			h('div', { class: 'filters' }, state, place), formSlot,
			assets.length ? table('asset-table', ASSET_COLUMNS, assetRows(assets, ctx.places, ctx.reload))
				: h('p', { class: 'empty' }, '没有符合条件的资产。'));
		const checksPart = h('section', { id: 'asset-checks-part' },
			h('div', { class: 'section-head' }, h('h2', null, '资产清查'),
				canKeepBooks() ? formToggle('开始资产清查', checkSlot,
					(close) => checkStart(ctx.places, close, ctx), { id: 'check-new' }) : null),
			checkSlot,
			checks.length ? table('asset-checks', CHECK_LIST_COLUMNS, h('tbody', null, checks.map((c) =>
				row(CHECK_LIST_COLUMNS, [c.checked_on, c.institution_name, finBadge(CHECK_STATUS, c.status),
					counts(c), h('a', { class: 'btn', href: ctx.link({ check: c.id }) },
						c.status === 'open' && canKeepBooks() ? '登记结果' : '查看')],
				{ dataset: { id: c.id, status: c.status } })))) : h('p', { class: 'empty' }, '尚无清查记录。'));
		// The county's work here is the approval queue: it comes first for them.
		mount(root, canDecideAssets() ? [requestsPart, register, checksPart]
			: [register, checksPart, requestsPart],
		h('p', { class: 'muted' }, '固定资产产权归乡镇卫生院；调拨、报废须报县卫健局审批，任何人不得挤占、挪用、调换。',
			ruleCite('SR-FIN-5')));
	}, '正在加载固定资产…');
}
