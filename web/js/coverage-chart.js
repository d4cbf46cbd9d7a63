// SPDX-License-Identifier: MIT
// The coverage bar chart (SR-ORG-4): one bar per county with its share of integrated
// clinics, and the year's target as a dashed line. ECharts (about 1 MB) is fetched only
// when a chart is first drawn, after the figures are already on screen as a table.

const ECHARTS = '/vendor/echarts/dist/echarts.esm.min.js';
const OK = '#2f8a3b';
const BEHIND = '#c2410c';
const TARGET = '#1d4ed8';

/* Bar names: the county, with the profile when a county has more than one. */
function names(items) {
	const seen = new Map();
	for (const i of items)
		seen.set(i.county_code, (seen.get(i.county_code) || 0) + 1);
	return items.map((i) => (seen.get(i.county_code) > 1
		? `${i.county_name}（${i.profile_name}）` : i.county_name));
}

/* The tooltip of one bar. ECharts takes it as HTML: the county name is escaped. */
function tip(label, i) {
	const name = String(label).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	const share = `已一体化 ${i.integrated}/${i.clinics}（${i.share_pct}%）`;
	return `${name}<br>${share}<br>年度目标 ${i.target_pct ?? '—'}%`;
}

/* The ECharts option for coverage ITEMS (the rows of GET /api/v1/coverage). */
export function coverageOption(items) {
	// A year the profile sets no target for has target_pct null: no line for it.
	const set = items.filter((i) => i.target_pct !== null && i.target_pct !== undefined);
	const targets = [...new Set(set.map((i) => Number(i.target_pct)))].sort((a, b) => a - b);
	const labels = names(items);
	return {
		// Slow tablets: draw once, no animation.
		animation: false,
		grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (ps) => tip(labels[ps[0].dataIndex], items[ps[0].dataIndex]),
		},
		xAxis: {
			type: 'category',
			data: labels,
			axisLabel: { interval: 0, rotate: items.length > 4 ? 30 : 0 },
		},
		yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
		series: [{
			name: '一体化占比',
			type: 'bar',
			barMaxWidth: 56,
			data: items.map((i) => ({
				value: Number(i.share_pct),
				itemStyle: { color: i.behind ? BEHIND : OK },
			})),
			label: { show: true, position: 'top', formatter: '{c}%' },
			markLine: {
				symbol: 'none',
				silent: true,
				lineStyle: { type: 'dashed', color: TARGET, width: 2 },
				label: {
					position: 'insideEndTop',
					formatter: '目标 {c}%',
					color: TARGET,
				},
				data: targets.map((t) => ({ name: '年度目标', yAxis: t })),
			},
		}],
	};
}

/* Draw the chart for ITEMS into EL. Resolves to a function that disposes of it. */
export async function drawCoverage(el, items) {
	const echarts = await import(ECHARTS);
	el.replaceChildren();
	const chart = echarts.init(el, null, { renderer: 'canvas' });
	chart.setOption(coverageOption(items));
	const resize = () => chart.resize();
	window.addEventListener('resize', resize);
	return () => {
		window.removeEventListener('resize', resize);
		chart.dispose();
	};
}
