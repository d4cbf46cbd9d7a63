// SPDX-License-Identifier: MIT
// Staffing of the village clinics (人员配备): per clinic the doctors needed for the
// population it serves under its profile (SR-STF-1: 1‰–1.2‰; LB-STF-1: one per 1,000 and
// at least one) against those posted there now, coloured short / ok / over, the women
// among them (LB-STF-2) and the clinics without a doctor (LB-STF-5); filtered by centre.

import { get } from '../api.js';
import { go, href } from '../router.js';
import { centres } from '../staff.js';
import { h, heading, loadInto, mount, row, ruleCite, stat, table } from '../ui.js';

const COLUMNS = [
	{ label: '村卫生室' }, { label: '所属卫生院' }, { label: '服务人口', num: true },
	{ label: '应配', num: true }, { label: '实配', num: true }, { label: '其中女性', num: true },
	{ label: '配备情况' },
];
// The server's "state" of each clinic: none (no doctor, LB-STF-5), short, ok, over, and
// unknown (no population recorded, so nothing can be said about it).
const LEVEL = {
	none: ['sev-error', '无村医'], short: ['sev-error', '不足'], ok: ['badge-ok', '达标'],
	over: ['sev-info', '超配'], unknown: ['badge-plan', '人口未登记'],
};
const INTRO = '按各村卫生室服务常住人口和政策配置计算应配村医人数，与当前在岗（生效合同）人数比较。';

const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));

/* The figures of row R. */
function figures(r) {
	const needed = num(r.needed);
	const max = num(r.needed_max);
	const posted = num(r.posted) ?? 0;
	const women = num(r.women);
	let level = r.state;
	if (!LEVEL[level])
		level = posted === 0 ? 'none' : needed !== null && posted < needed ? 'short'
			: max !== null && posted > max ? 'over' : 'ok';
	return { needed, max, posted, women, level };
}

/* LB-STF-2: two or more doctors and no woman among them (where the profile asks it). */
const womanMissing = (r) => r.woman_needed === true;

function levelCell(r, f) {
	const [cls, text] = LEVEL[f.level];
	return [
		h('span', { class: 'badge ' + cls }, text),
		f.level === 'none' ? ruleCite('LB-STF-5') : null,
		f.level === 'short' || f.level === 'over' ? ruleCite(r.rule) : null,
		womanMissing(r) ? h('span', { class: 'badge sev-warning' }, '缺女村医') : null,
		womanMissing(r) ? ruleCite('LB-STF-2') : null,
	];
}

function staffRow(r) {
	const f = figures(r);
	const clinic = r.clinic_id ? h('a', { href: href('/institutions/' + r.clinic_id) },
		r.clinic_name || '查看') : r.clinic_name;
	const needed = f.max !== null && f.max !== f.needed ? `${f.needed}–${f.max}` : f.needed ?? '—';
	return row(COLUMNS, [clinic, r.centre_name || '—', r.population ?? '—', needed, f.posted,
		f.women ?? '—', levelCell(r, f)],
	{ class: 'staff-' + f.level, dataset: { id: r.clinic_id || '', level: f.level } });
}

/* Whether row R is shown under the chosen SHOW filter ("" all, a state, or "women"). */
function shown(r, show) {
	if (!show)
		return true;
	return show === 'women' ? womanMissing(r) : figures(r).level === show;
}

/* The counts, each a link that shows only those clinics (tap again for all). */
function totals(items, filters) {
	const count = (show) => items.filter((r) => shown(r, show)).length;
	const link = (show) => href('/staffing', { ...filters, show: filters.show === show ? '' : show });
	const card = (show, label, bad) => {
		const n = count(show);
		const el = stat(n, label, { id: 'stat-' + (show || 'clinics'), bad: bad && n > 0,
			href: link(show) });
		if (filters.show === show)
			el.setAttribute('aria-current', 'true');
		return el;
	};
	return h('div', { class: 'stats' },
		card('', '村卫生室'),
		card('none', '无村医', true),
		card('short', '人数不足', true),
		card('over', '超配'),
		card('women', '缺女村医', true),
		card('unknown', '人口未登记'));
}

/* Every row of the staffing list under FILTERS (it is paged; a county has hundreds). */
async function fetchAll(filters) {
	const items = [];
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get('/staffing', { ...filters, limit: 500, offset });
		items.push(...(page.items || []));
		offset = page.next_offset;
	}
	return items;
}

export default async function staffing(root, { query }) {
	const filters = { centre_id: query.get('centre_id') || '', show: query.get('show') || '' };
	const bar = h('div', { class: 'filters' });
	const body = h('div');
	mount(root, heading('人员配备'), h('p', { class: 'muted' }, INTRO), bar, body);
	centres().then((list) => {
		if (list.length < 2)
			return;
		const select = h('select', { id: 'filter-centre', 'aria-label': '卫生院' },
			h('option', { value: '' }, '全部卫生院'),
			list.map((c) => h('option', { value: c.id, selected: c.id === filters.centre_id },
				c.name)));
		select.addEventListener('change', () =>
			go('/staffing', { ...filters, centre_id: select.value }, true));
		mount(bar, select);
	}, (err) => console.error(err));

	await loadInto(body, () => fetchAll({ centre_id: filters.centre_id }), (items) => {
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, '没有村卫生室。'));
			return;
		}
		const order = { none: 0, short: 1, over: 2, unknown: 3, ok: 4 };
		const sorted = items.filter((r) => shown(r, filters.show)).sort((a, b) =>
			order[figures(a).level] - order[figures(b).level] ||
			String(a.clinic_name).localeCompare(String(b.clinic_name), 'zh'));
		mount(body, totals(items, filters), sorted.length
			? table('staffing-table', COLUMNS, h('tbody', null, sorted.map(staffRow)))
			: h('p', { class: 'empty' }, '没有这类村卫生室。'));
	}, '正在计算人员配备…');
}
