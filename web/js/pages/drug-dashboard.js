// SPDX-License-Identifier: MIT
// The expiry and shortage dashboards (近效期 / 短缺) for the county, the centre and its
// pharmacist: per clinic (and per county), lots expiring within the profile's warning
// days, expired lots still on hand (SR-DRG-4) and items below the clinic's minimum, as
// bars and as a table.

import { get } from '../api.js';
import { drawDrugChart, SERIES } from '../drug-chart.js';
import { href } from '../router.js';
import { h, heading, loadInto, mount, row, ruleCite, stat, table } from '../ui.js';

const CHART_FAILED = '图表加载失败（网络较慢时可稍后刷新），下表数据不受影响。';

const pick = (o, ...keys) => {
	for (const k of keys) {
		if (o[k] !== undefined && o[k] !== null)
			return Number(o[k]);
	}
	return 0;
};

/* One row of the reply, whatever its exact names: {id, name, near_expiry, expired,
 * below_minimum}. */
function normal(r) {
	return {
		id: r.clinic_id || r.institution_id || r.place_id || r.id || '',
		name: r.clinic_name || r.institution_name || r.place_name || r.county_name || r.name || '—',
		kind: r.kind || 'clinic',
		near_expiry: pick(r, 'near_expiry', 'near_expiry_lots', 'expiring'),
		expired: pick(r, 'expired', 'expired_lots', 'expired_on_hand'),
		below_minimum: pick(r, 'below_minimum', 'below_min', 'shortages', 'short_items'),
	};
}

const COLUMNS = [
	{ label: '村卫生室 / 卫生院药库' },
	...SERIES.map(([, name]) => ({ label: name, num: true })),
];
const COUNTY_COLUMNS = [{ label: '县（区）' }, ...SERIES.map(([, name]) => ({ label: name, num: true }))];

/* A link to the place's stock: a clinic's pharmacy, or a centre's store. */
function place(r) {
	if (!r.id)
		return r.name;
	const to = r.kind === 'clinic' ? href('/pharmacy/' + r.id) : href('/store', { centre_id: r.id });
	return h('a', { href: to }, r.name);
}

export default async function drugDashboard(root) {
	const body = h('div');
	let dispose = null;
	mount(root, h('div', { class: 'page-head' }, heading('近效期与短缺')),
		h('p', { class: 'muted' }, '按村卫生室统计近效期批号、过期仍在库的批号和低于最低库存的品种。',
			ruleCite('SR-DRG-4')), body);
	await loadInto(body, () => get('/pharmacy/dashboard'), async (reply) => {
		const clinics = (reply.clinics || reply.items || reply.places || []).map(normal);
		const counties = (reply.counties || []).map(normal);
		const sum = (k) => clinics.reduce((t, r) => t + r[k], 0);
		const days = reply.expiry_warning_days ?? 90;
		const chart = h('div', { class: 'chart', id: 'drug-chart', role: 'img',
			'aria-label': '各村卫生室近效期、过期与短缺柱状图' }, h('p', { class: 'loading' }, '正在加载图表…'));
		const shown = clinics.filter((r) => r.near_expiry || r.expired || r.below_minimum);
		mount(body, h('div', { class: 'stats' },
			stat(sum('near_expiry'), `${days} 天内到期的批号`, { id: 'stat-near', bad: sum('near_expiry') > 0 }),
			stat(sum('expired'), '过期仍在库的批号', { id: 'stat-expired', bad: sum('expired') > 0 }),
			stat(sum('below_minimum'), '低于最低库存的品种', { id: 'stat-short', bad: sum('below_minimum') > 0 })),
		shown.length ? h('section', { class: 'card' }, chart) : h('p', { class: 'empty' }, '各村卫生室暂无近效期、过期或短缺。'),
		counties.length > 1 ? table('drug-county-table', COUNTY_COLUMNS, h('tbody', null, counties.map((r) =>
			row(COUNTY_COLUMNS, [r.name, r.near_expiry, r.expired, r.below_minimum])))) : null,
		clinics.length ? table('drug-table', COLUMNS, h('tbody', null, clinics.map((r) => row(COLUMNS, [
			place(r),
			r.near_expiry, r.expired, r.below_minimum], { dataset: { id: r.id } })))) : null);
		if (!shown.length)
			return;
		try {
			const d = await drawDrugChart(chart, shown);
			if (root.isConnected)
				dispose = d;
			else
				d();
		} catch (err) {
			console.error(err);
			mount(chart, h('p', { class: 'error-box' }, CHART_FAILED));
		}
	}, '正在加载…');
	return () => dispose && dispose();
}
