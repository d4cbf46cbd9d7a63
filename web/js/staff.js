// SPDX-License-Identifier: MIT
// What the personnel pages share: the Chinese labels of the area's enum values (the
// server sends the values only), what each role may do there (the server checks anyway;
// the UI only hides what would be refused), and small date and citizen-id helpers.

import { get } from './api.js';
import { user } from './session.js';
import { h } from './ui.js';

export const SEX = [['male', '男'], ['female', '女']];
export const EDUCATION = [
	['postgraduate', '研究生'], ['bachelor', '本科'], ['junior_college', '大专'],
	['secondary', '中专'], ['high_school', '高中及以下'],
];
export const QUALIFICATION_KIND = [
	['physician', '执业医师'], ['assistant_physician', '执业助理医师'],
	['village_doctor', '乡村医生'], ['tcm_physician', '中医(专长)医师'],
	['secondary_medical', '中等以上医学专业学历'],
];
export const CONTRACT_TYPE = [['labour', '编外聘用'], ['dispatched', '派驻'], ['rehired', '返聘']];
export const CONTRACT_STATUS = [
	['pending', '待审批'], ['active', '生效'], ['rejected', '未批准'], ['ended', '已终止'],
];
export const TRAINING_KIND = [
	['job', '岗位培训'], ['further_study', '脱产进修'], ['online', '网络培训'],
];
export const TRAINING_RESULT = [['passed', '合格'], ['failed', '不合格'], ['attended', '参加']];
export const ATTENDANCE_STATUS = [
	['present', '在岗'], ['follow_up', '入户随访/巡诊'], ['leave', '请假'], ['absent', '擅自离岗'],
];
export const LEAVE_STATUS = [['pending', '待批'], ['approved', '已批准'], ['rejected', '未批准']];
export const EXIT_REASON = [
	['age', '到龄'], ['assessment', '年度内两次考核不合格'], ['absence', '擅自离岗'],
	['accident', '重大医疗卫生责任事故'], ['penalty', '刑事处罚'], ['licence_revoked', '吊销执业证书'],
	['resignation', '辞职'], ['death', '死亡'], ['transfer', '调离'],
	['refusal', '不服从一体化管理'],
];
export const EXIT_STATUS = [['open', '待审核'], ['confirmed', '已确认'], ['dismissed', '已驳回']];

/* The label of VALUE in OPTIONS ([[value, label]]), else the value itself, else "—". */
export function label(options, value) {
	const hit = options.find(([v]) => v === value);
	return hit ? hit[1] : value || '—';
}

// Badge colours by status value, across the area's several status enums.
const BADGE = {
	pending: 'badge-plan', open: 'badge-plan', active: 'badge-ok', approved: 'badge-ok',
	confirmed: 'sev-error', rejected: 'badge-off', dismissed: 'badge-off', ended: 'badge-off',
};

export function badge(options, value) {
	return h('span', { class: 'badge ' + (BADGE[value] || '') }, label(options, value));
}

/* "是" for a true flag (the server sends booleans, or 0/1 from a plain column). */
export function yes(v) {
	return v === true || v === 1 || v === '1';
}

const role = () => (user() ? user().role : '');
const among = (...roles) => roles.includes(role());

/* Keep a person's file, record qualifications, contracts, training and attendance. */
export const canWriteStaff = () => among('admin', 'county', 'centre');
/* See the full citizen id (every such read is audited). */
export const canSeeFullId = () => among('admin', 'county', 'centre');
/* Export the list of people (ids masked). */
export const canExportPeople = () => among('admin', 'county', 'centre', 'finance', 'auditor');
/* Approve contracts and confirm exits: the county bureau (LB-STF-4, LB-STF-7). */
export const canDecide = () => among('admin', 'county');
/* See the approval queues (contracts and exit reviews). */
export const canSeeQueues = () => among('admin', 'county', 'centre', 'finance', 'auditor');
/* See the recruitment plan (LB-STF-10). */
export const canSeePlan = () => among('admin', 'county', 'centre', 'auditor');
/* Ask for leave: the centre, or the village doctor about their own file. */
export const canRequestLeave = () => among('admin', 'county', 'centre', 'clinic');

/* The calendar year of an ISO date, or of today. */
export function yearOf(date) {
	return Number((date || new Date().toISOString()).slice(0, 4));
}

/* Completed years on today's date of someone born on BIRTH (YYYY-MM-DD). */
export function ageOf(birth) {
	if (!/^\d{4}-\d{2}-\d{2}/.test(birth || ''))
		return null;
	const now = new Date();
	const [y, m, d] = birth.slice(0, 10).split('-').map(Number);
	const before = now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d);
	return now.getFullYear() - y - (before ? 1 : 0);
}

/* "2026-01-01 至 2028-12-31" that wraps only between the two dates; one date when both
 * are the same day. */
export function period(a, b) {
	if (!b || a === b)
		return h('span', { class: 'nowrap' }, a || '—');
	return h('span', { class: 'period' }, h('span', { class: 'nowrap' }, `${a} 至`), ' ',
		h('span', { class: 'nowrap' }, b));
}

/* Calendar days from A to B inclusive (both YYYY-MM-DD), or 0 when either is missing or
 * B is before A. */
export function daysInclusive(a, b) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(a || '') || !/^\d{4}-\d{2}-\d{2}$/.test(b || ''))
		return 0;
	const n = (Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000 + 1;
	return n > 0 ? n : 0;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/* Birth date and sex read from citizen id ID (GB 11643) when its check character is right
 * (ISO 7064 MOD 11-2), else null: the new-person form fills them in for the user. The
 * server checks the id and its agreement with the record in any case. */
export function citizenIdInfo(id) {
	const s = String(id || '').trim().toUpperCase();
	if (!/^\d{17}[\dX]$/.test(s))
		return null;
	const sum = WEIGHTS.reduce((t, w, i) => t + w * Number(s[i]), 0);
	if (CHECK[sum % 11] !== s[17])
		return null;
	const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
	const d = new Date(birth + 'T00:00:00Z');
	if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth)
		return null;
	return { birth_date: birth, sex: Number(s[16]) % 2 ? 'male' : 'female' };
}

// The centres in the user's scope, fetched once per sign-in: filters and forms need them
// and they change rarely.
let centreCache = { user: null, list: null };

/* The township and community centres in the user's scope: [{id, name}], sorted by name. A
 * centre manager gets their own centre without a request. */
export async function centres() {
	const u = user();
	if (!u)
		return [];
	if (u.role === 'centre' || u.role === 'clinic')
		return u.role === 'centre' ? [{ id: u.institution_id, name: u.institution_name }] : [];
	if (centreCache.user === u.id && centreCache.list)
		return centreCache.list;
	const kinds = ['centre', 'community'];
	const pages = await Promise.all(kinds.map((kind) =>
		get('/institutions', { kind, sort: 'name', limit: 500 })));
	const list = pages.flatMap((p) => p.items || []).map((i) => ({ id: i.id, name: i.name }));
	centreCache = { user: u.id, list };
	return list;
}
