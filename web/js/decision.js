// SPDX-License-Identifier: MIT
// Decision buttons (批准 / 不批准, 确认 / 驳回) for a contract, a leave request or an exit
// review: a tap opens a short form under the item (a note, the stand-in, the exit date)
// so that nothing is decided by a single mistaken touch, and a refusal is shown there.

import { post } from './api.js';
import { fieldForm } from './field-form.js';
import { h, mount, toast, today } from './ui.js';

/* Buttons for CHOICES ([{label, cls, fields, submit, send(values), done(reply)}]) whose forms open
 * in SLOT (an element placed under the item). KEY names the item for tests (data-key). */
export function decisionButtons(choices, slot, key) {
	const group = h('span', { class: 'decide', dataset: { key } });
	const close = () => {
		mount(slot);
		group.hidden = false;
	};
	for (const c of choices) {
		group.append(h('button', {
			type: 'button', class: 'btn ' + (c.cls || ''), dataset: { decision: c.decision },
			onclick: () => {
				const form = fieldForm({
					id: `decide-${key}`,
					title: c.title || null,
					fields: c.fields || [],
					submit: c.submit || '确认' + c.label,
					send: c.send,
					done: (reply) => {
						close();
						c.done(reply);
					},
					cancel: close,
				});
				form.el.classList.add('decide-form');
				mount(slot, form.el);
				group.hidden = true;
				form.el.querySelector('input, select, textarea, button[type=submit]')?.focus();
			},
		}, c.label));
	}
	return group;
}

/* The county's approve / reject buttons of pending contract C; DONE() reloads. */
export function contractDecision(c, slot, done) {
	const url = `/contracts/${encodeURIComponent(c.id)}/decision`;
	return decisionButtons([
		{ label: '批准', decision: 'approve', cls: 'btn-primary',
			fields: [{ name: 'note', label: '审批意见（可选）' }],
			send: (v) => post(url, { ...v, decision: 'approve' }),
			done: () => { toast('合同已批准，现已生效'); done(); } },
		{ label: '不批准', decision: 'reject', cls: 'btn-danger',
			fields: [{ name: 'note', label: '不批准的理由' }],
			send: (v) => post(url, { ...v, decision: 'reject' }),
			done: () => { toast('已不批准该合同'); done(); } },
	], slot, c.id);
}

/* The county's confirm / dismiss buttons of open exit review R; DONE() reloads. Confirming
 * ends the contract on the date given, and pay and subsidies stop from then (LB-STF-7). */
export function exitDecision(r, slot, done) {
	const url = `/exit-reviews/${encodeURIComponent(r.id)}/decision`;
	return decisionButtons([
		{ label: '确认退出', decision: 'confirm', cls: 'btn-danger', submit: '确认退出',
			title: '确认后合同于退出日期终止，自该日起停发报酬和补助',
			fields: [
				{ name: 'effective_on', label: '退出日期', type: 'date', value: today(),
					required: true },
				{ name: 'note', label: '审核意见（可选）' },
			],
			send: (v) => post(url, { ...v, decision: 'confirm' }),
			done: () => { toast('已确认退出'); done(); } },
		{ label: '驳回', decision: 'dismiss',
			fields: [{ name: 'note', label: '驳回理由' }],
			send: (v) => post(url, { ...v, decision: 'dismiss' }),
			done: () => { toast('已驳回退出审核'); done(); } },
	], slot, r.id);
}

/* The centre's "终止合同" button of active contract C (a contract ends; it is never edited
 * or deleted); DONE() reloads. */
export function contractEnd(c, slot, done) {
	return decisionButtons([
		{ label: '终止合同', decision: 'end',
			fields: [
				{ name: 'ended_on', label: '终止日期', type: 'date', value: today(), required: true },
				{ name: 'end_reason', label: '终止原因', required: true, maxlength: 200 },
			],
			send: (v) => post(`/contracts/${encodeURIComponent(c.id)}/end`, v),
			done: () => { toast('合同已终止'); done(); } },
	], slot, c.id);
}
