// SPDX-License-Identifier: MIT
// Alerts (预警) in the user's scope: counts by rule (tap one to filter), a severity filter
// and a paged list where every alert cites the rule it monitors.

import { get } from '../api.js';
import { alertItem } from '../alert-item.js';
import { go } from '../router.js';
import { h, heading, loadInto, mount, SEVERITY_LABEL } from '../ui.js';

const PAGE = 20;
const INTRO = '系统按政策规则监测到的问题；每条预警注明所依据的规则编号。';

/* One button per rule with its count; the pressed one is the filter. */
function ruleChips(byRule, current, to) {
	const counts = Object.entries(byRule || {}).sort(([a], [b]) => a.localeCompare(b));
	if (current && !counts.some(([r]) => r === current))
		counts.push([current, 0]);
	return counts.map(([rule, n]) => h('button', {
		type: 'button',
		class: 'chip',
		'aria-pressed': rule === current ? 'true' : 'false',
		dataset: { rule },
		onclick: () => to({ rule: rule === current ? '' : rule }),
	}, rule, h('span', { class: 'chip-n' }, n)));
}

function severitySelect(current, to) {
	const select = h('select', { id: 'filter-severity', 'aria-label': '严重程度' },
		h('option', { value: '' }, '全部级别'),
		Object.entries(SEVERITY_LABEL).map(([v, l]) =>
			h('option', { value: v, selected: v === current }, l)));
	select.addEventListener('change', () => to({ severity: select.value }));
	return select;
}

function pager(offset, next, to) {
	const last = next === null || next === undefined;
	return h('div', { class: 'pager' },
		h('button', {
			type: 'button', class: 'btn', disabled: offset === 0,
			onclick: () => to({ offset: Math.max(0, offset - PAGE) }),
		}, '上一页'),
		h('button', {
			type: 'button', class: 'btn', disabled: last,
			onclick: () => to({ offset: next }),
		}, '下一页'));
}

export default async function alerts(root, { query }) {
	const filters = {
		county_code: query.get('county_code') || '',
		rule: query.get('rule') || '',
		severity: query.get('severity') || '',
	};
	const offset = Math.max(0, Number(query.get('offset')) || 0);
	const to = (changes) => go('/alerts', { ...filters, offset: 0, ...changes }, true);
	const chips = h('div', { class: 'chips', role: 'group', 'aria-label': '按规则筛选' });
	const body = h('div');
	mount(root, heading('预警'), h('p', { class: 'muted' }, INTRO), chips,
		h('div', { class: 'filters' }, severitySelect(filters.severity, to)), body);

	const fetch = () => get('/alerts', { ...filters, limit: PAGE, offset });
	await loadInto(body, fetch, (reply) => {
		mount(chips, ruleChips(reply.by_rule, filters.rule, to));
		const items = reply.items || [];
		const total = Number(reply.total ?? items.length);
		if (!items.length) {
			mount(body, h('p', { class: 'empty' }, '没有符合条件的预警。'));
			return;
		}
		const range = `第 ${offset + 1}–${offset + items.length} 条，共 ${total} 条`;
		mount(body,
			h('p', { class: 'muted', id: 'alert-range' }, range),
			h('ul', { class: 'alerts' }, items.map((a) => alertItem(a, true))),
			pager(offset, reply.next_offset, to));
	}, '正在加载预警…');
}
