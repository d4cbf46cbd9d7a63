// SPDX-License-Identifier: MIT
// One institution, usually a village clinic: its record (with an edit form for the roles
// that may write), its unification checklist and its alerts. A village doctor's home page
// is this page for their own clinic.

import { get } from '../api.js';
import { alertItem } from '../alert-item.js';
import { checklist } from '../checklist.js';
import { institutionForm } from '../institution-form.js';
import { href } from '../router.js';
import { canWrite } from '../session.js';
import { facts, h, heading, integratedBadge, loadInto, mount, statusBadge, toast } from '../ui.js';

export const KIND_LABEL = {
	bureau: '县卫健局', centre: '乡镇卫生院', community: '社区卫生服务中心', clinic: '村卫生室',
};

function yesNo(v) {
	return v === true || v === 1 ? '是' : v === false || v === 0 ? '否' : '—';
}

function licence(inst) {
	if (!inst.licence_valid_from && !inst.licence_valid_until)
		return null;
	return `${inst.licence_valid_from || '—'} 至 ${inst.licence_valid_until || '—'}`;
}

function parent(inst) {
	if (!inst.parent_id)
		return null;
	const to = href('/institutions/' + inst.parent_id);
	return h('a', { href: to }, inst.parent_name || '查看');
}

function changed(inst) {
	return inst.updated_at ? `${inst.updated_at.slice(0, 10)} ${inst.updated_by || ''}` : null;
}

function details(inst) {
	return facts([
		['机构类型', KIND_LABEL[inst.kind] || inst.kind],
		['上级机构', parent(inst)],
		['服务村', (inst.village_names || []).join('、')],
		['执业许可证号', inst.licence_no],
		['许可证有效期', licence(inst)],
		['负责人', inst.person_in_charge],
		['联系电话', inst.phone],
		['服务常住人口', inst.population],
		['地址', inst.address],
		['公有产权', yesNo(inst.public_ownership)],
		['行政区划代码', inst.division_code],
		['备注', inst.note],
		['最后修改', changed(inst)],
	]);
}

/* The clinic list of a centre (its clinics) or of a bureau (its county). */
function clinicsLink(inst) {
	const filter = inst.kind === 'bureau' ? { county_code: inst.county_code }
		: { parent_id: inst.id };
	return h('a', { class: 'btn', href: href('/clinics', filter) }, '下属村卫生室');
}

function header(inst) {
	const clinic = inst.kind === 'clinic';
	return h('div', { class: 'page-head' },
		heading(inst.name),
		h('div', { class: 'card-row' },
			statusBadge(inst.status),
			clinic ? integratedBadge(!!inst.integrated) : clinicsLink(inst),
			clinic ? h('a', { class: 'btn', id: 'clinic-pharmacy',
				href: href('/pharmacy/' + inst.id) }, '药房') : null));
}

function alertsSection(root, id) {
	const path = `/institutions/${encodeURIComponent(id)}/alerts`;
	return loadInto(root, () => get(path), (reply) => {
		const items = reply.items || [];
		const list = h('ul', { class: 'alerts' }, items.map((a) => alertItem(a, false)));
		mount(root, h('h2', null, '预警', h('small', null, `（${items.length}）`)),
			items.length ? list : h('p', { class: 'empty' }, '暂无预警。'));
	}, '正在加载预警…');
}

export default async function institution(root, { params }) {
	const id = params.id;
	const path = '/institutions/' + encodeURIComponent(id);
	const head = h('div');
	const info = h('section', { class: 'card', id: 'details' });
	const list = h('section', { class: 'card', id: 'checklist' });
	const alerts = h('section', { class: 'card', id: 'alerts' });
	let inst = null;

	const showInfo = () => {
		mount(head, header(inst));
		const button = canWrite() ? h('button', {
			type: 'button', class: 'btn', id: 'edit', onclick: edit,
		}, '修改') : null;
		mount(info, h('div', { class: 'section-head' }, h('h2', null, '基本信息'), button),
			details(inst));
	};
	const edit = () => {
		mount(info, institutionForm(inst, (updated) => {
			inst = updated;
			showInfo();
			toast('已保存');
		}, showInfo));
		info.querySelector('input, select')?.focus();
	};
	// After a tick the clinic may have become integrated and its alerts changed: fetch the
	// record and the alerts again.
	const refresh = async () => {
		alertsSection(alerts, id);
		try {
			inst = await get(path);
			if (!info.querySelector('form'))
				showInfo();
			else
				mount(head, header(inst));
		} catch {
			// The checklist shows the outcome; the badge catches up on the next visit.
		}
	};

	mount(root, head, info);
	await loadInto(info, () => get(path), (record) => {
		inst = record;
		showInfo();
		root.append(...(inst.kind === 'clinic' ? [list, alerts] : [alerts]));
		if (inst.kind === 'clinic')
			checklist(list, id, refresh);
		alertsSection(alerts, id);
	}, '正在加载机构信息…');
}
