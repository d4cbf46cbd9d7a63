// SPDX-License-Identifier: MIT
// A person's training (培训, LB-STF-8 / SR-STF-4): this year's days and courses as bars
// against the yearly minimum of their profile (14 days and 2 courses in Liubei; where the
// profile sets none, just the figures), the full-time further study due every few years,
// earlier years, the list of courses and the "登记培训" form.

import { get, post } from './api.js';
import { fieldForm, formToggle } from './field-form.js';
import { daysInclusive, label, period, TRAINING_KIND, TRAINING_RESULT } from './staff.js';
import { h, loadInto, mount, row, ruleCite, table, toast, today } from './ui.js';

const COLUMNS = [
	{ label: '培训名称' }, { label: '类别', cls: 'nowrap' }, { label: '培训单位' },
	{ label: '日期' }, { label: '天数', num: true }, { label: '结果', cls: 'nowrap' },
];
const STUDY = {
	ok: ['badge-ok', '符合要求'], due_soon: ['sev-warning', '即将到期'],
	overdue: ['sev-error', '已逾期'],
};

/* One figure against its minimum as a bar: "3/14 天". With no minimum, the figure only. */
function meter(what, n, min, unit) {
	if (min === null || min === undefined || !(Number(min) > 0))
		return h('div', { class: 'meter', dataset: { what } },
			h('span', { class: 'meter-label' }, what), h('strong', null, `${n} ${unit}`));
	const fill = h('span', { class: 'bar-fill' + (n >= min ? ' full' : '') });
	fill.style.width = Math.min(100, (100 * n) / min) + '%';
	return h('div', { class: 'meter', dataset: { what } },
		h('span', { class: 'meter-label' }, what),
		h('span', { class: 'bar bar-wide', role: 'img', 'aria-label': `${what} ${n}/${min}` },
			fill),
		h('span', { class: 'bar-text' }, `${n}/${min} ${unit}`));
}

/* The summary of YEAR from the reply's "years", or an empty one that borrows the minimums
 * of any other year (same profile) when nothing was recorded this year yet. */
function yearSummary(years, year) {
	const hit = years.find((y) => Number(y.year) === year);
	if (hit)
		return hit;
	const any = years[0] || {};
	return {
		year, courses: 0, days: 0, ok: any.min_days ? false : null,
		min_courses: any.min_courses ?? null, min_days: any.min_days ?? null,
		rule: any.rule || null,
	};
}

function verdict(ok) {
	if (ok === true)
		return h('span', { class: 'badge badge-ok' }, '已达标');
	if (ok === false)
		return h('span', { class: 'badge sev-warning' }, '未达标');
	return h('span', { class: 'badge' }, '无年度最低要求');
}

/* This year's bars. */
export function yearBar(s) {
	const days = Number(s.days || 0);
	const courses = Number(s.courses || 0);
	return h('div', {
		class: 'train-year', id: 'training-year',
		dataset: { year: s.year, days, courses, ok: String(s.ok) },
	},
	h('div', { class: 'card-row' }, h('strong', null, `${s.year} 年度培训`), verdict(s.ok),
		ruleCite(s.rule)),
	meter('天数', days, s.min_days, '天'),
	meter('次数', courses, s.min_courses, '次'));
}

function furtherStudy(fs) {
	if (!fs || !fs.status)
		return null;
	const [cls, text] = STUDY[fs.status] || ['', fs.status];
	return h('p', { class: 'further-study' }, '脱产进修：',
		fs.last ? `最近一次结束于 ${fs.last}` : '尚无记录', ' ',
		h('span', { class: 'badge ' + cls }, text), ruleCite(fs.rule));
}

function pastYears(years, current) {
	const past = years.filter((y) => Number(y.year) !== current)
		.sort((a, b) => b.year - a.year);
	if (!past.length)
		return null;
	return h('ul', { class: 'chips year-chips', 'aria-label': '往年培训' }, past.map((y) =>
		h('li', { class: 'chip static' + (y.ok === false ? ' chip-bad' : '') },
			`${y.year} 年`, h('span', { class: 'chip-n' }, `${y.days} 天 · ${y.courses} 次`))));
}

function trainingRow(t) {
	return row(COLUMNS, [t.title, label(TRAINING_KIND, t.kind), t.provider || '—',
		period(t.starts_on, t.ends_on),
		t.days, label(TRAINING_RESULT, t.result)], { dataset: { id: t.id } });
}

/* The "登记培训" form for person ID; the days follow the dates until the user types them. */
function trainingForm(id, saved, close) {
	const now = today();
	const form = fieldForm({
		id: 'training-form',
		title: '登记培训',
		fields: [
			{ name: 'title', label: '培训名称', required: true, maxlength: 100, wide: true },
			{ name: 'kind', label: '类别', type: 'select', options: TRAINING_KIND, value: 'job',
				required: true, blank: null },
			{ name: 'provider', label: '培训单位', maxlength: 100 },
			{ name: 'starts_on', label: '开始日期', type: 'date', required: true, max: now },
			{ name: 'ends_on', label: '结束日期', type: 'date', required: true, max: now },
			{ name: 'days', label: '天数', type: 'number', required: true, min: 1, max: 366 },
			{ name: 'result', label: '结果', type: 'select', options: TRAINING_RESULT,
				value: 'passed', required: true, blank: null },
		],
		send: (values) => post(`/people/${encodeURIComponent(id)}/trainings`, values),
		done: () => {
			toast('已登记培训');
			close();
			saved();
		},
		cancel: close,
	});
	const [start, end, days] = ['starts_on', 'ends_on', 'days'].map((n) => form.inputs.get(n));
	let typed = false;
	days.addEventListener('input', () => { typed = true; });
	const follow = () => {
		if (start.value && !end.value)
			end.value = start.value;
		const n = daysInclusive(start.value, end.value);
		if (!typed && n)
			days.value = String(n);
	};
	start.addEventListener('change', follow);
	end.addEventListener('change', follow);
	return h('div', { class: 'inline-form' }, form.el);
}

/* Fill ROOT with the training of person ID; WRITABLE adds the form. */
export function trainingSection(root, id, writable) {
	const reload = () => trainingSection(root, id, writable);
	const path = `/people/${encodeURIComponent(id)}/trainings`;
	return loadInto(root, () => get(path, { limit: 200 }), (reply) => {
		const items = reply.items || [];
		const years = reply.years || [];
		const year = new Date().getFullYear();
		const slot = h('div');
		mount(root,
			h('div', { class: 'section-head' }, h('h2', null, '培训'),
				writable ? formToggle('登记培训', slot, (close) => trainingForm(id, reload, close),
					{ id: 'add-training', class: 'btn btn-primary' }) : null),
			yearBar(yearSummary(years, year)),
			furtherStudy(reply.further_study),
			pastYears(years, year),
			slot,
			items.length ? table('training-table', COLUMNS, h('tbody', null, items.map(trainingRow)))
				: h('p', { class: 'empty' }, '暂无培训记录。'));
	}, '正在加载培训…');
}
