// SPDX-License-Identifier: MIT
// The county's catalogue of drugs, consumables and devices (药械目录): filtered by kind and
// essential-list status, a page at a time; "新增品种" and editing for the county and the
// pharmacists, "批量导入" (CSV or .xlsx, all or nothing, every bad row listed) and
// "导出 Excel".

import { download, get, patch, post, upload } from '../api.js';
import { fieldForm, formToggle } from '../field-form.js';
import { go, href } from '../router.js';
import {
	canEditItems, forgetItems, ITEM_KIND, label, yes,
} from '../pharmacy.js';
import { errorBox, h, heading, loadInto, mount, row, ruleCite, table, toast } from '../ui.js';

const PAGE = 50;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = [
	{ label: '通用名' }, { label: '类别' }, { label: '规格' }, { label: '剂型' },
	{ label: '包装', cls: 'nowrap' }, { label: '生产企业' }, { label: '批准文号', cls: 'nowrap' },
	{ label: '基药' }, { label: '' },
];
const ROW_COLUMNS = [{ label: '行号', num: true }, { label: '字段', cls: 'nowrap' }, { label: '原因' }];

const FIELDS = [
	{ name: 'kind', label: '类别', type: 'select', options: ITEM_KIND, required: true },
	{ name: 'generic_name', label: '通用名', required: true, maxlength: 100 },
	{ name: 'brand', label: '商品名', maxlength: 100 },
	{ name: 'dosage_form', label: '剂型', maxlength: 50 },
	{ name: 'strength', label: '规格', maxlength: 100 },
	{ name: 'package_unit', label: '包装单位', required: true, maxlength: 10, placeholder: '盒' },
	{ name: 'base_unit', label: '基本单位', required: true, maxlength: 10, placeholder: '片' },
	{ name: 'units_per_package', label: '包装含量（基本单位/包装）', type: 'number', min: 1, required: true },
	{ name: 'manufacturer', label: '生产企业', maxlength: 100 },
	{ name: 'approval_no', label: '批准文号', required: true, maxlength: 50,
		hint: '药品：国药准字…；器械：械注准…' },
	{ name: 'category', label: '分类', maxlength: 50 },
	{ name: 'storage', label: '贮存条件', maxlength: 100 },
	{ name: 'essential', label: '国家基本药物', type: 'checkbox' },
	{ name: 'infusion', label: '静脉输液', type: 'checkbox' },
];

/* The add form, or the edit form of ITEM. */
function itemForm(item, close, saved) {
	const fields = FIELDS.map((f) => ({ ...f, value: item ? (f.type === 'checkbox' ? yes(item[f.name])
		: item[f.name]) : f.value }));
	if (item)
		fields.push({ name: 'active', label: '在用', type: 'checkbox', value: yes(item.active) });
	return h('div', { class: 'card' }, fieldForm({
		id: 'item-form',
		title: item ? `修改：${item.generic_name}` : '新增目录品种',
		fields,
		send: (v) => (item ? patch(`/items/${encodeURIComponent(item.id)}`, v) : post('/items', v)),
		done: () => {
			forgetItems();
			toast(item ? '已保存' : '已新增品种');
			close();
			saved();
		},
		cancel: close,
	}).el);
}

function typeOf(file) {
	if (/\.xlsx$/i.test(file.name))
		return XLSX;
	if (/\.csv$/i.test(file.name))
		return 'text/csv';
	return file.type || 'application/octet-stream';
}

/* The import panel: the file goes as is; a refusal lists every bad row. */
function importPanel(close, saved) {
	const file = h('input', { type: 'file', id: 'items-import-file', accept: '.csv,.xlsx,text/csv,' + XLSX });
	const result = h('div', { role: 'status', 'aria-live': 'polite', id: 'items-import-result' });
	const send = h('button', { type: 'submit', class: 'btn btn-primary' }, '上传并导入');
	async function onsubmit(ev) {
		ev.preventDefault();
		const f = file.files[0];
		if (!f) {
			mount(result, h('p', { class: 'form-error' }, '请选择要导入的 CSV 或 .xlsx 文件。'));
			return;
		}
		send.disabled = true;
		mount(result, h('p', { class: 'loading' }, `正在检查并导入“${f.name}”…`));
		try {
			const reply = await upload('/imports/items', f, typeOf(f));
			forgetItems();
			toast(`已导入 ${reply.items ?? reply.imported ?? reply.count ?? ''} 个品种`);
			close();
			saved();
		} catch (err) {
			const rows = err.rows || [];
			mount(result, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)),
				rows.length ? [h('p', null, `共 ${rows.length} 行有误，全部未导入。请修改后重新上传整个文件。`),
					table('items-import-errors', ROW_COLUMNS, h('tbody', null, rows.map((r) =>
						row(ROW_COLUMNS, [r.line ?? '—', r.label || r.field || '—',
							[r.message || '', ruleCite(r.rule)]], { class: 'bad-row' }))))] : null);
		} finally {
			send.disabled = false;
		}
	}
	return h('form', { class: 'card edit-form', id: 'items-import-form', onsubmit, novalidate: true },
		h('h3', null, '批量导入目录'),
		h('p', { class: 'muted' }, '每行一个品种，列名与导出的 Excel 相同；支持 CSV（UTF-8 或 GB18030）和 .xlsx。' +
			'先检查全部行，有任何一行错误则全部不导入，并列出每一行的错误。'),
		h('div', { class: 'field' }, h('label', { for: 'items-import-file' }, '文件'), file),
		h('div', { class: 'actions' }, send, h('button', { type: 'button', class: 'btn', onclick: close }, '取消')),
		result);
}

