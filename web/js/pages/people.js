// SPDX-License-Identifier: MIT
// The people (人员) of the user's scope: filtered by centre and name, a page at a time,
// each with the masked citizen id, age and current posting; "导出 Excel", "新建人员" and
// "批量导入" (CSV or .xlsx, every bad row listed) for the roles that may. A village
// doctor has their own file only, so for them this page is that file.

import { download, get, post } from '../api.js';
import { fieldForm, formToggle } from '../field-form.js';
import { go, href } from '../router.js';
import { user } from '../session.js';
import { importPanel } from '../staff-import.js';
import {
	ageOf, canExportPeople, canWriteStaff, centres, citizenIdInfo, EDUCATION, label, SEX,
} from '../staff.js';
import { errorBox, h, heading, loadInto, mount, row, table, toast } from '../ui.js';

const PAGE = 50;
const COLUMNS = [
	{ label: '姓名' },
	{ label: '性别' },
	{ label: '年龄', num: true },
	{ label: '公民身份号码', cls: 'citizen-id' },
	{ label: '所属卫生院' },
	{ label: '当前派驻' },
	{ label: '学历' },
	{ label: '状态' },
];
const ETHNIC_GROUPS = ['汉族', '壮族', '瑶族', '苗族', '侗族', '仫佬族', '毛南族', '回族', '畲族'];

/* Where the person is posted now: the clinic of their active contract. The list of people
 * does not carry it, so the active contracts of the scope (or of the chosen centre) are
 * read once, after the table is on screen, and fill the column in. */
function posting(p) {
	return h('span', { class: 'posting', dataset: { person: p.id } }, p.clinic_name || '…');
}

async function postings(filters) {
	const map = new Map();
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get('/contracts', {
			status: 'active', employer_id: filters.centre_id, limit: 500, offset,
		});
		for (const c of page.items || [])
			map.set(c.person_id, { id: c.clinic_id, name: c.clinic_name });
		offset = page.next_offset;
	}
	return map;
}

/* Fill the posting cells under TBODY from MAP (person id → clinic; null: not known). */
function fillPostings(tbody, map) {
	for (const el of tbody.querySelectorAll('.posting')) {
		if (!map) {
			mount(el, '—');
			continue;
		}
		const c = map.get(el.dataset.person);
		if (!c) {
			mount(el, h('span', { class: 'muted' }, '未派驻'));
			continue;
		}
		mount(el, h('a', { href: href('/institutions/' + c.id) }, c.name));
	}
}

function personRow(p) {
	const exited = p.exited_on ? h('span', { class: 'badge badge-off' }, `已退出 ${p.exited_on}`)
		: h('span', { class: 'badge badge-ok' }, '在册');
	return row(COLUMNS, [
		h('a', { href: href('/people/' + p.id) }, p.name),
		label(SEX, p.sex),
		p.age ?? ageOf(p.birth_date) ?? '—',
		h('span', { class: 'mono' }, p.citizen_id || '—'),
		p.centre_name || '—',
		posting(p),
		label(EDUCATION, p.education),
		exited,
	], { dataset: { id: p.id } });
}

/* The button that downloads the list under FILTERS as .xlsx (ids masked). */
function exportButton(filters) {
	const b = h('button', { type: 'button', class: 'btn', id: 'export' }, '导出 Excel');
	b.addEventListener('click', async () => {
		b.disabled = true;
		b.textContent = '正在导出…';
		try {
			await download('/exports/people.xlsx', filters, '人员名单.xlsx');
		} catch (err) {
			toast(err.message);
		} finally {
			b.disabled = false;
			b.textContent = '导出 Excel';
		}
	});
	return b;
}

/* The new-person form. A valid citizen id fills in the birth date and sex (they must
 * agree with it); the server checks everything and names the field it refuses. */
function personForm(list, close) {
	const mine = user().role === 'centre';
	const form = fieldForm({
		id: 'person-form',
		title: '新建人员',
		submit: '保存',
		fields: [
			{ name: 'name', label: '姓名', required: true, maxlength: 50 },
			{
				name: 'citizen_id', label: '公民身份号码', required: true, maxlength: 18,
				autocapitalize: 'characters', hint: '18 位，末位可为 X；填写后自动带出出生日期和性别',
			},
			{ name: 'sex', label: '性别', type: 'select', options: SEX, required: true },
			{ name: 'birth_date', label: '出生日期', type: 'date', required: true },
			{ name: 'phone', label: '联系电话', type: 'tel', maxlength: 20 },
			{ name: 'education', label: '学历', type: 'select', options: EDUCATION },
			{ name: 'ethnic_group', label: '民族', list: 'ethnic-groups', maxlength: 20 },
			mine ? null : {
				name: 'centre_id', label: '所属卫生院', type: 'select', required: true,
				options: list.map((c) => [c.id, c.name]),
			},
		].filter(Boolean),
		send: (values) => post('/people', mine ? { ...values, centre_id: user().institution_id }
			: values),
		done: (person) => {
			toast('已新建人员档案');
			go('/people/' + person.id);
		},
		cancel: close,
	});
	const id = form.inputs.get('citizen_id');
	id.addEventListener('change', () => {
		const info = citizenIdInfo(id.value);
		if (!info)
			return;
		const birth = form.inputs.get('birth_date');
		const sex = form.inputs.get('sex');
		if (!birth.value)
			birth.value = info.birth_date;
		if (!sex.value)
			sex.value = info.sex;
	});
	return h('div', { class: 'card' }, form.el, h('datalist', { id: 'ethnic-groups' },
		ETHNIC_GROUPS.map((g) => h('option', { value: g }))));
}

