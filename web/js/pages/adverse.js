// SPDX-License-Identifier: MIT
// Adverse drug reaction and device event reports (不良反应, SR-DRG-5): the county's list with
// filters and "导出 Excel"; each report shows its lot and whether the lot is on hold, and
// the roles that may put a lot on hold do it from here.

import { download, get, post } from '../api.js';
import { go } from '../router.js';
import { badge, canHoldLot, itemName, SERIOUSNESS, yes } from '../pharmacy.js';
import { errorBox, h, heading, loadInto, mount, row, ruleCite, table, toast } from '../ui.js';

const PAGE = 50;
const COLUMNS = [
	{ label: '发生日期', cls: 'nowrap' }, { label: '村卫生室' }, { label: '品种' }, { label: '批号' },
	{ label: '患者编号' }, { label: '不良反应 / 事件' }, { label: '严重程度' }, { label: '转归' },
	{ label: '报告人' },
];

function lotCell(a, reload) {
	if (!a.lot_id)
		return '—';
	const held = yes(a.lot_on_hold ?? a.on_hold);
	const text = h('span', { class: 'mono' }, a.lot_no || '批号');
	if (!canHoldLot())
		return [text, held ? h('span', { class: 'badge sev-error' }, '已暂停') : null];
	const b = h('button', { type: 'button', class: 'btn btn-small', dataset: { lot: a.lot_id } },
		held ? '恢复使用' : '暂停使用该批号');
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await post(`/lots/${encodeURIComponent(a.lot_id)}/hold`,
				{ on_hold: !held, reason: held ? undefined : `不良反应报告：${a.reaction}`.slice(0, 200) });
			toast(held ? '该批号已恢复使用' : '该批号已暂停使用');
			reload();
		} catch (err) {
			toast(err.message);
			b.disabled = false;
		}
	});
	return h('span', { class: 'card-row' }, text, held ? h('span', { class: 'badge sev-error' }, '已暂停') : null, b);
}

export default async function adverse(root, { query }) {
	const filters = { seriousness: query.get('seriousness') || '' };
	const reload = () => go('/adverse-events', filters, true);
	const sel = h('select', { id: 'filter-seriousness', 'aria-label': '严重程度' },
		h('option', { value: '' }, '全部严重程度'),
		SERIOUSNESS.map(([v, l]) => h('option', { value: v, selected: v === filters.seriousness }, l)));
	sel.addEventListener('change', () => go('/adverse-events', { seriousness: sel.value }, true));
	const exp = h('button', { type: 'button', class: 'btn', id: 'export-adverse' }, '导出 Excel');
	exp.addEventListener('click', async () => {
		exp.disabled = true;
		try {
			await download('/exports/adverse-events.xlsx', filters, '不良反应报告.xlsx');
		} catch (err) {
			toast(err.message);
		} finally {
			exp.disabled = false;
		}
	});
	const body = h('div');
	mount(root, h('div', { class: 'page-head' }, heading('不良反应报告'), exp),
		h('p', { class: 'muted' }, '村卫生室报告的药品不良反应和医疗器械不良事件；有报告的批号可暂停使用。',
			ruleCite('SR-DRG-5')), h('div', { class: 'filters' }, sel), body);
	const fetchPage = (offset) => get('/adverse-events', { ...filters, limit: PAGE, offset });
	await loadInto(body, () => fetchPage(0), (reply) => {
		if (!(reply.items || []).length) {
			mount(body, h('p', { class: 'empty' }, '暂无不良反应报告。'));
			return;
		}
		const tbody = h('tbody');
		const more = h('div', { class: 'more' });
		const add = (page) => {
			tbody.append(...(page.items || []).map((a) => row(COLUMNS, [a.occurred_on, a.clinic_name || '—',
				itemName(a), lotCell(a, reload), a.patient_ref, a.reaction, badge(SERIOUSNESS, a.seriousness),
				a.outcome, a.reporter], { dataset: { id: a.id } })));
			const next = page.next_offset;
			mount(more, next === null || next === undefined ? null : h('button', { type: 'button', class: 'btn',
				onclick: async () => {
					try {
						add(await fetchPage(next));
					} catch (err) {
						mount(more, errorBox(err));
					}
				} }, '加载更多'));
		};
		mount(body, table('adverse-table', COLUMNS, tbody), more);
		add(reply);
	}, '正在加载报告…');
}
