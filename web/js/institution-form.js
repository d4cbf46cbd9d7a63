// SPDX-License-Identifier: MIT
// The edit form of an institution's record (licence SR-ORG-2, person in charge, resident
// population, status ...). It sends only the fields that changed, and when the server
// refuses a field (422) it marks that input and shows the message beside it.

import { patch } from './api.js';
import { h, mount, ruleCite, STATUS_OPTIONS } from './ui.js';

const FIELDS = [
	{ name: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS },
	{ name: 'licence_no', label: '执业许可证号' },
	{ name: 'licence_valid_from', label: '许可证有效期起', type: 'date' },
	{ name: 'licence_valid_until', label: '许可证有效期至', type: 'date' },
	{ name: 'person_in_charge', label: '负责人' },
	{ name: 'phone', label: '联系电话', type: 'tel' },
	{ name: 'population', label: '服务常住人口', type: 'number' },
	{ name: 'address', label: '地址' },
	{ name: 'note', label: '备注', type: 'textarea' },
];

function input(f, value) {
	const id = 'f-' + f.name;
	const text = value === null || value === undefined ? '' : String(value);
	if (f.type === 'select') {
		return h('select', { id, name: f.name },
			f.options.map(([v, l]) =>
				h('option', { value: v, selected: v === text }, l)));
	}
	if (f.type === 'textarea')
		return h('textarea', { id, name: f.name, rows: 3, value: text });
	const number = f.type === 'number';
	return h('input', {
		id, name: f.name, type: f.type || 'text', value: text,
		inputmode: number ? 'numeric' : null, min: number ? 0 : null,
	});
}

/* The JSON value of field F from its input text: "" clears it (null). */
function valueOf(f, text) {
	const t = text.trim();
	if (t === '')
		return null;
	// A number the browser could not read goes as text, so the server names the field.
	return f.type === 'number' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/* A form editing INST (a record from GET /api/v1/institutions/{id}). SAVED(updated) runs
 * with the server's updated record; CANCEL() when the user gives up. */
export function institutionForm(inst, saved, cancel) {
	const inputs = new Map();
	const notes = new Map();
	const top = h('div', { role: 'alert' });
	const rows = FIELDS.map((f) => {
		const el = input(f, inst[f.name]);
		const note = h('div', { class: 'field-error' });
		inputs.set(f.name, el);
		notes.set(f.name, note);
		return h('div', { class: 'field' + (f.type === 'textarea' ? ' field-wide' : '') },
			h('label', { for: el.id }, f.label), el, note);
	});
	const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');

	function clearErrors() {
		mount(top);
		for (const [name, el] of inputs) {
			el.removeAttribute('aria-invalid');
			mount(notes.get(name));
		}
	}

	function showError(err) {
		const el = inputs.get(err.field);
		if (!el) {
			mount(top, h('p', { class: 'form-error' },
				err.message, ruleCite(err.rule)));
			return;
		}
		el.setAttribute('aria-invalid', 'true');
		mount(notes.get(err.field), err.message, ruleCite(err.rule));
		el.focus();
	}

	async function onsubmit(ev) {
		ev.preventDefault();
		clearErrors();
		const changes = {};
		for (const f of FIELDS) {
			const v = valueOf(f, inputs.get(f.name).value);
			const old = inst[f.name];
			const was = old === undefined || old === '' ? null : old;
			if (v !== was && String(v) !== String(was))
				changes[f.name] = v;
		}
		if (!Object.keys(changes).length) {
			mount(top, h('p', { class: 'muted' }, '没有修改。'));
			return;
		}
		save.disabled = true;
		save.textContent = '正在保存…';
		try {
			saved(await patch('/institutions/' + encodeURIComponent(inst.id), changes));
		} catch (err) {
			showError(err);
		} finally {
			save.disabled = false;
			save.textContent = '保存';
		}
	}

	return h('form', { class: 'edit-form', onsubmit, novalidate: true },
		h('h2', null, '修改机构信息'), top,
		h('div', { class: 'fields' }, rows),
		h('div', { class: 'actions' }, save,
			h('button', { type: 'button', class: 'btn', onclick: cancel }, '取消')));
}
