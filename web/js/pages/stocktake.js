// SPDX-License-Identifier: MIT
// One stocktake (盘点, SR-DRG-3): the book quantity of every lot on hand when it started, the
// counted quantity the user enters, a reason for each variance; "过账" posts the variances
// as stocktake adjustments and the page then stays as the variance report.

import { get, post, put } from '../api.js';
import { go, href } from '../router.js';
import {
	badge, canWorkClinic, expiry, itemName, qty, STOCKTAKE_STATUS, yuan,
} from '../pharmacy.js';
import { facts, h, heading, loadInto, mount, row, ruleCite, table, toast } from '../ui.js';

const enc = encodeURIComponent;
const COLUMNS = [
	{ label: '品种' }, { label: '批号', cls: 'nowrap' }, { label: '有效期至' }, { label: '账面数', num: true },
	{ label: '实盘数' }, { label: '差异', num: true }, { label: '差异金额', num: true }, { label: '原因' },
];

const variance = (l) => (l.counted === null || l.counted === undefined || l.counted === ''
	? null : Number(l.counted) - Number(l.book));

function signed(n, l) {
	if (n === null)
		return '—';
	return h('span', { class: n < 0 ? 'neg' : n > 0 ? 'pos' : '' }, (n > 0 ? '+' : '') + qty(n, l));
}

function report(st) {
	const lines = st.lines || [];
	const diff = lines.filter((l) => variance(l));
	const value = st.variance_fen ?? diff.reduce((t, l) => t + variance(l) * Number(l.unit_cost_fen || 0), 0);
	return h('div', { class: 'stats', id: 'variance-report' },
		h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, lines.length), '盘点批号'),
		h('div', { class: 'stat' + (diff.length ? ' stat-bad' : '') }, h('span', { class: 'stat-n' },
			diff.length), '有差异的批号'),
		h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, yuan(value)), '差异金额（按进价）'));
}

export default async function stocktake(root, { params }) {
	const id = params.id;
	const body = h('div');
	mount(root, body);
	await loadInto(body, () => get(`/stocktakes/${enc(id)}`), (st) => {
		const open = st.status === 'open' && canWorkClinic();
		const lines = st.lines || [];
		const inputs = new Map();
		const tbody = h('tbody', null, lines.map((l) => {
			const diffCell = h('span', { class: 'diff' }, signed(variance(l), l));
			let counted = l.counted ?? '—';
			let reason = l.reason || '—';
			if (open) {
				counted = h('input', { type: 'number', min: 0, inputmode: 'numeric', class: 'count-input',
					value: l.counted ?? '', 'aria-label': '实盘数', id: `count-${l.lot_id}` });
				reason = h('input', { type: 'text', maxlength: 200, value: l.reason || '',
					'aria-label': '差异原因', id: `reason-${l.lot_id}`, placeholder: '有差异时必填' });
				counted.addEventListener('input', () => mount(diffCell,
					signed(variance({ ...l, counted: counted.value }), l)));
				inputs.set(l.lot_id, { counted, reason });
			}
			return row(COLUMNS, [itemName(l), h('span', { class: 'mono' }, l.lot_no || '—'),
				expiry(l.expiry_date), qty(l.book, l), counted, diffCell,
				variance(l) === null ? '—' : yuan(variance(l) * Number(l.unit_cost_fen || 0)), reason],
			{ dataset: { lot: l.lot_id } });
		}));
		const result = h('div', { role: 'alert' });
		const values = () => [...inputs].filter(([, x]) => x.counted.value.trim() !== '')
			.map(([lot, x]) => ({ lot_id: lot, counted: Number(x.counted.value),
				reason: x.reason.value.trim() || undefined }));
		const act = (text, fn, cls) => {
			const b = h('button', { type: 'button', class: 'btn ' + (cls || '') }, text);
			b.addEventListener('click', async () => {
				mount(result);
				b.disabled = true;
				try {
					await fn();
				} catch (err) {
					mount(result, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
					b.disabled = false;
				}
			});
			return b;
		};
		const save = act('保存实盘数', async () => {
			await put(`/stocktakes/${enc(id)}/counts`, { lines: values() });
			toast('已保存实盘数');
			go('/stocktakes/' + id, {}, true);
		});
		const postIt = act('过账', async () => {
			await put(`/stocktakes/${enc(id)}/counts`, { lines: values() });
			await post(`/stocktakes/${enc(id)}/post`, {});
			toast('盘点已过账，差异已调整入账');
			go('/stocktakes/' + id, {}, true);
		}, 'btn-primary');
		save.id = 'save-counts';
		postIt.id = 'post-stocktake';
		const place = st.place_name || '库存';
		mount(body, h('div', { class: 'page-head' }, heading(`${place} 盘点`, h('small', null, ` · ${st.counted_on}`)),
			badge(STOCKTAKE_STATUS, st.status)),
		facts([['盘点日期', st.counted_on], ['地点', st.place_id ? h('a', { href: href('/institutions/' +
			st.place_id) }, place) : place], ['备注', st.note]]),
		h('p', { class: 'muted' }, open ? '逐批录入实盘数；有差异的须填写原因。过账后差异以盘点调整记录入账，本表作为差异报告保存。'
			: '差异报告（已过账，不可修改）。', ruleCite('SR-DRG-3')),
		report(st),
		lines.length ? table('stocktake-table', COLUMNS, tbody) : h('p', { class: 'empty' }, '盘点时无库存。'),
		result, open ? h('div', { class: 'actions' }, save, postIt) : null);
	}, '正在加载盘点表…');
}
