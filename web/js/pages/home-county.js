// SPDX-License-Identifier: MIT
// The county picture: for the chosen year, each county's share of clinics with every
// unification of their profile done, against the yearly target (SR-ORG-4), as a chart
// and as a table of the counts.

import { get } from '../api.js';
import { drawCoverage } from '../coverage-chart.js';
import { go, href } from '../router.js';
import { h, heading, loadInto, mount, pct, ruleCite } from '../ui.js';

const YEARS = [2024, 2025, 2026];

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
		h('div', { class: 'stat' }, h('span', { class: 'stat-n', id: 'stat-clinics' }, clinics), '村卫生室'),
		h('div', { class: 'stat' }, h('span', { class: 'stat-n', id: 'stat-integrated' }, integrated), '已一体化'),
		h('div', { class: 'stat' }, h('span', { class: 'stat-n', id: 'stat-share' },
			clinics ? pct((100 * integrated) / clinics) : '—'), '总体占比'),
		h('div', { class: 'stat' + (behind ? ' stat-bad' : '') },
			h('span', { class: 'stat-n' }, behind), '未达目标的县'));
}

function table(items) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'coverage-table' },
		h('thead', null, h('tr', null, ['县（区）', '政策配置', '村卫生室', '已一体化', '占比', '年度目标', '状态']
			.map((t, i) => h('th', { scope: 'col', class: i >= 2 && i <= 5 ? 'num' : null }, t)))),
		h('tbody', null, items.map((i) => h('tr', { dataset: { county: i.county_code } },
			h('td', { 'data-label': '县（区）' },
				h('a', { href: href('/clinics', { county_code: i.county_code }) }, i.county_name)),
			h('td', { 'data-label': '政策配置' }, i.profile_name),
			h('td', { 'data-label': '村卫生室', class: 'num' }, i.clinics),
			h('td', { 'data-label': '已一体化', class: 'num integrated' }, i.integrated),
			h('td', { 'data-label': '占比', class: 'num share' }, pct(i.share_pct)),
			h('td', { 'data-label': '年度目标', class: 'num' }, pct(i.target_pct)),
			h('td', { 'data-label': '状态' }, i.behind
				? [h('span', { class: 'badge sev-error' }, '未达目标'), ruleCite(i.rule || 'SR-ORG-4')]
				: h('span', { class: 'badge badge-ok' }, '达标')))))));
}

export default async function homeCounty(root, { query }) {
	const year = pickYear(query);
	const body = h('div');
	let dispose = null;
	mount(root,
		h('div', { class: 'page-head' }, heading('一体化覆盖率'), yearPicker(year)),
		h('p', { class: 'muted' }, '各县（区）全部完成一体化清单的村卫生室占比，与政策规定的当年目标比较。'),
		body);

	await loadInto(body, () => get('/coverage', { year }), async (reply) => {
		const items = reply.items || [];
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, `${year} 年暂无覆盖率数据。`));
			return;
		}
		const chart = h('div', { class: 'chart', id: 'coverage-chart', role: 'img',
			'aria-label': `${year} 年各县一体化占比柱状图` }, h('p', { class: 'loading' }, '正在加载图表…'));
		mount(body, totals(items), h('section', { class: 'card' }, chart), table(items));
		try {
			const d = await drawCoverage(chart, items);
			if (root.isConnected)
				dispose = d;
			else
				d();
		} catch (err) {
			console.error(err);
			mount(chart, h('p', { class: 'error-box' }, '图表加载失败（网络较慢时可稍后刷新），下表数据不受影响。'));
		}
	}, '正在加载覆盖率…');
	return () => dispose && dispose();
}