function exportButton(filters) {
	const b = h('button', { type: 'button', class: 'btn', id: 'export-items' }, '导出 Excel');
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await download('/exports/items.xlsx', filters, '药械目录.xlsx');
		} catch (err) {
			toast(err.message);
		} finally {
			b.disabled = false;
		}
	});
	return b;
}

function filterBar(filters) {
	const to = (c) => go('/items', { ...filters, ...c }, true);
	const kind = h('select', { id: 'filter-kind', 'aria-label': '类别' }, h('option', { value: '' }, '全部类别'),
		ITEM_KIND.map(([v, l]) => h('option', { value: v, selected: v === filters.kind }, l)));
	kind.addEventListener('change', () => to({ kind: kind.value }));
	const ess = h('select', { id: 'filter-essential', 'aria-label': '基药' },
		[['', '基药与非基药'], ['1', '仅基本药物'], ['0', '仅非基本药物']].map(([v, l]) =>
			h('option', { value: v, selected: v === filters.essential }, l)));
	ess.addEventListener('change', () => to({ essential: ess.value }));
	const name = h('input', { type: 'search', id: 'filter-name', value: filters.generic_name,
		placeholder: '通用名', 'aria-label': '按通用名查找', enterkeyhint: 'search' });
	return h('form', { class: 'filters', role: 'search', onsubmit: (ev) => {
		ev.preventDefault();
		to({ generic_name: name.value.trim() });
	} }, kind, ess, name, h('button', { type: 'submit', class: 'btn' }, '查找'),
	filters.kind || filters.essential || filters.generic_name
		? h('a', { class: 'btn btn-quiet', href: href('/items') }, '清除筛选') : null);
}

export default async function itemsPage(root, { query }) {
	const filters = {
		kind: query.get('kind') || '', essential: query.get('essential') || '',
		generic_name: query.get('generic_name') || '',
	};
	const slot = h('div');
	const body = h('div');
	const actions = h('div', { class: 'card-row' }, exportButton(filters));
	const reload = () => go('/items', filters, true);
	mount(root, h('div', { class: 'page-head' }, heading('药械目录'), actions),
		h('p', { class: 'muted' }, '全县共用的药品、耗材和器械目录。数量一律以基本单位计。'),
		filterBar(filters), slot, body);
	if (canEditItems()) {
		actions.append(formToggle('新增品种', slot, (close) => itemForm(null, close, reload),
			{ id: 'new-item', class: 'btn btn-primary' }),
		formToggle('批量导入', slot, (close) => importPanel(close, reload), { id: 'import-items' }));
	}
	const fetchPage = (offset) => get('/items', { ...filters, sort: 'generic_name', limit: PAGE, offset });
	await loadInto(body, () => fetchPage(0), (reply) => {
		if (!(reply.items || []).length) {
			mount(body, h('p', { class: 'empty' }, '目录中暂无符合条件的品种。'));
			return;
		}
		const tbody = h('tbody');
		const more = h('div', { class: 'more' });
		const add = (page) => {
			tbody.append(...(page.items || []).map((i) => row(COLUMNS, [
				[h('strong', null, i.generic_name), i.brand ? h('div', { class: 'muted' }, i.brand) : null,
					yes(i.active) || i.active === undefined ? null : h('span', { class: 'badge badge-off' }, '停用')],
				label(ITEM_KIND, i.kind), i.strength || '—', i.dosage_form || '—',
				`${i.units_per_package} ${i.base_unit}/${i.package_unit}`,
				i.manufacturer || '—', h('span', { class: 'mono' }, i.approval_no),
				yes(i.essential) ? h('span', { class: 'badge badge-ok' }, '基药') : h('span', { class: 'badge' }, '非基药'),
				canEditItems() ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
					mount(slot, itemForm(i, () => mount(slot), reload));
					slot.scrollIntoView({ block: 'start' });
				} }, '修改') : null,
			], { dataset: { id: i.id } })));
			const next = page.next_offset;
			mount(more, next === null || next === undefined ? null : h('button', { type: 'button', class: 'btn',
				onclick: async () => {
					try {
						add(await fetchPage(next));
					} catch (err) {
						mount(more, errorBox(err));
					}
				} }, '加载更多'));
		};
		mount(body, table('items-table', COLUMNS, tbody), more);
		add(reply);
	}, '正在加载目录…');
}
