// SPDX-License-Identifier: MIT
// The list of village clinics in the user's scope, filtered by county, centre and status,
// fetched a page at a time, with "导出 Excel" downloading the same list as a workbook.

import { download, get } from '../api.js';
import { go, href } from '../router.js';
import {
	errorBox, h, heading, integratedBadge, loadInto, mount, progress, statusBadge, STATUS_OPTIONS, toast,
} from '../ui.js';

const PAGE = 50;

function rowEl(c) {
	return h('tr', { dataset: { id: c.id } },
		h('td', { 'data-label': '名称' }, h('a', { href: href('/institutions/' + c.id) }, c.name)),
		h('td', { 'data-label': '所属卫生院' }, c.parent_name || '—'),
		h('td', { 'data-label': '状态' }, statusBadge(c.status)),
		h('td', { 'data-label': '负责人' }, c.person_in_charge || '—'),
		h('td', { 'data-label': '许可证有效期至' }, c.licence_valid_until || '—'),
		h('td', { 'data-label': '一体化清单' }, progress(c.checklist_done, c.checklist_total)),
		h('td', { 'data-label': '一体化' }, integratedBadge(!!c.integrated)));
}

function filterBar(filters) {
	const status = h('select', { id: 'filter-status', 'aria-label': '状态' },
		h('option', { value: '' }, '全部状态'),
		STATUS_OPTIONS.map(([v, l]) => h('option', { value: v, selected: v === filters.status }, l)));
	status.addEventListener('change', () => go('/clinics', { ...filters, status: status.value }, true));
	const scoped = filters.county_code || filters.parent_id;
	return h('div', { class: 'filters' }, status,
		scoped ? h('a', { class: 'btn btn-quiet', href: href('/clinics', { status: filters.status }) },
			filters.parent_id ? '显示全部（当前：一个卫生院）' : '显示全部（当前：一个县）') : null);
}

function exportButton(filters) {
	const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'export' }, '导出 Excel');
	b.addEventListener('click', async () => {
		b.disabled = true;
		b.textContent = '正在导出…';
		try {
			await download('/exports/institutions.xlsx', { kind: 'clinic', ...filters }, '村卫生室名单.xlsx');
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
	mount(root, h('div', { class: 'page-head' }, heading('村卫生室名单'), exportButton(filters)),
		filterBar(filters), body);

	const fetchPage = (offset) => get('/institutions', { kind: 'clinic', ...filters, sort: 'name', limit: PAGE, offset });
	await loadInto(body, () => fetchPage(0), (reply) => {
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
		add = (r) => {
			tbody.append(...(r.items || []).map(rowEl));
			const next = r.next_offset;
			mount(more, next === null || next === undefined ? null
				: h('button', { type: 'button', class: 'btn', onclick: () => loadMore(next) }, '加载更多'));
		};
		if (!(reply.items || []).length) {
			mount(body, h('p', { class: 'empty' }, '没有符合条件的村卫生室。'));
			return;
		}
		mount(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'clinic-table' },
			h('thead', null, h('tr', null, ['名称', '所属卫生院', '状态', '负责人', '许可证有效期至', '一体化清单', '一体化']
				.map((t) => h('th', { scope: 'col' }, t)))), tbody)), more);
		add(reply);
	}, '正在加载村卫生室…');
}
