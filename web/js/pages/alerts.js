// SPDX-License-Identifier: MIT
// Alerts (预警) in the user's scope: counts by rule (tap one to filter), a severity filter
// and a paged list where every alert cites the rule it monitors.

import { get } from '../api.js';
import { alertItem } from '../alert-item.js';
import { go } from '../router.js';
import { h, heading, loadInto, mount, SEVERITY_LABEL } from '../ui.js';

const PAGE = 20;

export default async function alerts(root, { query }) {
	const filters = {
		county_code: query.get('county_code') || '',
		rule: query.get('rule') || '',
		severity: query.get('severity') || '',
	};
	const offset = Math.max(0, Number(query.get('offset')) || 0);
	const to = (changes) => go('/alerts', { ...filters, offset: 0, ...changes }, true);

	const severity = h('select', { id: 'filter-severity', 'aria-label': '严重程度' },
		h('option', { value: '' }, '全部级别'),
		Object.entries(SEVERITY_LABEL).map(([v, l]) => h('option', { value: v, selected: v === filters.severity }, l)));
	severity.addEventListener('change', () => to({ severity: severity.value }));
	const byRule = h('div', { class: 'chips', role: 'group', 'aria-label': '按规则筛选' });
	const body = h('div');
	mount(root, heading('预警'),
		h('p', { class: 'muted' }, '系统按政策规则监测到的问题；每条预警注明所依据的规则编号。'),
		byRule, h('div', { class: 'filters' }, severity), body);

	await loadInto(body, () => get('/alerts', { ...filters, limit: PAGE, offset }), (reply) => {
		const counts = Object.entries(reply.by_rule || {}).sort(([a], [b]) => a.localeCompare(b));
		if (filters.rule && !counts.some(([r]) => r === filters.rule))
			counts.push([filters.rule, 0]);
		mount(byRule, counts.map(([rule, n]) => h('button', {
			type: 'button',
			class: 'chip',
			'aria-pressed': rule === filters.rule ? 'true' : 'false',
			dataset: { rule },
			onclick: () => to({ rule: rule === filters.rule ? '' : rule }),
		}, rule, h('span', { class: 'chip-n' }, n))));

		const items = reply.items || [];
		const total = Number(reply.total ?? items.length);
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, '没有符合条件的预警。'));
			return;
		}
		const next = reply.next_offset;
		mount(body,
			h('p', { class: 'muted', id: 'alert-range' }, `第 ${offset + 1}–${offset + items.length} 条，共 ${total} 条`),
			h('ul', { class: 'alerts' }, items.map((a) => alertItem(a, true))),
			h('div', { class: 'pager' },
				h('button', { type: 'button', class: 'btn', disabled: offset === 0,
					onclick: () => to({ offset: Math.max(0, offset - PAGE) }) }, '上一页'),
				h('button', { type: 'button', class: 'btn', disabled: next === null || next === undefined,
					onclick: () => to({ offset: next }) }, '下一页')));
	}, '正在加载预警…');
}
