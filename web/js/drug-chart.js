// SPDX-License-Identifier: MIT
// The expiry and shortage bar chart (近效期 / 短缺): per clinic, the lots near expiry, the
// expired lots still on hand and the items below minimum, stacked side by side. ECharts is
// fetched only when the chart is first drawn, after the figures are on screen as a table.

const ECHARTS = '/vendor/echarts/dist/echarts.esm.min.js';
export const SERIES = [
	['near_expiry', '近效期批号', '#b45309'],
	['expired', '过期仍在库', '#c2410c'],
	['below_minimum', '低于最低库存', '#1d4ed8'],
];

/* The ECharts option for ROWS ([{name, near_expiry, expired, below_minimum}]). */
export function drugOption(rows) {
	return {
		animation: false,
		grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
		legend: { top: 0 },
		tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
		xAxis: {
			type: 'category',
			data: rows.map((r) => r.name),
			axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 },
		},
		yAxis: { type: 'value', minInterval: 1 },
		series: SERIES.map(([key, name, color]) => ({
			name, type: 'bar', barMaxWidth: 28, itemStyle: { color },
			data: rows.map((r) => Number(r[key] || 0)),
		})),
	};
}

/* Draw the chart for ROWS into EL. Resolves to a function that disposes of it. */
export async function drawDrugChart(el, rows) {
	const echarts = await import(ECHARTS);
	el.replaceChildren();
	const chart = echarts.init(el, null, { renderer: 'canvas' });
	chart.setOption(drugOption(rows));
	const resize = () => chart.resize();
	window.addEventListener('resize', resize);
	return () => {
		window.removeEventListener('resize', resize);
		chart.dispose();
	};
}
