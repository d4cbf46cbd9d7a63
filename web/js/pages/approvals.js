// SPDX-License-Identifier: MIT
// The county bureau's queues (审批): contracts waiting for approval (LB-STF-4) and open exit
// reviews (LB-STF-7), each with its decision buttons. Confirming an exit ends the contract
// on the date given and stops pay and subsidies from then. Centres, finance and auditors
// see the same queues read-only.

import { get } from '../api.js';
import { contractDecision, exitDecision } from '../decision.js';
import { href } from '../router.js';
import {
	canDecide, CONTRACT_TYPE, EXIT_REASON, label, period, yes,
} from '../staff.js';
import { h, heading, loadInto, mount, row, ruleCite, table } from '../ui.js';

const CONTRACT_COLUMNS = [
	{ label: '人员', cls: 'nowrap' }, { label: '聘用单位' }, { label: '派驻村卫生室' }, { label: '合同类型' },
	{ label: '期限' }, { label: '审批' },
];
const EXIT_COLUMNS = [
	{ label: '人员', cls: 'nowrap' }, { label: '退出原因', cls: 'nowrap' }, { label: '依据与情况' }, { label: '提起' },
	{ label: '审核' },
];

function personLink(id, name) {
	return id ? h('a', { href: href('/people/' + id) }, name || '查看') : name || '—';
}

/* A list endpoint in full (the queues are short, but paged like every list). */
async function fetchAll(path, params) {
	const items = [];
	let offset = 0;
	for (let i = 0; i < 20 && offset !== null && offset !== undefined; i++) {
		const page = await get(path, { ...params, limit: 500, offset });
		items.push(...(page.items || []));
		offset = page.next_offset;
	}
	return items;
}

function contractsQueue(root) {
	const reload = () => contractsQueue(root);
	return loadInto(root, () => fetchAll('/contracts', { status: 'pending' }), (items) => {
		const rows = items.flatMap((c) => {
			const slot = h('div');
			const flags = [yes(c.head_of_clinic) ? '负责人' : null,
				yes(c.age_extension) ? '申请年龄延长/返聘' : null].filter(Boolean).join('、');
			return [row(CONTRACT_COLUMNS, [
				personLink(c.person_id, c.person_name),
				c.employer_name || '—',
				c.clinic_name || '—',
				[label(CONTRACT_TYPE, c.type), flags ? h('div', { class: 'muted' }, flags) : null],
				period(c.starts_on, c.ends_on),
				canDecide() ? contractDecision(c, slot, reload) : '待审批',
			], { dataset: { id: c.id } }), h('tr', { class: 'slot-row' },
				h('td', { colspan: 6 }, slot))];
		});
		mount(root, h('h2', null, '合同审批', h('small', null, `（待审批 ${items.length}）`,
			ruleCite('LB-STF-4'))),
		items.length ? table('contract-queue', CONTRACT_COLUMNS, h('tbody', null, rows))
			: h('p', { class: 'empty' }, '没有待审批的合同。'));
	}, '正在加载待审批合同…');
}

/* The evidence of an exit review as text: {"year": 2026, "days": 30} → "year 2026；days 30",
 * with the absence trigger said in words. */
function evidence(r) {
	const e = r.evidence;
	let text = '';
	if (e && typeof e === 'object') {
		if (r.reason === 'absence' && e.days !== undefined)
			text = `${e.year ?? ''} 年擅自离岗 ${e.days} 天`;
		else
			text = Object.entries(e).map(([k, v]) => `${k} ${typeof v === 'object'
				? JSON.stringify(v) : v}`).join('；');
	} else if (e) {
		text = String(e);
	}
	return [text || (r.note ? null : '—'), r.note ? h('div', { class: 'muted' }, r.note) : null,
		ruleCite(r.rule)];
}

function exitQueue(root) {
	const reload = () => exitQueue(root);
	return loadInto(root, () => fetchAll('/exit-reviews', { status: 'open' }), (items) => {
		const rows = items.flatMap((r) => {
			const slot = h('div');
			return [row(EXIT_COLUMNS, [
				personLink(r.person_id, r.person_name),
				label(EXIT_REASON, r.reason),
				evidence(r),
				(r.created_at || '').slice(0, 10) || '—',
				canDecide() ? exitDecision(r, slot, reload) : '待县卫健局审核',
			], { dataset: { id: r.id } }), h('tr', { class: 'slot-row' },
				h('td', { colspan: 5 }, slot))];
		});
		mount(root, h('h2', null, '退出审核', h('small', null, `（待审核 ${items.length}）`,
			ruleCite('LB-STF-7'))),
		items.length ? table('exit-queue', EXIT_COLUMNS, h('tbody', null, rows))
			: h('p', { class: 'empty' }, '没有待审核的退出。'));
	}, '正在加载退出审核…');
}

export default async function approvals(root) {
	const contracts = h('section', { class: 'card', id: 'queue-contracts' });
	const exits = h('section', { class: 'card', id: 'queue-exits' });
	mount(root, heading('审批'), h('p', { class: 'muted' }, canDecide()
		? '卫生院报来的聘用合同须经县卫健局批准方可生效；退出审核确认后合同终止、停发待遇。'
		: '以下事项由县卫健局审批，此处仅供查看。'), contracts, exits);
	await Promise.all([contractsQueue(contracts), exitQueue(exits)]);
}