function filterBar(filters, list) {
	const centre = list.length > 1 ? h('select', { id: 'filter-centre', 'aria-label': '卫生院' },
		h('option', { value: '' }, '全部卫生院'),
		list.map((c) => h('option', { value: c.id, selected: c.id === filters.centre_id },
			c.name))) : null;
	centre?.addEventListener('change', () =>
		go('/people', { ...filters, centre_id: centre.value }, true));
	const name = h('input', {
		type: 'search', id: 'filter-name', value: filters.name, placeholder: '姓名',
		'aria-label': '按姓名查找', enterkeyhint: 'search',
	});
	// One request per search, not per keystroke: village networks are slow.
	const search = (ev) => {
		ev.preventDefault();
		go('/people', { ...filters, name: name.value.trim() }, true);
	};
	return h('form', { class: 'filters', role: 'search', onsubmit: search }, centre, name,
		h('button', { type: 'submit', class: 'btn' }, '查找'),
		filters.centre_id || filters.name ? h('a', { class: 'btn btn-quiet', href: href('/people') },
			'清除筛选') : null);
}

/* A village doctor's own file: the person linked to their sign-in. */
async function ownFile(root, ctx) {
	await loadInto(root, () => get('/people', { limit: 2 }), async (reply) => {
		const me = (reply.items || [])[0];
		if (!me) {
			mount(root, heading('我的档案'), h('p', { class: 'empty' },
				'您的登录账号尚未关联人员档案，请联系所在卫生院。'));
			return;
		}
		const page = await import('./person.js');
		await page.default(root, { ...ctx, params: { id: me.id } });
	}, '正在加载我的档案…');
}

export default async function people(root, ctx) {
	if (user().role === 'clinic')
		return ownFile(root, ctx);
	const { query } = ctx;
	const filters = { centre_id: query.get('centre_id') || '', name: query.get('name') || '' };
	const slot = h('div');
	const bar = h('div');
	const body = h('div');
	const actions = h('div', { class: 'card-row' });
	mount(root, h('div', { class: 'page-head' }, heading('人员'), actions), bar, slot, body);

	let list = [];
	try {
		list = await centres();
	} catch (err) {
		// The list still works without the centre filter; say why it is missing.
		console.error(err);
	}
	mount(bar, filterBar(filters, list));
	if (canExportPeople())
		actions.append(exportButton(filters));
	if (canWriteStaff()) {
		const one = formToggle('新建人员', slot, (close) => personForm(list, close),
			{ id: 'new-person', class: 'btn btn-primary' });
		const many = formToggle('批量导入', slot, (close) =>
			importPanel(list, filters.centre_id, close), { id: 'import' });
		actions.append(one, many);
	}

	const params = { ...filters, sort: 'name', limit: PAGE };
	const fetchPage = (offset) => get('/people', { ...params, offset });
	await loadInto(body, () => fetchPage(0), (reply) => {
		if (!(reply.items || []).length) {
			mount(body, h('p', { class: 'empty' }, filters.name || filters.centre_id
				? '没有符合条件的人员。' : '暂无人员档案。'));
			return;
		}
		const tbody = h('tbody');
		const more = h('div', { class: 'more' });
		let add = null;
		// Only the roles that may list contracts can be told the postings.
		const map = canExportPeople() ? postings(filters).catch((err) => {
			console.error(err);
			return null;
		}) : Promise.resolve(null);
		const loadMore = async (offset) => {
			mount(more, h('p', { class: 'loading' }, '正在加载…'));
			try {
				add(await fetchPage(offset));
			} catch (err) {
				mount(more, errorBox(err, () => loadMore(offset)));
			}
		};
		add = (page) => {
			tbody.append(...(page.items || []).map(personRow));
			map.then((m) => fillPostings(tbody, m));
			const next = page.next_offset;
			mount(more, next === null || next === undefined ? null : h('button', {
				type: 'button', class: 'btn', onclick: () => loadMore(next),
			}, '加载更多'));
		};
		mount(body, table('people-table', COLUMNS, tbody), more);
		add(reply);
	}, '正在加载人员…');
}
