// SPDX-License-Identifier: MIT
// The institution tree of the user's subtree: county bureau → township centres → village
// clinics (SR-ORG-3), expandable, with status, checklist progress and alert counts, and a
// name filter for counties with hundreds of clinics.

import { get } from '../api.js';
import { href } from '../router.js';
import { h, heading, isIntegrated, loadInto, mount, progress, statusBadge } from '../ui.js';

// Branches the user opened, kept while the app runs so that coming back from a clinic
// shows the tree as it was left.
const opened = new Set();
let touched = false;

/* Clinics, integrated clinics and alerts in the subtree of N (the server counts alerts
 * per institution; a branch shows its whole subtree's). */
function sums(n) {
	const clinic = n.kind === 'clinic';
	const own = {
		clinics: clinic ? 1 : 0,
		integrated: clinic && isIntegrated(n) ? 1 : 0,
		alerts: Number(n.alerts || 0),
	};
	for (const c of n.children || []) {
		const s = sums(c);
		own.clinics += s.clinics;
		own.integrated += s.integrated;
		own.alerts += s.alerts;
	}
	return own;
}

/* One line of the tree. A clinic's name opens the clinic; a branch's name opens or closes
 * the branch (the larger target on a tablet), and its "详情" link opens the institution. */
function row(n) {
	const leaf = !(n.children || []).length;
	const page = href('/institutions/' + n.id);
	const s = sums(n);
	const figures = n.kind === 'clinic' ? progress(n.checklist_done, n.checklist_total)
		: h('span', { class: 'muted' }, `已一体化 ${s.integrated}/${s.clinics}`);
	return h('span', { class: 'tree-row' },
		leaf ? h('a', { class: 'tree-name', href: page }, n.name)
			: h('span', { class: 'tree-name' }, n.name),
		h('span', { class: 'tree-meta' },
			h('span', { class: 'kind' }, n.kind_label || n.kind),
			statusBadge(n.status, n.status_label),
			figures,
			s.alerts ? h('span', { class: 'badge sev-warning' }, `预警 ${s.alerts}`)
				: null,
			leaf ? null : h('a', { class: 'tree-more', href: page }, '详情')));
}

/* The element for node N, or null when FILTER is set and nothing under N matches it. */
function nodeEl(n, depth, filter) {
	const kids = (n.children || []).map((c) => nodeEl(c, depth + 1, filter)).filter(Boolean);
	if (filter && !n.name.includes(filter) && !kids.length)
		return null;
	if (!(n.children || []).length)
		return h('li', { class: 'tree-leaf', dataset: { id: n.id, kind: n.kind } }, row(n));
	if (!touched && depth === 0)
		opened.add(n.id);
	const open = filter ? kids.length > 0 : opened.has(n.id);
	const details = h('details', { open },
		h('summary', null, row(n)),
		h('ul', { class: 'tree' }, kids));
	details.addEventListener('toggle', () => {
		if (filter)
			return;
		touched = true;
		if (details.open)
			opened.add(n.id);
		else
			opened.delete(n.id);
	});
	return h('li', { dataset: { id: n.id, kind: n.kind } }, details);
}

export default async function tree(root) {
	const search = h('input', {
		type: 'search', placeholder: '按名称筛选机构', 'aria-label': '按名称筛选机构',
	});
	const body = h('div');
	mount(root, h('div', { class: 'page-head' }, heading('机构树'), search), body);
	await loadInto(body, () => get('/tree'), (reply) => {
		const items = reply.items || [];
		const draw = () => {
			const f = search.value.trim();
			const nodes = items.map((n) => nodeEl(n, 0, f)).filter(Boolean);
			const none = f ? `没有名称含“${f}”的机构。` : '暂无机构。';
			mount(body, nodes.length ? h('ul', { class: 'tree tree-root' }, nodes)
				: h('p', { class: 'empty' }, none));
		};
		search.addEventListener('input', draw);
		draw();
	}, '正在加载机构树…');
}
