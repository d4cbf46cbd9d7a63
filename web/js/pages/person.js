// SPDX-License-Identifier: MIT
// A person's file (人员档案): details with the masked citizen id (the full number on request
// for the roles that may, and every such read is audited), their alerts, contracts with
// their history and the county's decision, qualifications, training against the yearly
// minimum, the attendance calendar and leave requests. Each part loads on its own, so
// one slow or failed request does not hold up the rest of the page.

import { get, post } from '../api.js';
import { alertItem } from '../alert-item.js';
import { attendanceSection } from '../attendance.js';
import { contractDecision, contractEnd, decisionButtons, exitDecision } from '../decision.js';
import { fieldForm, formToggle } from '../field-form.js';
import { href } from '../router.js';
import { user } from '../session.js';
import {
	ageOf, badge, canDecide, canRequestLeave, canSeeFullId, canSeeQueues, canWriteStaff,
	CONTRACT_STATUS, CONTRACT_TYPE, daysInclusive, EDUCATION, EXIT_REASON, EXIT_STATUS, label,
	LEAVE_STATUS, period, QUALIFICATION_KIND, SEX, yes,
} from '../staff.js';
import { trainingSection } from '../training.js';
import {
	facts, h, heading, loadInto, mount, row, ruleCite, table, toast, today,
} from '../ui.js';

const enc = encodeURIComponent;

/* ---- details ---- */

/* The citizen id, masked, with the button that shows it in full (audited). */
function citizenId(p) {
	const text = h('span', { class: 'mono', id: 'citizen-id' }, p.citizen_id || '—');
	if (!canSeeFullId() || !p.citizen_id)
		return text;
	const note = h('span', { class: 'muted', id: 'citizen-id-note' });
	const b = h('button', { type: 'button', class: 'btn btn-small', id: 'show-id' },
		'显示完整身份证号');
	let full = false;
	b.addEventListener('click', async () => {
		if (full) {
			mount(text, p.citizen_id);
			mount(note);
			b.textContent = '显示完整身份证号';
			full = false;
			return;
		}
		b.disabled = true;
		try {
			const record = await get(`/people/${enc(p.id)}`, { full: 1 });
			mount(text, record.citizen_id);
			mount(note, '本次查看已记入审计日志。');
			b.textContent = '隐藏';
			full = true;
		} catch (err) {
			toast(err.message);
		} finally {
			b.disabled = false;
		}
	});
	return h('span', { class: 'card-row' }, text, b, note);
}

function details(p) {
	const age = p.age ?? ageOf(p.birth_date);
	const centre = p.centre_id ? h('a', { href: href('/institutions/' + p.centre_id) },
		p.centre_name || '查看') : null;
	const photo = /^data:image\//.test(p.photo || '')
		? h('img', { class: 'photo', src: p.photo, alt: `${p.name}的照片` }) : null;
	return h('div', { class: 'person-details' }, photo, facts([
		['姓名', p.name],
		['性别', label(SEX, p.sex)],
		['出生日期', p.birth_date ? `${p.birth_date}${age === null ? '' : `（${age} 岁）`}` : null],
		['公民身份号码', citizenId(p)],
		['联系电话', p.phone],
		['学历', p.education ? label(EDUCATION, p.education) : null],
		['民族', p.ethnic_group],
		['所属卫生院', centre],
		['登录账号', p.user_id ? '已关联' : '未关联'],
		['退出', p.exited_on ? `${p.exited_on} ${label(EXIT_REASON, p.exit_reason)}` : null],
		['备注', p.note],
	]));
}

function header(p) {
	const age = p.age ?? ageOf(p.birth_date);
	return h('div', { class: 'page-head' },
		heading(p.name, p.centre_name ? h('small', null, ` · ${p.centre_name}`) : null),
		h('div', { class: 'card-row' },
			p.exited_on ? h('span', { class: 'badge badge-off' }, `已退出 ${p.exited_on}`)
				: h('span', { class: 'badge badge-ok' }, '在册'),
			h('span', { class: 'badge' }, label(SEX, p.sex)),
			age === null ? null : h('span', { class: 'badge' }, `${age} 岁`)));
}

