// SPDX-License-Identifier: MIT
// Audit visits (财务检查, SR-FIN-4): the centre checks its clinics' accounts and charges at
// regular and irregular times, the county checks clinics and centres. The visits, the form
// that records one with the problems found, what must be rectified and by when; one visit
// with its findings and the confirmation of a rectification; and every finding, those past
// their deadline and still open marked overdue.

import { get, post } from '../api.js';
import { decisionButtons } from '../decision.js';
import { formToggle } from '../field-form.js';
import {
	all, AUDIT_LEVEL, canAudit, FINDING_STATUS, finBadge, label,
} from '../finance.js';
import { user } from '../session.js';
import {
	facts, h, loadInto, mount, row, ruleCite, table, toast, today,
} from '../ui.js';

const enc = encodeURIComponent;

/* The level the user records visits at: the county's users the county's, the centre's
 * the centre's (the server refuses the rest). */
const myLevel = () => (['admin', 'county'].includes(user().role) ? 'county' : 'centre');

/* [id, name] of the places a visit at the user's level may check: a centre checks its
 * clinics; the county checks clinics and centres. */
function auditPlaces(places) {
	const county = myLevel() === 'county';
	return places.filter((p) => (p.kind === 'clinic' && p.status !== 'planned') ||
		(county && p.kind === 'centre'))
		.map((p) => [p.id, p.kind === 'clinic' && p.centre ? `${p.name}（${p.centre}）` : p.name]);
}

/* ---- findings ---- */

const FINDING_COLUMNS = [
	{ label: '发现的问题' }, { label: '整改要求' }, { label: '整改期限', cls: 'nowrap' },
	{ label: '状态' }, { label: '' },
];

function findingState(f) {
	if (f.overdue)
		return h('span', { class: 'badge sev-error finding-overdue' }, '逾期未整改');
	return [finBadge(FINDING_STATUS, f.status), f.rectified_on
		? h('div', { class: 'hint' }, `${f.rectified_on} ${f.rectified_note || ''}`) : null];
}

function rectifyButton(f, slot, done) {
	return decisionButtons([{
		label: '确认整改', decision: 'rectified', submit: '确认整改完成',
		fields: [
			{ name: 'rectified_on', label: '整改完成日期', type: 'date', value: today(), max: today() },
			{ name: 'note', label: '整改情况', required: true, maxlength: 1000 },
		],
		send: (v) => post(`/audit-findings/${enc(f.id)}/rectified`, v),
		done: () => {
			toast('已确认整改完成');
			done();
		},
	}], slot, f.id);
}

/* Rows of findings LIST; WITH_PLACE: the institution and visit date in the first cell. */
function findingRows(list, withPlace, done) {
	return h('tbody', null, list.flatMap((f) => {
		const slot = h('div');
		return [row(FINDING_COLUMNS, [
			[withPlace ? h('div', { class: 'hint' }, `${f.institution_name} · ${f.visited_on} ` +
				label(AUDIT_LEVEL, f.by_level)) : null, f.description],
			f.rectification, f.deadline, findingState(f),
			f.status === 'open' && canAudit() ? rectifyButton(f, slot, done) : null,
		], { class: f.overdue ? 'finding-late' : null,
			dataset: { id: f.id, overdue: String(!!f.overdue), status: f.status } }),
		h('tr', { class: 'slot-row' }, h('td', { colspan: FINDING_COLUMNS.length }, slot))];
	}));
}

/* The inputs of one finding (问题, 整改要求, 整改期限) under the visit form. */
function findingInputs(k) {
	const box = h('fieldset', { class: 'finding-input', dataset: { k } },
		h('legend', null, `问题 ${k + 1}`),
		h('div', { class: 'fields' },
			h('div', { class: 'field field-wide' }, h('label', { for: `finding-description-${k}` }, '发现的问题'),
				h('textarea', { id: `finding-description-${k}`, rows: 2, maxlength: 1000, class: 'f-description' })),
			h('div', { class: 'field field-wide' }, h('label', { for: `finding-rectification-${k}` }, '整改要求'),
				h('textarea', { id: `finding-rectification-${k}`, rows: 2, maxlength: 1000, class: 'f-rectification' })),
			h('div', { class: 'field' }, h('label', { for: `finding-deadline-${k}` }, '整改期限'),
				h('input', { type: 'date', id: `finding-deadline-${k}`, class: 'f-deadline' }))));
	return box;
}

/* ---- the visit form ---- */

