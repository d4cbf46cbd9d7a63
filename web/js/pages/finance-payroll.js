// SPDX-License-Identifier: MIT
// Payroll (工资) of the village doctors a centre employs (乡聘村用, LB-FIN-1..3): the runs
// month by month, running the next month with the assessment results (考核结果) that set
// each doctor's performance pay, one run's pay slips with the city / district split of its
// cost and the pay sheet as .xlsx; and for a village doctor, their own pay slips.

import { download, get, post } from '../api.js';
import { all, canKeepBooks, monthAdd, thisMonth, yuan } from '../finance.js';
import { user } from '../session.js';
import {
	h, loadInto, mount, row, ruleCite, stat, table, toast,
} from '../ui.js';

const enc = encodeURIComponent;

const RUN_COLUMNS = [
	{ label: '工资月份', cls: 'nowrap' }, { label: '卫生院' }, { label: '人数', num: true },
	{ label: '应发合计', num: true }, { label: '实发合计', num: true },
	{ label: '市级 / 区级财政承担', num: true }, { label: '' },
];

function runRows(runs, ctx) {
	return h('tbody', null, runs.map((r) => row(RUN_COLUMNS, [
		r.month, r.centre_name || '—', r.slips, yuan(r.gross_fen), yuan(r.net_fen),
		[yuan(r.city_fen), h('br'), yuan(r.district_fen)],
		h('a', { class: 'btn', href: ctx.link({ run: r.id }), dataset: { run: r.id } }, '工资条'),
	], { dataset: { id: r.id, month: r.month } })));
}

/* The form that runs a month for CENTRE. PEOPLE ([{person_id, person_name, clinic_name}]),
 * those paid last time, get an assessment input each (empty: passed, 100 %). */
function runForm(centre, runs, people, ctx) {
	const done = new Set(runs.map((r) => r.month));
	const latest = runs.map((r) => r.month).sort().pop();
	const next = latest ? monthAdd(latest, 1) : monthAdd(thisMonth(), -1);
	const month = h('input', { type: 'month', id: 'payroll-month', required: true,
		max: monthAdd(thisMonth(), -1), value: next < thisMonth() && !done.has(next) ? next : '' });
	const pct = new Map(people.map((p) => [p.person_id, h('input', {
		type: 'number', min: 0, max: 100, inputmode: 'numeric', placeholder: '100',
		id: `assess-${p.person_id}`, 'aria-label': `${p.person_name} 考核结果（%）`,
		class: 'count-input' })]));
	const out = h('div', { role: 'alert', id: 'payroll-error' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'payroll-run' },
		'计发工资');
	async function onsubmit(ev) {
		ev.preventDefault();
		mount(out);
		month.removeAttribute('aria-invalid');
		if (!/^\d{4}-\d{2}$/.test(month.value)) {
			month.setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error' }, '请选择工资月份。'));
			return;
		}
		const assessments = {};
		for (const [id, el] of pct) {
			if (el.value.trim() !== '')
				assessments[id] = Number(el.value);
		}
		save.disabled = true;
		try {
			const run = await post('/payroll-runs', { centre_id: centre.id, month: month.value,
				assessments: Object.keys(assessments).length ? assessments : undefined });
			toast(`已计发 ${run.month} 工资，共 ${run.slips} 张工资条`);
			ctx.go({ run: run.id }, false);
		} catch (err) {
			if (err.field === 'month')
				month.setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
		} finally {
			save.disabled = false;
		}
	}
	return h('form', { class: 'card edit-form', id: 'payroll-form', onsubmit, novalidate: true },
		h('h3', null, `计发月工资 · ${centre.name}`),
		h('div', { class: 'fields' }, h('div', { class: 'field' },
			h('label', { for: month.id }, '工资月份'), month,
			h('div', { class: 'hint' }, '月末之后按实际在岗天数和当月收入计发，每月只计发一次。'))),
		people.length ? h('details', { class: 'more-info', id: 'payroll-assessments' },
			h('summary', null, '考核结果（未填写的按 100% 合格计）'),
			table('assess-table', ASSESS_COLUMNS, h('tbody', null, people.map((p) =>
				row(ASSESS_COLUMNS, [p.person_name, p.clinic_name, pct.get(p.person_id)]))))) : null,
		out, h('div', { class: 'actions' }, save),
		h('p', { class: 'muted' }, '基本工资、绩效工资和绩效增量按政策配置计算，记入各村卫生室账套。',
			ruleCite('LB-FIN-1'), ruleCite('LB-FIN-2')));
}

const ASSESS_COLUMNS = [{ label: '姓名' }, { label: '村卫生室' }, { label: '考核结果（%）' }];

const SLIP_COLUMNS = [
	{ label: '人员' }, { label: '基本工资', num: true }, { label: '绩效工资', num: true },
	{ label: '绩效增量', num: true }, { label: '单位社保', num: true }, { label: '个人社保', num: true },
	{ label: '实发工资', num: true },
];

function slipPerson(s) {
	return [h('strong', null, s.person_name), h('div', { class: 'hint' },
		`${s.clinic_name} · ${s.days_paid}/${s.days_in_month} 天` +
		(Number(s.assessment_pct) !== 100 ? ` · 考核 ${s.assessment_pct}%` : '') +
		(Number(s.old_age_subsidy_fen) ? ` · 含养老生活补助 ${yuan(s.old_age_subsidy_fen)}` : '') +
		(s.insured ? '' : ' · 未参保'))];
}

