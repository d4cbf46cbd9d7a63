// SPDX-License-Identifier: MIT
// The journal (序时账) of one book and what corrects it: manual vouchers (记账凭证) whose
// lines must balance to the fen before they can be posted (SR-FIN-2), and the reversal
// (红字冲销) of a posted voucher, the only correction there is: a posted voucher is never
// edited or deleted.

import { get, post } from '../api.js';
import { decisionButtons } from '../decision.js';
import {
	ACCOUNT_KIND, canKeepBooks, fen, label, VOUCHER_KIND, yuan,
} from '../finance.js';
import {
	h, loadInto, mount, row, ruleCite, table, toast, today,
} from '../ui.js';

const enc = encodeURIComponent;
const YEAR = new Date().getFullYear();

/* "2026-0012": a voucher's year and its gapless number in the book. */
export const voucherNo = (v) => `${v.year}-${String(v.serial).padStart(4, '0')}`;

/* ---- the journal ---- */

const JOURNAL_COLUMNS = [
	{ label: '凭证号', cls: 'nowrap' }, { label: '日期', cls: 'nowrap' }, { label: '摘要' },
	{ label: '科目' }, { label: '借方', num: true }, { label: '贷方', num: true }, { label: '' },
];

/* Whether voucher V may be reversed from the journal: a voucher entered by hand, not a
 * reversal itself, not reversed yet. One made by a document (a receipt, a remittance, a
 * payroll) is corrected through its document, so that the two never disagree. */
const reversible = (v) => !v.doc_type && v.kind !== 'reversal' && !v.reversed_by;

/* The status of voucher V beside its number: reversed, or a reversal. */
function voucherState(v) {
	if (v.reversed_by)
		return h('span', { class: 'badge badge-off voucher-reversed' }, '已冲销');
	if (v.kind === 'reversal')
		return h('span', { class: 'badge sev-error' }, '红字冲销');
	return v.kind && v.kind !== 'general' ? h('span', { class: 'badge' }, label(VOUCHER_KIND, v.kind))
		: null;
}

/* The reversal button of voucher V and the form it opens in SLOT; DONE() reloads. */
function reverseButton(v, slot, done) {
	return decisionButtons([{
		label: '红字冲销', decision: 'reverse', cls: 'btn-danger', submit: '确认冲销',
		title: `以红字凭证冲销 ${voucherNo(v)}：借贷方向相反，原凭证保留`,
		fields: [
			{ name: 'reason', label: '冲销原因', required: true, maxlength: 200 },
			{ name: 'voucher_date', label: '冲销凭证日期', type: 'date', value: today(), max: today() },
		],
		send: (values) => post(`/vouchers/${enc(v.id)}/reverse`, values),
		done: (r) => {
			toast(`已冲销，红字凭证 ${voucherNo(r)}`);
			done();
		},
	}], slot, v.id);
}

function voucherRows(v, done) {
	const lines = v.lines || [];
	const no = voucherNo(v);
	const slot = h('div');
	const act = canKeepBooks() && reversible(v) ? reverseButton(v, slot, done) : null;
	const props = (i) => ({
		class: i ? 'voucher-more' : 'voucher-first',
		dataset: { voucher: no, id: v.id || '', kind: v.kind || '' },
	});
	const shown = lines.length ? lines : [{ account_code: '—', debit_fen: v.total_fen,
		credit_fen: v.total_fen }];
	const rows = shown.map((l, i) => row(JOURNAL_COLUMNS, [
		i ? '' : h('span', { class: 'mono' }, no), i ? '' : v.voucher_date || '—',
		// A reversal's source document is the voucher it reverses, which its summary names.
		i ? '' : [v.summary || '—', v.source_doc && v.kind !== 'reversal'
			? h('div', { class: 'hint' }, `原始凭证 ${v.source_doc}`) : null],
		`${l.account_code} ${l.account_name || ''}`,
		Number(l.debit_fen) ? yuan(l.debit_fen) : '', Number(l.credit_fen) ? yuan(l.credit_fen) : '',
		i ? '' : [voucherState(v), act],
	], props(i)));
	if (act)
		rows.push(h('tr', { class: 'slot-row' }, h('td', { colspan: JOURNAL_COLUMNS.length }, slot)));
	return rows;
}

/* Every voucher of INST's book in PERIOD, in posting order (the list is paged). */
async function journalOf(instId, period) {
	const out = [];
	let offset = 0;
	for (let i = 0; i < 40 && offset !== null && offset !== undefined; i++) {
		const page = await get(`/institutions/${enc(instId)}/journal`, { period, limit: 500, offset });
		out.push(...(page.items || []));
		offset = page.next_offset;
	}
	return out;
}

