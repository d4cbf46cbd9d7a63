// SPDX-License-Identifier: MIT
// One alert (预警) as a list item: severity, title, the institution it is about, the
// message, and the rule it cites so that the user can look the rule up.

import { href } from './router.js';
import { h, ruleCite, severityBadge } from './ui.js';

function place(a) {
	return h('a', { href: href('/institutions/' + a.institution_id) }, a.institution_name);
}

/* The person an alert of the personnel area is about (LB-STF-*, SR-STF-*). */
function person(a) {
	return h('a', { href: href('/people/' + a.person_id) }, a.person_name || '人员档案');
}

/* A <li> for alert A; WITH_PLACE adds a link to its institution (and its person). */
export function alertItem(a, withPlace) {
	return h('li', { class: 'alert-item sev-line-' + a.severity, dataset: { rule: a.rule } },
		h('div', { class: 'card-row' },
			severityBadge(a.severity),
			h('strong', null, a.title)),
		withPlace && (a.institution_id || a.person_id) ? h('div', { class: 'card-row' },
			a.person_id ? person(a) : null, a.institution_id ? place(a) : null) : null,
		h('p', null, a.message, ruleCite(a.rule)));
}