function runView(run, ctx) {
	const xlsx = h('button', { type: 'button', class: 'btn', id: 'payslips-xlsx' }, '导出工资表 Excel');
	xlsx.addEventListener('click', async () => {
		xlsx.disabled = true;
		try {
			await download(`/payroll-runs/${enc(run.id)}/payslips.xlsx`, null,
				`工资表 ${run.month} ${run.centre_name}.xlsx`);
		} catch (err) {
			toast(err.message);
		} finally {
			xlsx.disabled = false;
		}
	});
	const slips = run.payslips || [];
	return [
		h('div', { class: 'section-head' }, h('h2', { id: 'payroll-run-title', dataset: { id: run.id } },
			`${run.month} 工资`, h('small', null, ` · ${run.centre_name} · ${slips.length} 人`)),
		h('div', { class: 'actions' }, h('a', { class: 'btn', href: ctx.link({ run: undefined }) },
			'← 全部批次'), xlsx)),
		h('div', { class: 'stats stats-money', id: 'payroll-totals' },
			stat(yuan(run.gross_fen), '应发合计'), stat(yuan(run.net_fen), '实发合计'),
			stat(yuan(run.employer_si_fen), '单位缴纳社保'), stat(yuan(run.personal_si_fen), '代扣个人社保'),
			stat(yuan(run.city_fen), '市级财政承担', { id: 'payroll-city' }),
			stat(yuan(run.district_fen), '区级财政承担', { id: 'payroll-district' })),
		h('p', { class: 'muted' }, `绩效工资${run.performance_period === 'quarter' ? '按季度考核，于季末月份'
			: '按月'}计发；市、区两级财政按比例分担（按批次合计）。`, ruleCite('LB-FIN-3')),
		slips.length ? table('payslip-table', SLIP_COLUMNS, h('tbody', null, slips.map((s) =>
			row(SLIP_COLUMNS, [slipPerson(s), yuan(s.base_fen), yuan(s.performance_fen),
				yuan(s.increment_fen), yuan(s.employer_si_fen), yuan(s.personal_si_fen),
				h('strong', null, yuan(s.net_fen))], { dataset: { person: s.person_id } }))))
			: h('p', { class: 'empty' }, '本批次没有工资条。'),
	];
}

/* The centre whose payroll the user runs: their own, or for the administrator the centre
 * chosen as the book. */
function centreOf(ctx) {
	const u = user();
	if (u.role === 'centre' || u.role === 'finance')
		return { id: u.institution_id, name: u.institution_name };
	return ctx.inst.kind === 'centre' ? ctx.inst : null;
}

/* The payroll tab: ?run= shows one run; otherwise the runs and the form. */
export default async function payrollTab(root, ctx) {
	const runId = ctx.query.get('run');
	if (runId) {
		await loadInto(root, () => get(`/payroll-runs/${enc(runId)}`),
			(run) => mount(root, runView(run, ctx)), '正在加载工资条…');
		return;
	}
	const centre = canKeepBooks() ? centreOf(ctx) : null;
	await loadInto(root, async () => {
		const runs = await all('/payroll-runs', { sort: '-month' });
		const mine = runs.filter((r) => !centre || r.centre_id === centre.id);
		// Those paid in the latest run are the ones to assess; anyone else counts as 100 %.
		const last = centre && mine[0] ? await get(`/payroll-runs/${enc(mine[0].id)}`) : null;
		return { runs, mine, people: last?.payslips || [] };
	}, ({ runs, mine, people }) => {
		mount(root, centre ? runForm(centre, mine, people, ctx) : null,
			h('h2', null, '工资发放批次', h('small', null, ` · ${runs.length} 批`)),
			runs.length ? table('payroll-runs', RUN_COLUMNS, runRows(runs, ctx))
				: h('p', { class: 'empty' }, '尚未计发工资。'));
	}, '正在加载工资发放批次…');
}

const MINE_COLUMNS = [
	{ label: '月份', cls: 'nowrap' }, { label: '村卫生室' }, { label: '基本工资', num: true },
	{ label: '绩效工资', num: true }, { label: '绩效增量', num: true },
	{ label: '代扣个人社保', num: true }, { label: '实发工资', num: true },
];

/* A village doctor's own pay slips (我的工资条), newest first. */
export async function myPayTab(root) {
	await loadInto(root, () => all('/payslips', { sort: '-month' }), (slips) => {
		mount(root, h('h2', null, '我的工资条'),
			slips.length ? table('mypay-table', MINE_COLUMNS, h('tbody', null, slips.map((s) =>
				row(MINE_COLUMNS, [s.month, s.clinic_name, yuan(s.base_fen), yuan(s.performance_fen),
					yuan(s.increment_fen), yuan(s.personal_si_fen), h('strong', null, yuan(s.net_fen))],
				{ dataset: { id: s.id } }))))
				: h('p', { class: 'empty', id: 'mypay-empty' },
					'暂无工资条：卫生院按月计发工资后，本人的工资条在这里查看。'),
			h('p', { class: 'muted' }, '只显示本人的工资条。', ruleCite('LB-FIN-1')));
	}, '正在加载工资条…');
}