/* The "提起退出审核" form (a resignation, a death, a penalty...: LB-STF-7). */
function exitForm(p, close) {
	return h('div', { class: 'inline-form' }, fieldForm({
		id: 'exit-form',
		title: '提起退出审核',
		fields: [
			{ name: 'reason', label: '退出原因', type: 'select', options: EXIT_REASON, required: true },
			{ name: 'note', label: '情况说明', type: 'textarea' },
		],
		send: (values) => post(`/people/${enc(p.id)}/exit-reviews`, values),
		done: () => {
			toast('已提起退出审核，待县卫健局确认');
			close();
		},
		cancel: close,
	}).el);
}

/* The person's exit reviews (LB-STF-7), for the roles that see the queues: the county
 * decides the open ones here as well as in its queue. */
function exitReviews(root, p, reload) {
	if (!canSeeQueues())
		return;
	get('/exit-reviews', { person_id: p.id, limit: 50 }).then((reply) => {
		const items = reply.items || [];
		if (!items.length)
			return;
		mount(root, h('h3', null, '退出审核', ruleCite('LB-STF-7')),
			h('ul', { class: 'plain-list exit-list' }, items.map((r) => {
				const slot = h('div');
				return h('li', { dataset: { id: r.id } },
					h('div', { class: 'card-row' }, label(EXIT_REASON, r.reason),
						badge(EXIT_STATUS, r.status),
						h('span', { class: 'muted' }, (r.created_at || '').slice(0, 10)),
						r.effective_on ? `退出日期 ${r.effective_on}` : null,
						r.status === 'open' && canDecide() ? exitDecision(r, slot, reload) : null),
					r.note ? h('div', { class: 'muted' }, r.note) : null, slot);
			})));
	}, (err) => mount(root, h('p', { class: 'form-error' }, err.message)));
}

/* ---- alerts ---- */

function alertsSection(root, id) {
	return loadInto(root, () => get(`/people/${enc(id)}/alerts`), (reply) => {
		const items = reply.items || [];
		mount(root, h('h2', null, '预警', h('small', null, `（${items.length}）`)),
			// Each alert names its clinic; the person is the one whose page this is.
			items.length ? h('ul', { class: 'alerts' }, items.map((a) =>
				alertItem({ ...a, person_id: null }, true)))
				: h('p', { class: 'empty' }, '暂无预警。'));
	}, '正在加载预警…');
}

/* ---- contracts ---- */

const CONTRACT_COLUMNS = [
	{ label: '合同类型', cls: 'nowrap' }, { label: '派驻村卫生室' }, { label: '期限' }, { label: '说明' },
	{ label: '状态' }, { label: '审批' },
];

function contractNotes(c) {
	return [
		yes(c.head_of_clinic) ? h('span', { class: 'badge' }, '村卫生室负责人') : null,
		yes(c.age_extension) ? h('span', { class: 'badge' }, '年龄延长/返聘') : null,
		yes(c.short_posting) ? h('span', { class: 'badge sev-warning' }, '派驻不足半年') : null,
		yes(c.short_posting) ? ruleCite('LB-STF-5') : null,
	].filter(Boolean);
}

function decisionText(c) {
	const who = [c.decided_on, c.decided_by].filter(Boolean).join(' ');
	const end = c.ended_on ? `终止于 ${c.ended_on}${c.end_reason ? `（${c.end_reason}）` : ''}` : '';
	return [who, c.decision_note, end].filter(Boolean).join('；') || null;
}

