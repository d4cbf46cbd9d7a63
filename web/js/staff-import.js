// SPDX-License-Identifier: MIT
// Bulk import of staff (批量导入): a CSV (UTF-8 or GB18030) or .xlsx where each row is one
// person with their qualification and contract, uploaded as is to the employing centre.
// The server checks every row first and writes nothing if any is bad; the panel then
// lists every bad row with its line, field and reason so the file can be fixed at once.

import { download, upload } from './api.js';
import { go } from './router.js';
import { user } from './session.js';
import { h, mount, row, ruleCite, table, toast } from './ui.js';

const MAX_BYTES = 1024 * 1024; // the server's body limit (HTTP_MAX_BODY)
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROW_COLUMNS = [{ label: '行号', num: true }, { label: '字段', cls: 'nowrap' }, { label: '原因' }];

/* The Content-Type for FILE by its name (browsers often leave CSV types empty). */
function typeOf(file) {
	if (/\.xlsx$/i.test(file.name))
		return XLSX;
	if (/\.csv$/i.test(file.name))
		return 'text/csv';
	return file.type || 'application/octet-stream';
}

function templateButton() {
	const b = h('button', { type: 'button', class: 'btn', id: 'import-template' },
		'下载导入模板');
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await download('/imports/staff/template.xlsx', null, '人员导入模板.xlsx');
		} catch (err) {
			toast(err.message);
		} finally {
			b.disabled = false;
		}
	});
	return b;
}

/* The bad rows of a refused import, as a table. */
function badRows(err) {
	const rows = err.rows || [];
	const head = h('p', { class: 'form-error' }, err.message, ruleCite(err.rule));
	if (!rows.length)
		return head;
	const body = h('tbody', null, rows.map((r) => row(ROW_COLUMNS, [
		r.line ?? '—',
		r.label || r.field || '—',
		[r.message || '', ruleCite(r.rule)],
	], { class: 'bad-row' })));
	return [head, h('p', null, `共 ${rows.length} 行有误，全部未导入。请修改后重新上传整个文件。`),
		table('import-errors', ROW_COLUMNS, body)];
}

function summary(reply) {
	const n = (k) => Number(reply[k] || 0);
	return `已导入 ${n('people')} 人、${n('qualifications')} 份资格证书、` +
		`${n('contracts')} 份聘用合同（合同须经县卫健局审批后生效）。`;
}

/* The import panel. CENTRES ([{id, name}]) to choose the employer from, PRESET the one
 * chosen already (the list's filter); CLOSE() folds it away. */
export function importPanel(centres, preset, close) {
	const mine = user().role === 'centre';
	const centre = mine ? null : h('select', { id: 'import-centre', required: true },
		h('option', { value: '' }, '请选择'),
		centres.map((c) => h('option', { value: c.id, selected: c.id === preset }, c.name)));
	const file = h('input', {
		type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv,' + XLSX, required: true,
	});
	const result = h('div', { role: 'status', 'aria-live': 'polite', id: 'import-result' });
	const send = h('button', { type: 'submit', class: 'btn btn-primary' }, '上传并导入');

	async function onsubmit(ev) {
		ev.preventDefault();
		const target = mine ? user().institution_id : centre.value;
		const f = file.files[0];
		if (!target) {
			mount(result, h('p', { class: 'form-error' }, '请选择所属卫生院。'));
			return;
		}
		if (!f) {
			mount(result, h('p', { class: 'form-error' }, '请选择要导入的 CSV 或 .xlsx 文件。'));
			return;
		}
		if (f.size > MAX_BYTES) {
			mount(result, h('p', { class: 'form-error' },
				'文件超过 1 MiB，请分成几个文件分别导入。'));
			return;
		}
		send.disabled = true;
		mount(result, h('p', { class: 'loading' }, `正在检查并导入“${f.name}”…`));
		try {
			const path = `/institutions/${encodeURIComponent(target)}/staff-import`;
			const reply = await upload(path, f, typeOf(f));
			// The list is drawn again with the new people; the toast keeps the figures.
			toast(summary(reply));
			go('/people', { centre_id: mine ? '' : target }, true);
		} catch (err) {
			mount(result, badRows(err));
		} finally {
			send.disabled = false;
		}
	}

	return h('form', { class: 'card edit-form', id: 'import-form', onsubmit, novalidate: true },
		h('h3', null, '批量导入人员'),
		h('p', { class: 'muted' }, '每行一人，含其资格证书和聘用合同；支持 CSV（UTF-8 或 GB18030）' +
			'和 .xlsx。先检查全部行，有任何一行错误则全部不导入，并列出每一行的错误。'),
		h('div', { class: 'fields' },
			centre ? h('div', { class: 'field' }, h('label', { for: 'import-centre' }, '所属卫生院'),
				centre) : null,
			h('div', { class: 'field' }, h('label', { for: 'import-file' }, '文件'), file)),
		h('div', { class: 'actions' }, send, templateButton(),
			h('button', { type: 'button', class: 'btn', onclick: close }, '取消')),
		result);
}
