// SPDX-License-Identifier: MIT
// The list of village clinics in the user's scope, filtered by county, centre and status,
// fetched a page at a time, with "导出 Excel" downloading the same list as a workbook.

import { download, get } from '../api.js';
import { go, href } from '../router.js';
import {
	errorBox, h, heading, integratedBadge, loadInto, mount, progress, row, statusBadge,
	STATUS_OPTIONS, table, toast,
} from '../ui.js';

const PAGE = 50;
const COLUMNS = [
	{ label: '名称' },
	{ label: '所属卫生院' },
	{ label: '状态' },
	{ label: '负责人' },
	{ label: '许可证有效期至' },
	{ label: '一体化清单' },
	{ label: '一体化' },
];

function clinicRow(c) {
	return row(COLUMNS, [
		h('a', { href: href('/institutions/' + c.id) }, c.name),
		c.parent_name || '—',
		statusBadge(c.status),
		c.person_in_charge || '—',
		c.licence_valid_until || '—',
		progress(c.checklist_done, c.checklist_total),
		integratedBadge(!!c.integrated),
	], { dataset: { id: c.id } });
}

function filterBar(filters) {
	const status = h('select', { id: 'filter-status', 'aria-label': '状态' },
		h('option', { value: '' }, '全部状态'),
		STATUS_OPTIONS.map(([v, l]) =>
			h('option', { value: v, selected: v === filters.status }, l)));
	status.addEventListener('change', () =>
		go('/clinics', { ...filters, status: status.value }, true));
	let all = null;
	if (filters.county_code || filters.parent_id) {
		const now = filters.parent_id ? '一个卫生院' : '一个县';
		const target = href('/clinics', { status: filters.status });
		all = h('a', { class: 'btn btn-quiet', href: target }, `显示全部（当前：${now}）`);
	}
	return h('div', { class: 'filters' }, status, all);
}

/* The button that downloads the list under FILTERS as .xlsx, busy while it runs. */
function exportButton(filters) {
	const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'export' },
		'导出 Excel');
	b.addEventListener('click', async () => {
		b.disabled = true;
		b.textContent = '正在导出…';
		try {
			await download('/exports/institutions.xlsx', { kind: 'clinic', ...filters },
				'村卫生室名单.xlsx');
		} catch (err) {
			toast(err.message);
		} finally {
			b.disabled = false;
			b.textContent = '导出 Excel';
		}
	});
	return b;
}

export default async function clinics(root, { query }) {
	const filters = {
		county_code: query.get('county_code') || '',
		parent_id: query.get('parent_id') || '',
		status: query.get('status') || '',
	};
	const body = h('div');
	mount(root,
		h('div', { class: 'page-head' }, heading('村卫生室名单'), exportButton(filters)),
		filterBar(filters),
		body);

	const params = { kind: 'clinic', ...filters, sort: 'name', limit: PAGE };
	const fetchPage = (offset) => get('/institutions', { ...params, offset });
	await loadInto(body, () => fetchPage(0), (reply) => {
		if (!(reply.items || []).length) {
			mount(body, h('p', { class: 'empty' }, '没有符合条件的村卫生室。'));
			return;
		}
		const tbody = h('tbody');
		const more = h('div', { class: 'more' });
		let add = null;
		const loadMore = async (offset) => {
			mount(more, h('p', { class: 'loading' }, '正在加载…'));
			try {
				add(await fetchPage(offset));
			} catch (err) {
				mount(more, errorBox(err, () => loadMore(offset)));
			}
		};
		add = (page) => {
			tbody.append(...(page.items || []).map(clinicRow));
			const next = page.next_offset;
			const last = next === null || next === undefined;
			mount(more, last ? null : h('button', {
				type: 'button', class: 'btn', onclick: () => loadMore(next),
			}, '加载更多'));
		};
		mount(body, table('clinic-table', COLUMNS, tbody), more);
		add(reply);
	}, '正在加载村卫生室…');
}
