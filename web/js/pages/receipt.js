// SPDX-License-Identifier: MIT
// One receipt (收费单据) as it is printed and handed to the patient: the clinic, 票号
// year-serial, date, payer, the lines, the total in yuan and its cash / insurance split.
// A cancelled receipt stays and says 作废 in large letters, with the reason. The print CSS
// (@media print) leaves out the header and the buttons.

import { get, post } from '../api.js';
import { label, LINE_KIND, RECEIPT_STATUS, receiptNo, yuan } from '../finance.js';
import { href } from '../router.js';
import { user } from '../session.js';
import { errorBox, h, heading, loadInto, mount, ruleCite, toast } from '../ui.js';

const enc = encodeURIComponent;
const kindLabel = (k) => (LINE_KIND.find(([v]) => v === k) || [k, k || '—'])[1];

function sheet(r) {
	const cancelled = r.status === 'cancelled';
	return h('article', { class: 'receipt' + (cancelled ? ' receipt-void' : ''), id: 'receipt',
		dataset: { id: r.id, status: r.status } },
	cancelled ? h('p', { class: 'receipt-stamp', id: 'receipt-void' }, '作废') : null,
	h('header', { class: 'receipt-head' },
		h('h2', { id: 'receipt-clinic' }, r.clinic_name || ''),
		h('p', { class: 'receipt-title' }, '门诊收费票据'),
		h('dl', { class: 'receipt-meta' },
			h('dt', null, '票号'), h('dd', { class: 'mono', id: 'receipt-no' }, receiptNo(r)),
			h('dt', null, '日期'), h('dd', { id: 'receipt-date' }, r.issued_on || '—'),
			h('dt', null, '交款人'), h('dd', { id: 'receipt-payer' }, r.payer || '—'))),
	h('table', { class: 'receipt-lines', id: 'receipt-lines' },
		h('thead', null, h('tr', null, h('th', null, '项目'), h('th', null, '说明'),
			h('th', { class: 'num' }, '金额（元）'))),
		h('tbody', null, (r.lines || []).map((l) => h('tr', { dataset: { kind: l.kind } },
			h('td', null, kindLabel(l.kind)), h('td', null, l.description || ''),
			h('td', { class: 'num' }, yuan(l.amount_fen))))),
		h('tfoot', null,
			h('tr', null, h('th', { colspan: 2 }, '合计'),
				h('td', { class: 'num', id: 'receipt-total' }, h('strong', null, yuan(r.total_fen)))),
			h('tr', null, h('th', { colspan: 2 }, '其中 现金'),
				h('td', { class: 'num', id: 'receipt-cash' }, yuan(r.cash_fen))),
			h('tr', null, h('th', { colspan: 2 }, '医保统筹'),
				h('td', { class: 'num', id: 'receipt-insurance' }, yuan(r.insurance_fen))))),
	h('p', { class: 'receipt-status' }, '状态：',
		h('strong', { id: 'receipt-status' }, label(RECEIPT_STATUS, r.status)),
		cancelled && r.cancel_reason ? `（${r.cancel_reason}）` : null),
	h('p', { class: 'receipt-foot muted' }, '收款单位（章）', h('span', { class: 'receipt-sign' }),
		'收款人', h('span', { class: 'receipt-sign' })));
}

function cancelForm(r, done) {
	const reason = h('input', { type: 'text', id: 'cancel-reason', maxlength: 200,
		placeholder: '作废原因', 'aria-label': '作废原因', required: true });
	const out = h('div', { role: 'alert' });
	const btn = h('button', { type: 'submit', class: 'btn btn-danger', id: 'cancel-receipt' }, '作废此票据');
	return h('form', { class: 'card no-print', novalidate: true, onsubmit: async (ev) => {
		ev.preventDefault();
		mount(out);
		btn.disabled = true;
		try {
			await post(`/receipts/${enc(r.id)}/cancel`, { reason: reason.value.trim() });
			toast('票据已作废');
			done();
		} catch (err) {
			mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			btn.disabled = false;
		}
	} }, h('div', { class: 'card-row' }, reason, btn), out);
}

export default async function receipt(root, { params }) {
	const body = h('div');
	mount(root, h('div', { class: 'page-head no-print' }, heading('收费票据'),
		h('div', { class: 'actions' },
			h('a', { class: 'btn', href: href('/finance') }, '← 返回财务'),
			h('button', { type: 'button', class: 'btn btn-primary', id: 'print-receipt',
				onclick: () => window.print() }, '打印'))), body);
	const show = () => loadInto(body, () => get(`/receipts/${enc(params.id)}`), (r) => {
		document.title = `票据 ${receiptNo(r)} · 村卫生室一体化管理`;
		mount(body, sheet(r),
			r.status !== 'cancelled' && ['clinic', 'centre', 'finance'].includes(user().role) ? cancelForm(r, show) : null);
	}, '正在加载票据…').catch((err) => mount(body, errorBox(err, show)));
	await show();
}
