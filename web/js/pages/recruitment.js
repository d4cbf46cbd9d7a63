// SPDX-License-Identifier: MIT
// The recruitment plan (招聘计划, LB-STF-10): posts falling vacant within the profile's
// horizon — a doctor reaching the age limit, a contract ending — grouped by centre with
// the county's total, so that recruitment (订单定向) starts before a clinic is left empty.

import { get } from '../api.js';
import { href } from '../router.js';
import { h, heading, loadInto, mount, row, ruleCite, stat, table } from '../ui.js';

const COLUMNS = [
	{ label: '空缺日期' }, { label: '村卫生室' }, { label: '现任村医' }, { label: '原因' },
	{ label: '岗位数', num: true }, { label: '依据' },
];
// short: the clinic is short of doctors already (its staffing), not a post falling vacant.
const REASON = { age: '到龄', contract_end: '合同到期', short: '现缺编' };

const when = (v) => v.vacant_on || '';
const posts = (v) => Number(v.posts ?? 1);

function vacancyRow(v) {
	const person = v.person_id ? h('a', { href: href('/people/' + v.person_id) },
		v.person_name || '查看') : v.person_name || '—';
	const clinic = v.clinic_id ? h('a', { href: href('/institutions/' + v.clinic_id) },
		v.clinic_name || '查看') : v.clinic_name || '—';
	const reason = REASON[v.reason] || v.reason || '—';
	return row(COLUMNS, [when(v) || '—', clinic, person, reason, posts(v),
		ruleCite(v.rule) || '—'],
		{ dataset: { person: v.person_id || '', reason: v.reason || '' } });
}

/* The vacancies grouped by centre, the centres with the most first. */
function byCentre(items) {
	const groups = new Map();
	for (const v of items) {
		const key = v.centre_id || v.centre_name || '';
		if (!groups.has(key))
			groups.set(key, { name: v.centre_name || '未知卫生院', id: v.centre_id, items: [] });
		groups.get(key).items.push(v);
	}
	return [...groups.values()].sort((a, b) => b.items.length - a.items.length ||
		a.name.localeCompare(b.name, 'zh'));
}

/* Every vacancy, the horizon and the posts per county (the totals cover every page). */
async function fetchAll() {
	const items = [];
	let first = null;
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get('/recruitment-plan', { limit: 500, offset });
		first = first || page;
		items.push(...(page.items || []));
		offset = page.next_offset;
	}
	return { items, horizon: first?.horizon_months ?? await horizonMonths(),
		byCounty: first?.by_county || {} };
}

/* The planning horizon (parameters.vacancy_horizon_months) when every profile agrees on
 * it, else null: the page then speaks of "the planning period". */
async function horizonMonths() {
	try {
		const reply = await get('/profiles');
		const values = new Set((reply.items || []).map((p) =>
			(p.parameters || {}).vacancy_horizon_months).filter((v) => v));
		return values.size === 1 ? [...values][0] : null;
	} catch {
		return null;
	}
}

/* "柳北区 12 个岗位" per county, the division names filled in once they arrive. */
function countyTotals(byCounty) {
	const entries = Object.entries(byCounty);
	if (!entries.length)
		return null;
	return h('p', { id: 'county-totals' }, '各县（区）合计：', entries.map(([code, n], i) => {
		const name = h('span', null, code);
		get('/divisions/' + encodeURIComponent(code)).then((d) => mount(name, d.name), () => {});
		return [i ? '；' : '', name, ` ${n} 个岗位`];
	}));
}

export default async function recruitment(root) {
	const body = h('div');
	const intro = h('p', { class: 'muted' });
	mount(root, heading('招聘计划'), intro, body);
	await loadInto(body, fetchAll, ({ items, horizon, byCounty }) => {
		const within = horizon ? `未来 ${horizon} 个月内` : '规划期内';
		mount(intro, `${within}因到龄或合同到期将出现空缺的村医岗位及现缺编岗位，按卫生院汇总，` +
			'提前安排订单定向培养和招聘。', ruleCite('LB-STF-10'));
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, `${within}没有将出现空缺的岗位。`));
			return;
		}
		const groups = byCentre(items);
		const sum = (list) => list.reduce((s, v) => s + posts(v), 0);
		const of = (reason) => sum(items.filter((v) => v.reason === reason));
		mount(body,
			h('div', { class: 'stats' },
				stat(sum(items), '岗位合计', { id: 'stat-posts', bad: true }),
				stat(of('age'), '到龄', { id: 'stat-age' }),
				stat(of('contract_end'), '合同到期', { id: 'stat-contract' }),
				stat(of('short'), '现缺编', { id: 'stat-short' }),
				stat(groups.length, '涉及卫生院')),
			countyTotals(byCounty),
			groups.map((g) => h('section', { class: 'card', dataset: { centre: g.id || '' } },
				h('h2', null, g.name, h('small', null, `（${sum(g.items)} 个岗位）`)),
				table(null, COLUMNS, h('tbody', null, [...g.items]
					.sort((a, b) => when(a).localeCompare(when(b))).map(vacancyRow))))));
	}, '正在加载招聘计划…');
}
