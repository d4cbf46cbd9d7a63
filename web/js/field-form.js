// SPDX-License-Identifier: MIT
// A form of labelled fields for creating a record (a person, a certificate, a contract, a
// training...): it sends the filled-in values, and when the server refuses one field
// (400 / 422 naming it) it marks that input and shows the message, with the rule it
// cites, right under it; any other refusal is shown above the buttons.

import { h, mount, ruleCite } from './ui.js';

/* The input for field F (see fieldForm) with id ID. */
function input(f, id) {
	const common = { id, name: f.name, required: f.required || null };
	if (f.type === 'select') {
		const blank = f.blank === undefined ? '请选择' : f.blank;
		return h('select', common,
			blank === null ? null : h('option', { value: '' }, blank),
			f.options.map(([v, l]) => h('option', { value: v, selected: v === f.value }, l)));
	}
	if (f.type === 'checkbox')
		return h('input', { ...common, type: 'checkbox', checked: !!f.value });
	if (f.type === 'textarea')
		return h('textarea', { ...common, rows: 3, value: f.value ?? '' });
	if (f.type === 'file')
		return h('input', { ...common, type: 'file', accept: f.accept || null });
	const number = f.type === 'number';
	return h('input', {
		...common, type: f.type || 'text', value: f.value ?? '',
		inputmode: number ? 'numeric' : f.inputmode || null,
		min: f.min ?? (number ? 0 : null), max: f.max ?? null,
		maxlength: f.maxlength || null, placeholder: f.placeholder || null,
		autocomplete: f.autocomplete || 'off',
		autocapitalize: f.autocapitalize || null, list: f.list || null,
	});
}

/* The JSON value of field F from its input EL, or undefined when left empty. */
function valueOf(f, el) {
	if (f.type === 'checkbox')
		return el.checked;
	const t = el.value.trim();
	if (t === '')
		return undefined;
	// A number the browser could not read goes as text, so the server names the field.
	return f.type === 'number' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/* A form with ID, TITLE and FIELDS ([{name, label, type ("text" | "date" | "number" |
 * "tel" | "select" | "checkbox" | "textarea"), options: [[value, label]], value, required,
 * hint, wide, ...input attributes}]). SEND(values) performs the request and resolves to
 * its reply; DONE(reply) runs after it succeeds; CANCEL() when the user gives up (no
 * cancel button without it). Returns {el, inputs: Map(name → input), showError(err)}. */
export function fieldForm({ id, title, fields, submit = '保存', send, done, cancel }) {
	const inputs = new Map();
	const notes = new Map();
	const top = h('div', { role: 'alert' });
	const rows = fields.map((f) => {
		const el = input(f, `${id}-${f.name}`);
		const note = h('div', { class: 'field-error', id: `${id}-${f.name}-error` });
		inputs.set(f.name, el);
		notes.set(f.name, note);
		const box = f.type === 'checkbox'
			? h('label', { class: 'field-check', for: el.id }, el, f.label)
			: [h('label', { for: el.id }, f.label, f.required ? h('span', {
				class: 'req', 'aria-hidden': 'true' }, ' *') : null), el];
		return h('div', {
			class: 'field' + (f.wide || f.type === 'textarea' ? ' field-wide' : ''),
			dataset: { field: f.name },
		}, box, f.hint ? h('div', { class: 'hint' }, f.hint) : null, note);
	});
	const save = h('button', { type: 'submit', class: 'btn btn-primary' }, submit);

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
			mount(top, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			return;
		}
		el.setAttribute('aria-invalid', 'true');
		el.setAttribute('aria-describedby', notes.get(err.field).id);
		mount(notes.get(err.field), err.message, ruleCite(err.rule));
		el.focus();
	}

	async function onsubmit(ev) {
		ev.preventDefault();
		clearErrors();
		const values = {};
		for (const f of fields) {
			const v = valueOf(f, inputs.get(f.name));
			if (v !== undefined && !f.local)
				values[f.name] = v;
		}
		save.disabled = true;
		const text = save.textContent;
		save.textContent = '正在保存…';
		let reply;
		try {
			reply = await send(values);
		} catch (err) {
			showError(err);
			return;
		} finally {
			save.disabled = false;
			save.textContent = text;
		}
		done(reply);
	}

	const el = h('form', { class: 'edit-form', id, onsubmit, novalidate: true },
		title ? h('h3', null, title) : null,
		h('div', { class: 'fields' }, rows), top,
		h('div', { class: 'actions' }, save,
			cancel ? h('button', { type: 'button', class: 'btn', onclick: cancel }, '取消')
				: null));
	return { el, inputs, showError };
}

// The close function of the form open in each slot: a slot shared by two buttons (新建人员,
// 批量导入) shows one form at a time, and the other button comes back.
const openIn = new WeakMap();

/* A button that opens the form MAKE(close) returns into SLOT, and closes it again: forms
 * stay folded away until asked for, so that the page stays short on a tablet. */
export function formToggle(text, slot, make, props = {}) {
	const b = h('button', { type: 'button', class: 'btn', ...props }, text);
	const close = () => {
		if (openIn.get(slot) === close) {
			openIn.delete(slot);
			mount(slot);
		}
		b.setAttribute('aria-expanded', 'false');
		b.hidden = false;
	};
	b.setAttribute('aria-expanded', 'false');
	b.addEventListener('click', () => {
		openIn.get(slot)?.();
		const form = make(close);
		openIn.set(slot, close);
		mount(slot, form);
		b.setAttribute('aria-expanded', 'true');
		b.hidden = true;
		const first = form.querySelector('input, select, textarea');
		if (first)
			first.focus();
	});
	return b;
}