/* The journal tab: this year's vouchers of the book (or ?period=YYYY's), newest first. */
export default async function journalTab(root, ctx) {
	const q = ctx.query.get('period') || '';
	const period = /^\d{4}$/.test(q) ? q : String(YEAR);
	await loadInto(root, () => journalOf(ctx.inst.id, period), (all) => {
		// Newest first: the voucher just posted is what the user looks for.
		const list = [...all].reverse();
		const years = [YEAR, YEAR - 1, YEAR - 2];
		mount(root, h('div', { class: 'section-head' }, h('h2', null, `${period} 年序时账`,
			h('small', { class: 'muted' }, ` · ${ctx.inst.name || ''} · 凭证 ${list.length} 张，最新在前`)),
		h('nav', { class: 'segmented', 'aria-label': '年度' }, years.map((y) =>
			h('a', { class: 'btn', href: ctx.link({ period: y }),
				'aria-pressed': String(y) === period ? 'true' : 'false' }, String(y))))),
		list.length ? table('journal-table', JOURNAL_COLUMNS,
			h('tbody', null, list.flatMap((v) => voucherRows(v, ctx.reload))))
			: h('p', { class: 'empty' }, '本年度尚无凭证。'));
	}, '正在加载序时账…');
}

/* ---- manual vouchers ---- */

let chart = null; // the chart of accounts, the same for every book: fetched once

export async function accounts() {
	if (!chart)
		chart = (await get('/accounts')).items || [];
	return chart;
}

/* A <select> of the chart, grouped by class (资产, 负债…). */
export function accountSelect(list, id) {
	return h('select', { id, class: 'line-account', 'aria-label': '会计科目' },
		h('option', { value: '' }, '请选择科目'),
		ACCOUNT_KIND.map(([kind, text]) => h('optgroup', { label: text },
			list.filter((a) => a.kind === kind).map((a) => h('option', { value: a.code },
				`${a.code} ${a.name}${a.needs_source ? '（须附原始凭证）' : ''}`)))));
}

/* The voucher form for INST's book. Lines in yuan, sent in integer fen; the debit and
 * credit totals and their difference (借贷差额) follow every keystroke, and 过账 is only
 * possible at a difference of 0. The server's refusals (SR-FIN-2: balance, one side per
 * line, source documents for expenses; SR-FIN-3: a clinic's cash paid out; a closed month)
 * appear under the form with the rule they cite. */