function visitForm(places, ctx, close) {
	const level = myLevel();
	const place = h('select', { id: 'visit-institution', required: true },
		h('option', { value: '' }, '请选择被检查机构'),
		auditPlaces(places).map(([v, t]) => h('option', { value: v }, t)));
	const date = h('input', { type: 'date', id: 'visit-date', value: today(), max: today(), required: true });
	const regular = h('input', { type: 'checkbox', id: 'visit-regular', checked: true });
	const scope = h('input', { type: 'text', id: 'visit-scope', maxlength: 500, required: true,
		placeholder: '例如：账目、收费票据、现金日记账' });
	const summary = h('textarea', { id: 'visit-summary', rows: 2, maxlength: 2000 });
	const findings = h('div', { id: 'visit-findings' }, findingInputs(0));
	const out = h('div', { role: 'alert', id: 'visit-error' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'visit-save' }, '登记检查');
	const add = h('button', { type: 'button', class: 'btn', id: 'visit-add-finding', onclick: () => {
		const box = findingInputs(findings.children.length);
		findings.append(box);
		box.querySelector('textarea').focus();
	} }, '再添加一条问题');

	/* The findings filled in: all three parts of each, or a message naming the first gap. */
	function filled() {
		const list = [], boxes = [];
		for (const box of findings.children) {
			const f = {
				description: box.querySelector('.f-description').value.trim(),
				rectification: box.querySelector('.f-rectification').value.trim(),
				deadline: box.querySelector('.f-deadline').value,
			};
			const n = [f.description, f.rectification, f.deadline].filter(Boolean).length;
			if (n === 0)
				continue;
			if (n < 3)
				return { error: `问题 ${Number(box.dataset.k) + 1} 须填写问题、整改要求和整改期限。` };
			list.push(f);
			boxes.push(box);
		}
		return { list, boxes };
	}

	async function onsubmit(ev) {
		ev.preventDefault();
		mount(out);
		for (const el of [place, date, scope, ...findings.querySelectorAll('[aria-invalid]')])
			el.removeAttribute('aria-invalid');
		const f = filled();
		if (f.error) {
			mount(out, h('p', { class: 'form-error' }, f.error, ruleCite('SR-FIN-4')));
			return;
		}
		save.disabled = true;
		try {
			// The visit and its findings in one request: all saved, or none.
			const visit = await post('/audit-visits', {
				institution_id: place.value || undefined, visited_on: date.value, by_level: level,
				regular: regular.checked, scope: scope.value.trim(),
				summary: summary.value.trim() || undefined,
				findings: f.list.length ? f.list : undefined,
			});
			toast(`已登记财务检查${f.list.length ? `和 ${f.list.length} 个问题` : ''}`);
			ctx.go({ visit: visit.id }, false);
		} catch (err) {
			// "findings.1.deadline": mark that input of the second finding.
			const m = /^findings\.(\d+)\.(\w+)$/.exec(err.field || '');
			const el = m ? f.boxes[Number(m[1])]?.querySelector('.f-' + m[2])
				: { institution_id: place, visited_on: date, scope }[err.field];
			el?.setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
		} finally {
			save.disabled = false;
		}
	}
	const field = (lbl, el, cls) => h('div', { class: 'field ' + (cls || '') },
		h('label', { for: el.id }, lbl), el);
	return h('form', { class: 'card edit-form', id: 'visit-form', onsubmit, novalidate: true },
		h('h3', null, `登记财务检查（${label(AUDIT_LEVEL, level)}）`),
		h('div', { class: 'fields' }, field('被检查机构', place), field('检查日期', date),
			h('label', { class: 'field-check', for: regular.id }, regular, '定期检查（不勾选为不定期检查）'),
			field('检查范围', scope, 'field-wide'), field('检查结论', summary, 'field-wide')),
		h('h3', null, '发现的问题与整改'), findings, h('div', { class: 'actions' }, add),
		out, h('div', { class: 'actions' }, save,
			h('button', { type: 'button', class: 'btn', onclick: close }, '取消')));
}

/* ---- one visit ---- */

