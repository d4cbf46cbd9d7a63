// SPDX-License-Identifier: MIT
// A township centre manager's home: the centre's village clinics, each with its checklist
// progress, whether it is integrated, and its open alerts.

import { get } from '../api.js';
import { href } from '../router.js';
import { user } from '../session.js';
import {
	h, heading, integratedBadge, isIntegrated, loadInto, mount, progress, stat, statusBadge,
} from '../ui.js';

/* Every clinic node under NODES, depth first. */
function clinicsOf(nodes, out = []) {
	for (const n of nodes) {
		if (n.kind === 'clinic')
			out.push(n);
		clinicsOf(n.children || [], out);
	}
	return out;
}

function clinicCard(n) {
	const page = href('/institutions/' + n.id);
	return h('li', { class: 'card clinic-card' },
		h('a', { class: 'card-title', href: page }, n.name),
		h('div', { class: 'card-row' },
			statusBadge(n.status, n.status_label),
			integratedBadge(isIntegrated(n)),
			n.alerts ? h('span', { class: 'badge sev-warning' }, `预警 ${n.alerts}`)
				: null),
		h('div', { class: 'card-row' },
			h('span', { class: 'muted' }, '一体化清单'),
			progress(n.checklist_done, n.checklist_total)));
}

export default async function homeCentre(root) {
	const u = user();
	const body = h('div');
	mount(root,
		h('div', { class: 'page-head' },
			heading(u.institution_name || '本院村卫生室'),
			h('a', { class: 'btn', href: href('/clinics') }, '名单与导出')),
		body);
	await loadInto(body, () => get('/tree'), (reply) => {
		const clinics = clinicsOf(reply.items || []);
		const alerts = clinics.reduce((s, n) => s + Number(n.alerts || 0), 0);
		mount(body,
			h('div', { class: 'stats' },
				stat(clinics.length, '村卫生室'),
				stat(clinics.filter(isIntegrated).length, '已一体化'),
				stat(alerts, '预警', { bad: alerts > 0, href: href('/alerts') })),
			clinics.length ? h('ul', { class: 'cards' }, clinics.map(clinicCard))
				: h('p', { class: 'empty' }, '本院名下暂无村卫生室。'));
	}, '正在加载村卫生室…');
}