function contractRows(items, reload) {
	return items.flatMap((c) => {
		const slot = h('div');
		const pending = c.status === 'pending';
		let decide = decisionText(c) || (pending ? h('span', { class: 'muted' }, '待县卫健局审批') : '—');
		if (pending && canDecide())
			decide = contractDecision(c, slot, reload);
		else if (c.status === 'active' && canWriteStaff())
			decide = [decide, h('div', null, contractEnd(c, slot, reload))];
		const tr = row(CONTRACT_COLUMNS, [
			label(CONTRACT_TYPE, c.type),
			c.clinic_name || '—',
			period(c.starts_on, c.ends_on),
			contractNotes(c),
			badge(CONTRACT_STATUS, c.status),
			decide,
		], { dataset: { id: c.id, status: c.status } });
		return [tr, h('tr', { class: 'slot-row' }, h('td', { colspan: 6 }, slot))];
	});
}

/* The "报审合同" form: a contract with the person's centre, posted to one of its clinics;
 * it is pending until the county bureau approves it (LB-STF-4). */
function contractForm(p, saved, close) {
	const box = h('div', { class: 'inline-form' }, h('p', { class: 'loading' }, '正在加载村卫生室…'));
	get('/institutions', { kind: 'clinic', parent_id: p.centre_id, sort: 'name', limit: 500 })
		.then((reply) => {
			const clinics = (reply.items || []).map((c) => [c.id, c.name]);
			mount(box, fieldForm({
				id: 'contract-form',
				title: `报审合同（聘用单位：${p.centre_name || '所属卫生院'}）`,
				submit: '报县卫健局审批',
				fields: [
					{ name: 'clinic_id', label: '派驻村卫生室', type: 'select', options: clinics,
						required: true },
					{ name: 'type', label: '合同类型', type: 'select', options: CONTRACT_TYPE,
						value: 'labour', required: true, blank: null },
					{ name: 'starts_on', label: '开始日期', type: 'date', required: true },
					{ name: 'ends_on', label: '结束日期', type: 'date', required: true },
					{ name: 'head_of_clinic', label: '担任村卫生室负责人', type: 'checkbox' },
					{ name: 'age_extension', label: '申请年龄延长 / 返聘（须县卫健局批准）',
						type: 'checkbox' },
				],
				send: (v) => post(`/people/${enc(p.id)}/contracts`,
					{ ...v, employer_id: p.centre_id }),
				done: () => {
					toast('合同已报县卫健局审批');
					close();
					saved();
				},
				cancel: close,
			}).el);
		}, (err) => mount(box, h('p', { class: 'form-error' }, err.message),
			h('button', { type: 'button', class: 'btn', onclick: close }, '关闭')));
	return box;
}

function contractsSection(root, p) {
	const reload = () => contractsSection(root, p);
	return loadInto(root, () => get(`/people/${enc(p.id)}/contracts`, { limit: 100 }), (reply) => {
		const items = reply.items || [];
		const slot = h('div');
		const add = canWriteStaff() && !p.exited_on ? formToggle('报审合同', slot,
			(close) => contractForm(p, reload, close), { id: 'add-contract' }) : null;
		mount(root, h('div', { class: 'section-head' }, h('h2', null, '聘用合同',
			h('small', null, '（乡聘村用，含历史）')), add), slot,
		items.length ? table('contract-table', CONTRACT_COLUMNS,
			h('tbody', null, contractRows(items, reload)))
			: h('p', { class: 'empty' }, '暂无聘用合同。'));
	}, '正在加载合同…');
}

/* ---- qualifications ---- */

const QUAL_COLUMNS = [
	{ label: '资格类别' }, { label: '证书编号', cls: 'nowrap' }, { label: '发证机关' }, { label: '发证日期' },
	{ label: '有效期至' }, { label: '区卫健局培训' },
];

function validity(q) {
	if (!q.valid_until)
		return '长期';
	if (q.valid_until < today())
		return h('span', { class: 'badge sev-error' }, `${q.valid_until} 已过期`);
	return q.valid_until;
}

