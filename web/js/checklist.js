// SPDX-License-Identifier: MIT
// A clinic's unification checklist (八统一 / 五统一, SR-ORG-4, LB-ORG-1). Those who may
// write tick an item with the date it was done and a note, or untick it after a second
// tap; everyone else sees the list read-only, without check boxes.

import { del, get, put } from './api.js';
import { canWrite } from './session.js';
import { h, loadInto, mount, progress, ruleCite, today } from './ui.js';

/* What the item says about when and by whom it was done. */
function doneText(it) {
	if (!it.done)
		return h('span', { class: 'muted' }, '未完成');
	return h('span', { class: 'done-info' }, `完成于 ${it.done_on || '—'}`,
		it.note ? ` · ${it.note}` : '', it.updated_by ? ` · 记录人 ${it.updated_by}` : '');
}

function errorLine(err) {
	return h('p', { class: 'form-error', role: 'alert' }, err.message, ruleCite(err.rule));
}

/* The inline panel under an item that asks for the date and a note (tick) or confirms
 * (untick). On success CHANGED reloads the list; CLOSE() puts the box back as it was. */
function panel(it, id, changed, close) {
	const errors = h('div');
	const buttons = [];
	const button = (label, cls, onclick) => {
		const b = h('button', { type: 'button', class: 'btn ' + cls, onclick }, label);
		buttons.push(b);
		return b;
	};
	const run = async (send) => {
		buttons.forEach((b) => { b.disabled = true; });
		mount(errors, h('p', { class: 'loading' }, '正在保存…'));
		try {
			await send();
			changed();
		} catch (err) {
			mount(errors, errorLine(err));
			buttons.forEach((b) => { b.disabled = false; });
		}
	};
	const path = `/institutions/${encodeURIComponent(id)}/checklist/` +
		encodeURIComponent(it.item);
	if (it.done) {
		return h('div', { class: 'tick-panel' },
			h('p', null, `确认取消“${it.label}”的完成记录？`),
			h('div', { class: 'actions' },
				button('确认取消', 'btn-danger tick-confirm',
					() => run(() => del(path))),
				button('保留', 'tick-cancel', close)),
			errors);
	}
	const date = h('input', {
		type: 'date', class: 'tick-date', value: today(), max: today(), required: true,
	});
	const note = h('input', {
		type: 'text', class: 'tick-note', maxlength: 200, placeholder: '备注（可选）',
	});
	const save = () => {
		if (!date.value) {
			mount(errors, errorLine({ message: '请填写完成日期。' }));
			return;
		}
		const body = { done_on: date.value, note: note.value.trim() || undefined };
		run(() => put(path, body));
	};
	return h('div', { class: 'tick-panel' },
		h('label', null, '完成日期', date),
		h('label', null, '备注', note),
		h('div', { class: 'actions' },
			button('保存', 'btn-primary tick-save', save),
			button('取消', 'tick-cancel', close)),
		errors);
}

function itemEl(it, id, writable, changed) {
	const li = h('li', {
		class: 'check-item' + (it.done ? ' done' : ''), dataset: { item: it.item },
	});
	const meta = h('div', { class: 'check-meta' }, ruleCite(it.rule),
		it.clause ? h('span', { class: 'clause' }, it.clause) : null, ' ', doneText(it));
	if (!writable) {
		mount(li, h('div', { class: 'check' },
			h('span', { class: 'check-mark', 'aria-hidden': 'true' },
				it.done ? '✓' : '○'),
			h('span', { class: 'check-label' }, it.label)), meta);
		return li;
	}
	const box = h('input', { type: 'checkbox', checked: it.done, dataset: { item: it.item } });
	const slot = h('div');
	const close = () => {
		box.checked = it.done;
		mount(slot);
	};
	box.addEventListener('change', () =>
		mount(slot, box.checked === it.done ? null : panel(it, id, changed, close)));
	mount(li, h('label', { class: 'check' },
		box, h('span', { class: 'check-label' }, it.label)),
		meta, slot);
	return li;
}

const HINT = '勾选已完成的项目并填写完成日期；全部完成即为已一体化。';

/* Fill ROOT with the checklist of institution ID. ONCHANGE runs after a tick or untick
 * (the clinic may have just become integrated). */
export function checklist(root, id, onchange) {
	const writable = canWrite();
	const reload = () => checklist(root, id, onchange).then(onchange);
	const path = `/institutions/${encodeURIComponent(id)}/checklist`;
	return loadInto(root, () => get(path), (reply) => {
		const items = reply.items || [];
		const done = items.filter((i) => i.done).length;
		const name = reply.profile && reply.profile.name;
		const profile = name ? h('small', null, `（${name}）`) : null;
		const list = h('ul', { class: 'checklist' + (writable ? '' : ' readonly') },
			items.map((it) => itemEl(it, id, writable, reload)));
		mount(root,
			h('div', { class: 'section-head' },
				h('h2', null, '一体化清单', profile), progress(done, items.length)),
			writable ? h('p', { class: 'muted' }, HINT) : null,
			items.length ? list : h('p', { class: 'empty' }, '该机构没有一体化清单。'));
	}, '正在加载一体化清单…');
}