function voucherForm(inst, list, onPosted) {
	const date = h('input', { type: 'date', id: 'voucher-date', value: today(), max: today(),
		required: true });
	const summary = h('input', { type: 'text', id: 'voucher-summary', maxlength: 200, required: true,
		autocomplete: 'off', placeholder: '例如：支付村卫生室电费' });
	const source = h('input', { type: 'text', id: 'voucher-source', maxlength: 200, autocomplete: 'off',
		placeholder: '例如：发票号 No.04512' });
	const lines = h('div', { class: 'lines voucher-lines', id: 'voucher-lines' });
	const debitTotal = h('strong', { id: 'voucher-debit' }, yuan(0));
	const creditTotal = h('strong', { id: 'voucher-credit' }, yuan(0));
	const diff = h('strong', { id: 'voucher-diff' }, yuan(0));
	const why = h('span', { class: 'hint', id: 'voucher-why' });
	const out = h('div', { role: 'alert', id: 'voucher-error' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'voucher-post',
		disabled: true }, '过账');
	let n = 0;

	const amount = (el) => fen(el.value);
	const lineEls = () => [...lines.querySelectorAll('.voucher-line')];

	/* The lines as the API takes them, and what stops posting ('' when nothing does). */
	function state() {
		let debit = 0;
		let credit = 0;
		let problem = '';
		const body = [];
		for (const [k, el] of lineEls().entries()) {
			const code = el.querySelector('.line-account').value;
			const dr = amount(el.querySelector('.line-debit'));
			const cr = amount(el.querySelector('.line-credit'));
			const memo = el.querySelector('.line-memo').value.trim();
			if (!code && !dr && !cr)
				continue;
			if (Number.isNaN(dr) || Number.isNaN(cr))
				problem ||= `第 ${k + 1} 行金额请填写数字，最多两位小数（元）`;
			else if (!code)
				problem ||= `第 ${k + 1} 行请选择科目`;
			else if ((dr > 0) === (cr > 0))
				problem ||= `第 ${k + 1} 行须只填借方或贷方中的一方`;
			debit += Number.isFinite(dr) ? dr : 0;
			credit += Number.isFinite(cr) ? cr : 0;
			const line = { account_code: code };
			if (dr > 0)
				line.debit_fen = dr;
			if (cr > 0)
				line.credit_fen = cr;
			if (memo)
				line.memo = memo;
			body.push(line);
		}
		if (!problem && body.length < 2)
			problem = '至少要有一借一贷两行分录';
		if (!problem && debit !== credit)
			problem = '借贷差额须为 0 才能过账';
		return { debit, credit, lines: body, problem };
	}

	function refresh() {
		const s = state();
		mount(debitTotal, yuan(s.debit));
		mount(creditTotal, yuan(s.credit));
		mount(diff, yuan(s.debit - s.credit));
		diff.className = s.debit === s.credit ? '' : 'neg';
		diff.dataset.fen = String(s.debit - s.credit);
		mount(why, s.problem);
		save.disabled = !!s.problem;
	}

	function addLine() {
		const k = n++;
		const input = (cls, lbl) => h('input', { type: 'text', inputmode: 'decimal', class: cls,
			id: `voucher-${cls}-${k}`, 'aria-label': lbl, placeholder: lbl, autocomplete: 'off' });
		const el = h('div', { class: 'line voucher-line', dataset: { k } },
			accountSelect(list, `voucher-account-${k}`), input('line-debit', '借方（元）'),
			input('line-credit', '贷方（元）'),
			h('input', { type: 'text', class: 'line-memo', id: `voucher-memo-${k}`, maxlength: 200,
				'aria-label': '说明', placeholder: '说明（可选）', autocomplete: 'off' }),
			h('button', { type: 'button', class: 'btn', 'aria-label': `删除第 ${k + 1} 行`,
				onclick: () => {
					el.remove();
					refresh();
				} }, '删除'));
		lines.append(el);
		return el;
	}
	lines.addEventListener('input', refresh);
	lines.addEventListener('change', refresh);
	addLine();
	addLine();
	refresh();

	async function onsubmit(ev) {
		ev.preventDefault();
		mount(out);
		for (const el of [date, summary, source, lines])
			el.removeAttribute('aria-invalid');
		const s = state();
		if (s.problem) {
			mount(out, h('p', { class: 'form-error' }, s.problem, ruleCite('SR-FIN-2')));
			return;
		}
		save.disabled = true;
		try {
			const v = await post('/vouchers', {
				institution_id: inst.id, voucher_date: date.value, summary: summary.value.trim(),
				source_doc: source.value.trim() || undefined, lines: s.lines,
			});
			toast(`已过账凭证 ${voucherNo(v)}`);
			summary.value = '';
			source.value = '';
			mount(lines);
			n = 0;
			addLine();
			addLine();
			onPosted(v);
		} catch (err) {
			const el = { voucher_date: date, summary, source_doc: source, lines }[err.field];
			el?.setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error', dataset: { rule: err.rule || '' } },
				err.message, ruleCite(err.rule)));
		} finally {
			refresh();
		}
	}

	const field = (lbl, el, hint) => h('div', { class: 'field' }, h('label', { for: el.id }, lbl), el,
		hint ? h('div', { class: 'hint' }, hint) : null);
	return h('form', { class: 'card edit-form', id: 'voucher-form', onsubmit, novalidate: true },
		h('h3', null, `记账凭证 · 记入${inst.name || ''}账套`),
		h('div', { class: 'fields' }, field('凭证日期', date), field('摘要', summary),
			field('原始凭证编号', source, '借记费用科目时必填（SR-FIN-2：支出有凭证）')),
		h('h3', null, '分录'),
		h('div', { class: 'line-editor' }, lines,
			h('button', { type: 'button', class: 'btn', id: 'voucher-add-line', onclick: () => {
				addLine().querySelector('select').focus();
			} }, '添加分录')),
		h('p', { class: 'voucher-totals' }, '借方合计 ', debitTotal, '　贷方合计 ', creditTotal,
			'　借贷差额 ', diff, ' ', why),
		out, h('div', { class: 'actions' }, save));
}

function posted(v, ctx) {
	return h('div', { class: 'card notice-ok', id: 'voucher-posted', role: 'status',
		dataset: { id: v.id, voucher: voucherNo(v) } },
	h('p', null, '已过账凭证 ', h('strong', { class: 'mono' }, voucherNo(v)), ` · ${v.summary} · `,
		h('strong', null, yuan(v.total_fen))),
	h('div', { class: 'actions' }, h('a', { class: 'btn', id: 'voucher-to-journal',
		href: ctx.link({ tab: 'journal', period: String(v.year) }) }, '在序时账中查看')));
}

/* The 记账凭证 tab: the form for the chosen book. */
export async function voucherTab(root, ctx) {
	await loadInto(root, accounts, (list) => {
		const result = h('div');
		mount(root, voucherForm(ctx.inst, list, (v) => mount(result, posted(v, ctx))), result,
			h('p', { class: 'muted' }, '凭证过账后不能修改或删除；如有错误，请在序时账中红字冲销后重新录入。',
				ruleCite('SR-FIN-2')));
	}, '正在加载会计科目…');
}