function qualificationForm(id, saved, close) {
	return h('div', { class: 'inline-form' }, fieldForm({
		id: 'qualification-form',
		title: '登记资格证书',
		fields: [
			{ name: 'kind', label: '资格类别', type: 'select', options: QUALIFICATION_KIND,
				required: true },
			{ name: 'certificate_no', label: '证书编号', required: true, maxlength: 50 },
			{ name: 'issuer', label: '发证机关', required: true, maxlength: 100 },
			{ name: 'issued_on', label: '发证日期', type: 'date', required: true, max: today() },
			{ name: 'valid_until', label: '有效期至（长期有效可不填）', type: 'date' },
			{ name: 'district_training_passed', label: '区卫健局培训合格（乡村医生）',
				type: 'checkbox' },
		],
		send: (v) => post(`/people/${enc(id)}/qualifications`, v),
		done: () => {
			toast('已登记资格证书');
			close();
			saved();
		},
		cancel: close,
	}).el);
}

function qualificationsSection(root, id) {
	const reload = () => qualificationsSection(root, id);
	return loadInto(root, () => get(`/people/${enc(id)}/qualifications`, { limit: 100 }), (reply) => {
		const items = reply.items || [];
		const slot = h('div');
		const add = canWriteStaff() ? formToggle('登记资格证书', slot,
			(close) => qualificationForm(id, reload, close), { id: 'add-qualification' }) : null;
		mount(root, h('div', { class: 'section-head' }, h('h2', null, '资格证书'), add), slot,
			items.length ? table('qualification-table', QUAL_COLUMNS, h('tbody', null,
				items.map((q) => row(QUAL_COLUMNS, [
					label(QUALIFICATION_KIND, q.kind), q.certificate_no, q.issuer, q.issued_on,
					validity(q), yes(q.district_training_passed) ? '合格' : '—',
				], { dataset: { id: q.id } }))))
				: h('p', { class: 'empty' }, '暂无资格证书。'));
	}, '正在加载资格证书…');
}

/* ---- leave ---- */

const LEAVE_COLUMNS = [
	{ label: '请假期间' }, { label: '天数', num: true }, { label: '事由' }, { label: '值班人员' },
	{ label: '状态' }, { label: '审批' },
];

/* Who may stand in for P: the other people of the same centre still in post. */
async function standIns(p) {
	const reply = await get('/people', { centre_id: p.centre_id, limit: 500 });
	return (reply.items || []).filter((o) => o.id !== p.id && !o.exited_on)
		.map((o) => [o.id, o.name]);
}

function leaveDecision(l, p, others, slot, done) {
	return decisionButtons([
		{ label: '批准', decision: 'approve', cls: 'btn-primary',
			fields: [{ name: 'stand_in_id', label: '值班人员（必填）', type: 'select',
				options: others, required: true }],
			send: (v) => post(`/leaves/${enc(l.id)}/decision`, { ...v, decision: 'approve' }),
			done: () => { toast('已批准请假'); done(); } },
		{ label: '不批准', decision: 'reject', cls: 'btn-danger',
			send: (v) => post(`/leaves/${enc(l.id)}/decision`, { ...v, decision: 'reject' }),
			done: () => { toast('已不批准请假'); done(); } },
	], slot, l.id);
}

function leaveForm(id, saved, close) {
	return h('div', { class: 'inline-form' }, fieldForm({
		id: 'leave-form',
		title: '请假申请',
		submit: '提交申请',
		fields: [
			{ name: 'starts_on', label: '开始日期', type: 'date', required: true },
			{ name: 'ends_on', label: '结束日期', type: 'date', required: true },
			{ name: 'reason', label: '事由', required: true, maxlength: 200, wide: true },
		],
		send: (v) => post(`/people/${enc(id)}/leaves`, v),
		done: () => {
			toast('已提交请假申请，待卫生院审批');
			close();
			saved();
		},
		cancel: close,
	}).el);
}