function visitView(v, ctx) {
	const findings = v.findings || [];
	const slot = h('div');
	const addForm = canAudit() ? decisionButtons([{
		label: '添加问题', decision: 'finding', submit: '保存问题',
		fields: [
			{ name: 'description', label: '发现的问题', type: 'textarea', required: true, maxlength: 1000 },
			{ name: 'rectification', label: '整改要求', type: 'textarea', required: true, maxlength: 1000 },
			{ name: 'deadline', label: '整改期限', type: 'date', required: true, min: v.visited_on },
		],
		send: (x) => post(`/audit-visits/${enc(v.id)}/findings`, x),
		done: () => {
			toast('已添加问题');
			ctx.reload();
		},
	}], slot, 'finding-new') : null;
	return [
		h('div', { class: 'section-head' }, h('h2', { id: 'visit-title', dataset: { id: v.id } },
			`${v.institution_name} 财务检查`, h('small', null, ` · ${v.visited_on}`)),
		h('a', { class: 'btn', href: ctx.link({ visit: undefined }) }, '← 全部检查')),
		facts([['检查单位', label(AUDIT_LEVEL, v.by_level)], ['类型', v.regular ? '定期检查' : '不定期检查'],
			['检查范围', v.scope], ['检查结论', v.summary],
			['问题', `${v.finding_count} 个，未整改 ${v.open_count} 个`]]),
		h('div', { class: 'section-head' }, h('h3', null, '发现的问题与整改'), addForm),
		slot,
		findings.length ? table('visit-findings-table', FINDING_COLUMNS,
			findingRows(findings, false, ctx.reload)) : h('p', { class: 'empty' }, '未发现问题。'),
	];
}

/* ---- the tab ---- */

const VISIT_COLUMNS = [
	{ label: '检查日期', cls: 'nowrap' }, { label: '被检查机构' }, { label: '检查单位' },
	{ label: '检查范围' }, { label: '问题（未整改）', num: true }, { label: '' },
];

/* The audits tab: ?visit= shows one visit; otherwise the form, the visits and every
 * finding (?open=1: only those still to rectify). */
export default async function auditsTab(root, ctx) {
	const visitId = ctx.query.get('visit');
	if (visitId) {
		await loadInto(root, () => get(`/audit-visits/${enc(visitId)}`),
			(v) => mount(root, visitView(v, ctx)), '正在加载财务检查…');
		return;
	}
	const onlyOpen = ctx.query.get('open') === '1';
	await loadInto(root, () => Promise.all([all('/audit-visits', { sort: '-visited_on' }),
		all('/audit-findings', onlyOpen ? { status: 'open' } : {})]), ([visits, findings]) => {
		const overdue = findings.filter((f) => f.overdue);
		// Overdue first, then by deadline: what needs chasing is on top.
		const sorted = [...overdue, ...findings.filter((f) => !f.overdue)];
		const slot = h('div');
		mount(root, canAudit() ? h('div', { class: 'actions' }, formToggle('登记财务检查', slot,
			(close) => visitForm(ctx.places, ctx, close), { id: 'visit-new', class: 'btn btn-primary' })) : null,
		slot,
			h('section', { id: 'audit-findings-part' },
				h('div', { class: 'section-head' }, h('h2', null, '检查发现的问题',
					h('small', null, ` · ${findings.length} 个，逾期未整改 `,
						h('strong', { id: 'findings-overdue', class: overdue.length ? 'neg' : '' },
							String(overdue.length)), ' 个')),
				h('nav', { class: 'segmented', 'aria-label': '整改状态' },
					h('a', { class: 'btn', href: ctx.link({}), 'aria-pressed': String(!onlyOpen) }, '全部'),
					h('a', { class: 'btn', href: ctx.link({ open: 1 }), 'aria-pressed': String(onlyOpen) },
						'待整改'))),
				overdue.length ? h('p', { class: 'error-box' },
					`${overdue.length} 个问题已过整改期限仍未整改。`, ruleCite('SR-FIN-4')) : null,
				findings.length ? table('audit-findings', FINDING_COLUMNS, findingRows(sorted, true, ctx.reload))
					: h('p', { class: 'empty' }, '没有检查发现的问题。')),
			h('section', { id: 'audit-visits-part' }, h('h2', null, '财务检查记录',
				h('small', null, ` · ${visits.length} 次`)),
			visits.length ? table('audit-visits', VISIT_COLUMNS, h('tbody', null, visits.map((v) =>
				row(VISIT_COLUMNS, [v.visited_on, v.institution_name,
					`${label(AUDIT_LEVEL, v.by_level)}${v.regular ? '（定期）' : '（不定期）'}`, v.scope,
					`${v.finding_count}（${v.open_count}）`,
					h('a', { class: 'btn', href: ctx.link({ visit: v.id }) }, '查看')],
				{ dataset: { id: v.id } })))) : h('p', { class: 'empty' }, '尚无财务检查记录。')),
			h('p', { class: 'muted' }, '乡镇卫生院定期和不定期检查村卫生室的账目和收费，县卫健局检查卫生院和村卫生室；整改逾期的列入预警。',
				ruleCite('SR-FIN-4')));
	}, '正在加载财务检查…');
}
