// SPDX-License-Identifier: MIT
// The county picture: for the chosen year, each county's share of clinics with every
// unification of their profile done, against the yearly target (SR-ORG-4 / LB-ORG-1), as
// a chart and as a table of the counts.

import { get } from '../api.js';
import { drawCoverage } from '../coverage-chart.js';
import { go, href } from '../router.js';
import { h, heading, loadInto, mount, pct, row, ruleCite, stat, table } from '../ui.js';

const YEARS = [2024, 2025, 2026];
const INTRO = '各县（区）全部完成一体化清单的村卫生室占比，与政策规定的当年目标比较。';
const CHART_FAILED = '图表加载失败（网络较慢时可稍后刷新），下表数据不受影响。';

const COLUMNS = [
	{ label: '县（区）' },
	{ label: '政策配置' },
	{ label: '村卫生室', num: true },
	{ label: '已一体化', num: true, cls: 'integrated' },
	{ label: '占比', num: true, cls: 'share' },
	{ label: '年度目标', num: true },
	{ label: '状态' },
];

/* The year in the hash, else this year within the policy's years. */
function pickYear(query) {
	const y = Number(query.get('year'));
	if (YEARS.includes(y))
		return y;
	const now = new Date().getFullYear();
	return Math.min(Math.max(now, YEARS[0]), YEARS[YEARS.length - 1]);
}

function yearPicker(year) {
	return h('div', { class: 'segmented', role: 'group', 'aria-label': '年度' },
		YEARS.map((y) => h('button', {
			type: 'button',
			class: 'btn',
			'aria-pressed': y === year ? 'true' : 'false',
			onclick: () => go('/', { year: y }, true),
		}, `${y} 年`)));
}

function totals(items) {
	const clinics = items.reduce((s, i) => s + Number(i.clinics || 0), 0);
	const integrated = items.reduce((s, i) => s + Number(i.integrated || 0), 0);
	const behind = items.filter((i) => i.behind).length;
	return h('div', { class: 'stats' },
		stat(clinics, '村卫生室', { id: 'stat-clinics' }),
		stat(integrated, '已一体化', { id: 'stat-integrated' }),
		stat(clinics ? pct((100 * integrated) / clinics) : '—', '总体占比',
			{ id: 'stat-share' }),
		stat(behind, '未达目标的县', { bad: behind > 0 }));
}

function status(i) {
	if (!i.behind)
		return h('span', { class: 'badge badge-ok' }, '达标');
	return [h('span', { class: 'badge sev-error' }, '未达目标'),
		ruleCite(i.rule || 'SR-ORG-4')];
}

function countyRow(i) {
	const county = h('a', { href: href('/clinics', { county_code: i.county_code }) },
		i.county_name);
	return row(COLUMNS, [county, i.profile_name, i.clinics, i.integrated, pct(i.share_pct),
		pct(i.target_pct), status(i)], { dataset: { county: i.county_code } });
}

export default async function homeCounty(root, { query }) {
	const year = pickYear(query);
	const body = h('div');
	let dispose = null;
	mount(root,
		h('div', { class: 'page-head' }, heading('一体化覆盖率'), yearPicker(year)),
		h('p', { class: 'muted' }, INTRO),
		body);

	await loadInto(body, () => get('/coverage', { year }), async (reply) => {
		const items = reply.items || [];
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, `${year} 年暂无覆盖率数据。`));
			return;
		}
		const chart = h('div', {
			class: 'chart', id: 'coverage-chart', role: 'img',
			'aria-label': `${year} 年各县一体化占比柱状图`,
		}, h('p', { class: 'loading' }, '正在加载图表…'));
		mount(body, totals(items), h('section', { class: 'card' }, chart),
			table('coverage-table', COLUMNS, h('tbody', null, items.map(countyRow))));
		try {
			const d = await drawCoverage(chart, items);
			if (root.isConnected)
				dispose = d;
			else
				d();
		} catch (err) {
			console.error(err);
			mount(chart, h('p', { class: 'error-box' }, CHART_FAILED));
		}
	}, '正在加载覆盖率…');
	return () => dispose && dispose();
}