function leavesSection(root, p) {
	const reload = () => leavesSection(root, p);
	let others = null; // the stand-in choices, fetched when a pending request is shown
	return loadInto(root, async () => {
		const reply = await get(`/people/${enc(p.id)}/leaves`, { limit: 100 });
		const pending = (reply.items || []).some((l) => l.status === 'pending');
		if (pending && canWriteStaff())
			others = await standIns(p);
		return reply;
	}, (reply) => {
		const items = reply.items || [];
		const slot = h('div');
		const add = canRequestLeave() && !p.exited_on ? formToggle('请假申请', slot,
			(close) => leaveForm(p.id, reload, close), { id: 'add-leave' }) : null;
		const rows = items.flatMap((l) => {
			const decideSlot = h('div');
			const decide = l.status === 'pending' && canWriteStaff()
				? leaveDecision(l, p, others || [], decideSlot, reload)
				: [l.decided_on, l.decided_by].filter(Boolean).join(' ') || '—';
			return [row(LEAVE_COLUMNS, [
				period(l.starts_on, l.ends_on),
				daysInclusive(l.starts_on, l.ends_on) || '—',
				l.reason,
				l.stand_in_name || (l.stand_in_id ? '已指定' : '—'),
				badge(LEAVE_STATUS, l.status),
				decide,
			], { dataset: { id: l.id, status: l.status } }),
			h('tr', { class: 'slot-row' }, h('td', { colspan: 6 }, decideSlot))];
		});
		mount(root, h('div', { class: 'section-head' }, h('h2', null, '请假'), add),
			h('p', { class: 'muted' }, '离开乡镇须向卫生院请假，批准时须指定值班人员。',
				ruleCite('LB-STF-9')),
			slot,
			items.length ? table('leave-table', LEAVE_COLUMNS, h('tbody', null, rows))
				: h('p', { class: 'empty' }, '暂无请假记录。'));
	}, '正在加载请假记录…');
}

/* ---- the page ---- */

const SECTIONS = [
	['person-alerts', '预警'], ['person-contracts', '合同'], ['person-qualifications', '资格'],
	['person-training', '培训'], ['person-attendance', '考勤'], ['person-leaves', '请假'],
];

/* Buttons that scroll to each part (anchors would fight the hash router). */
function jumpBar() {
	return h('nav', { class: 'chips jump', 'aria-label': '本页内容' }, SECTIONS.map(([id, text]) =>
		h('button', { type: 'button', class: 'chip', onclick: () =>
			document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' }) },
		text)));
}

export default async function person(root, { params }) {
	const id = params.id;
	const head = h('div');
	const info = h('section', { class: 'card', id: 'person-details' });
	const parts = Object.fromEntries(SECTIONS.map(([sid]) =>
		[sid, h('section', { class: 'card', id: sid })]));
	mount(root, head, info);

	await loadInto(info, () => get(`/people/${enc(id)}`), (p) => {
		const own = user().role === 'clinic';
		mount(head, header(p));
		const slot = h('div');
		const reviews = h('div', { id: 'person-exits' });
		// A decision on an exit changes the whole file (exited, contract ended): draw it again.
		const again = () => person(root, { params });
		const exit = canWriteStaff() && !p.exited_on ? formToggle('提起退出审核', slot,
			(close) => exitForm(p, () => {
				close();
				exitReviews(reviews, p, again);
			}), { id: 'raise-exit' }) : null;
		mount(info, h('div', { class: 'section-head' }, h('h2', null, own ? '我的档案' : '基本信息'),
			exit), details(p), slot, reviews);
		exitReviews(reviews, p, again);
		info.before(jumpBar());
		root.append(...Object.values(parts));
		const alerts = () => alertsSection(parts['person-alerts'], id);
		alerts();
		contractsSection(parts['person-contracts'], p);
		qualificationsSection(parts['person-qualifications'], id);
		trainingSection(parts['person-training'], id, canWriteStaff());
		attendanceSection(parts['person-attendance'], id, canWriteStaff() && !p.exited_on, alerts);
		leavesSection(parts['person-leaves'], p);
	}, '正在加载人员档案…');
}
