// SPDX-License-Identifier: MIT
// Finance (财务). For a village doctor: the receipt desk (收费) issuing a numbered receipt
// and its voucher in one go, the takings not yet handed in to the centre with the 上缴
// button (统收统支, SR-FIN-3), and the clinic's journal (序时账) for this year. For the
// centre's and county's users: the receipts they can see, their book's balances, the
// statements, pay slips, assets and audit findings. One tab at a time.

import { get, post } from '../api.js';
import { fen, label, RECEIPT_STATUS, receiptNo, yuan } from '../finance.js';
import { go, href } from '../router.js';
import { user } from '../session.js';
import {
	errorBox, h, heading, loadInto, mount, row, ruleCite, stat, table, toast,
} from '../ui.js';

const enc = encodeURIComponent;
const YEAR = new Date().getFullYear();

const TABS = [
	['desk', '收费'], ['takings', '上缴'], ['journal', '序时账'], ['book', '账户余额'],
	['statements', '报表'], ['more', '工资·资产·审计'],
];

const badgeOf = (status) => h('span', {
	class: 'badge ' + (status === 'cancelled' ? 'badge-off' : 'badge-ok'),
}, label(RECEIPT_STATUS, status));

/* ---- the receipt desk ---- */

const RECEIPT_COLUMNS = [
	{ label: '票号', cls: 'nowrap' }, { label: '日期', cls: 'nowrap' }, { label: '交款人' },
	{ label: '金额', num: true }, { label: '状态' }, { label: '' },
];

function receiptRows(list) {
	return h('tbody', null, list.map((r) => row(RECEIPT_COLUMNS, [
		h('span', { class: 'mono' }, receiptNo(r)), r.issued_on || '—', r.payer || '—',
		yuan(r.total_fen), badgeOf(r.status),
		h('a', { href: href('/receipts/' + r.id), class: 'btn' }, '查看 / 打印'),
	], { dataset: { id: r.id } })));
}

/* The fields of the desk: [name, label, kind of the line or null for the insurance part]. */
const AMOUNTS = [
	['consultation', '诊查费（元）', 'consultation'], ['tcm', '中医治疗费（元）', 'tcm'],
	['other', '其他（元）', 'other'], ['insurance', '其中医保统筹支付（元）', null],
];

function deskForm(clinicId, onIssued) {
	const payer = h('input', { type: 'text', id: 'receipt-form-payer', maxlength: 50,
		required: true, autocomplete: 'off' });
	const amounts = new Map(AMOUNTS.map(([name]) => [name, h('input', {
		type: 'text', inputmode: 'decimal', id: 'receipt-form-' + name, placeholder: '0.00',
		autocomplete: 'off' })]));
	const note = h('input', { type: 'text', id: 'receipt-form-description', maxlength: 100,
		autocomplete: 'off', placeholder: '例如：针灸、换药' });
	const total = h('strong', { id: 'receipt-form-total' }, yuan(0));
	const out = h('div', { role: 'alert', id: 'receipt-form-error' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary btn-big' }, '开具票据');
	const field = (lbl, el) => h('div', { class: 'field' }, h('label', { for: el.id }, lbl), el);
	const sum = () => AMOUNTS.filter(([, , k]) => k).reduce((t, [n]) => {
		const v = fen(amounts.get(n).value);
		return t + (Number.isFinite(v) ? v : 0);
	}, 0);
	for (const el of amounts.values())
		el.addEventListener('input', () => mount(total, yuan(sum())));

	async function onsubmit(ev) {
		ev.preventDefault();
		mount(out);
		for (const el of [payer, ...amounts.values()])
			el.removeAttribute('aria-invalid');
		const bad = [...amounts].find(([, el]) => Number.isNaN(fen(el.value)));
		if (bad) {
			bad[1].setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error' }, '金额请填写数字，最多两位小数（元）。'));
			return;
		}
		const lines = AMOUNTS.filter(([n, , k]) => k && fen(amounts.get(n).value) > 0)
			.map(([n, , kind]) => ({ kind, amount_fen: fen(amounts.get(n).value),
				description: kind === 'other' || kind === 'tcm' ? note.value.trim() || undefined : undefined }));
		const body = { clinic_id: clinicId, payer: payer.value.trim(), lines };
		const ins = fen(amounts.get('insurance').value);
		if (ins)
			body.insurance_fen = ins;
		save.disabled = true;
		try {
			const r = await post('/receipts', body);
			toast(`已开具票据 ${receiptNo(r)}`);
			payer.value = '';
			note.value = '';
			for (const el of amounts.values())
				el.value = '';
			mount(total, yuan(0));
			onIssued(r);
		} catch (err) {
			const el = /payer/.test(err.field) ? payer : /insurance/.test(err.field)
				? amounts.get('insurance') : null;
			if (el)
				el.setAttribute('aria-invalid', 'true');
			mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
		} finally {
			save.disabled = false;
		}
	}
	return h('form', { class: 'card edit-form', id: 'receipt-form', onsubmit, novalidate: true },
		h('h3', null, '收费开票'),
		h('div', { class: 'fields' }, field('交款人（患者姓名）', payer),
			AMOUNTS.map(([n, lbl]) => field(lbl, amounts.get(n))), field('说明（可选）', note)),
		h('p', { class: 'total' }, '合计 ', total,
			h('span', { class: 'muted' }, '　每笔收费生成连续编号的票据和记账凭证。')),
		out, h('div', { class: 'actions' }, save));
}

function issued(r) {
	return h('div', { class: 'card notice-ok', id: 'receipt-issued', role: 'status',
		dataset: { id: r.id } },
	h('p', null, '已开具票据 ', h('strong', { class: 'mono' }, receiptNo(r)), ' · ', r.payer,
		' · ', h('strong', null, yuan(r.total_fen)),
		r.voucher_id ? h('span', { class: 'muted' }, '（已生成记账凭证）') : null),
	h('div', { class: 'actions' },
		h('a', { class: 'btn btn-primary', id: 'receipt-print-link', href: href('/receipts/' + r.id) },
			'查看并打印票据')));
}

async function deskTab(root, clinicId) {
	const result = h('div');
	const recent = h('section');
	const loadRecent = () => loadInto(recent, () => get('/receipts', { clinic_id: clinicId, limit: 20 }),
		(page) => {
			const list = page.items || [];
			mount(recent, h('h2', null, '最近的票据'), list.length
				? table('receipt-table', RECEIPT_COLUMNS, receiptRows(list))
				: h('p', { class: 'empty' }, '今年尚未开具票据。'));
		}, '正在加载票据…');
	if (user().role === 'clinic') {
		mount(root, deskForm(clinicId, (r) => {
			mount(result, issued(r));
			loadRecent();
		}), result, recent);
	} else {
		mount(root, recent);
	}
	await loadRecent();
}

/* ---- takings and their remittance ---- */

const BUCKET_COLUMNS = [{ label: '未上缴时长' }, { label: '票据数', num: true }, { label: '金额', num: true }];

async function takingsTab(root, clinicId) {
	await loadInto(root, () => get(`/institutions/${enc(clinicId)}/takings`), (t) => {
		const out = h('div', { role: 'alert', id: 'remit-error' });
		const remit = h('button', { type: 'button', class: 'btn btn-primary btn-big', id: 'remit',
			disabled: !(Number(t.outstanding_fen) > 0) }, `上缴 ${yuan(t.outstanding_fen)}`);
		remit.addEventListener('click', async () => {
			mount(out);
			remit.disabled = true;
			try {
				await post('/remittances', { clinic_id: clinicId, amount_fen: Number(t.outstanding_fen) });
				toast('已上缴卫生院，生成上缴凭证');
				takingsTab(root, clinicId);
			} catch (err) {
				mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
				remit.disabled = false;
			}
		});
		const overdue = Number(t.overdue_fen) > 0;
		mount(root, h('div', { class: 'stats' },
			stat(yuan(t.outstanding_fen), '未上缴现金', { id: 'takings-outstanding' }),
			stat(String(t.receipts ?? 0), '张票据'),
			stat(yuan(t.overdue_fen), `超过 ${t.overdue_days ?? '—'} 天未上缴`, { bad: overdue })),
		overdue ? h('p', { class: 'error-box' }, '有现金收入超期未上缴卫生院。', ruleCite('SR-FIN-3')) : null,
		h('p', { class: 'muted' }, '村卫生室的现金收入全额上缴卫生院（统收统支），不得坐收坐支。', ruleCite('SR-FIN-3')),
		user().role === 'clinic' || user().role === 'centre' ? h('div', { class: 'actions' }, remit) : null, out,
		(t.buckets || []).length ? table('takings-buckets', BUCKET_COLUMNS, h('tbody', null,
			t.buckets.map((b) => row(BUCKET_COLUMNS, [b.label, b.receipts, yuan(b.amount_fen)])))) : null);
	}, '正在加载未上缴收入…');
}

/* ---- the journal (序时账) ---- */

const JOURNAL_COLUMNS = [
	{ label: '凭证号', cls: 'nowrap' }, { label: '日期', cls: 'nowrap' }, { label: '摘要' },
	{ label: '科目' }, { label: '借方', num: true }, { label: '贷方', num: true },
];

function voucherRows(v) {
	const lines = v.lines || [];
	const no = `${v.year}-${String(v.serial).padStart(4, '0')}`;
	if (!lines.length)
		return [row(JOURNAL_COLUMNS, [no, v.voucher_date, v.summary, '—', yuan(v.total_fen), yuan(v.total_fen)])];
	return lines.map((l, i) => row(JOURNAL_COLUMNS, [
		i ? '' : h('span', { class: 'mono' }, no), i ? '' : v.voucher_date || '—',
		i ? '' : v.summary || '—', `${l.account_code} ${l.account_name || ''}`,
		Number(l.debit_fen) ? yuan(l.debit_fen) : '', Number(l.credit_fen) ? yuan(l.credit_fen) : '',
	], { class: i ? 'voucher-more' : 'voucher-first', dataset: { voucher: no, id: v.id || '', kind: v.kind || '' } }));
}

/* Every voucher of INST's book in PERIOD, in posting order (the list is paged). */
async function journalOf(instId, period) {
	const all = [];
	let offset = 0;
	for (let i = 0; i < 40 && offset !== null && offset !== undefined; i++) {
		const page = await get(`/institutions/${enc(instId)}/journal`, { period, limit: 500, offset });
		all.push(...(page.items || []));
		offset = page.next_offset;
	}
	return all;
}

async function journalTab(root, instId, period) {
	await loadInto(root, () => journalOf(instId, period), (all) => {
		// Newest first: the voucher just posted is what the user looks for.
		const list = [...all].reverse();
		const years = [YEAR, YEAR - 1, YEAR - 2];
		mount(root, h('div', { class: 'section-head' }, h('h2', null, `${period} 年序时账`, h('small', { class: 'muted' }, ` · 凭证 ${list.length} 张，最新在前`)),
			h('nav', { class: 'segmented', 'aria-label': '年度' }, years.map((y) =>
				h('a', { class: 'btn', href: href(location.hash.slice(1).split('?')[0], { tab: 'journal', period: y }),
					'aria-pressed': String(y) === String(period) ? 'true' : 'false' }, String(y))))),
		list.length ? table('journal-table', JOURNAL_COLUMNS, h('tbody', null, list.flatMap(voucherRows)))
			: h('p', { class: 'empty' }, '本年度尚无凭证。'));
	}, '正在加载序时账…');
}

/* ---- balances, statements and the other lists ---- */

const BALANCE_COLUMNS = [{ label: '科目代码', cls: 'nowrap' }, { label: '科目名称' }, { label: '余额', num: true }];

async function bookTab(root, instId) {
	await loadInto(root, () => get(`/institutions/${enc(instId)}/book`), (b) => {
		mount(root, h('p', { class: 'muted' }, `已结账至 ${b.closed_through || '—'}；账簿链 ${b.head_seq ?? 0} 笔，`,
			h('span', { class: 'mono' }, (b.head_hash || '').slice(0, 16))),
		table('balance-table', BALANCE_COLUMNS, h('tbody', null, (b.balances || []).map((x) =>
			row(BALANCE_COLUMNS, [x.account_code, x.account_name, yuan(x.balance_fen)])))));
	}, '正在加载账户余额…');
}

const isFen = (k) => /_fen$/.test(k);
const title = (k) => k.replace(/_fen$/, '');

/* A table of LIST (objects) with a column per key of the first: money keys in yuan. */
function genericTable(id, list) {
	const keys = Object.keys(list[0] || {}).filter((k) => typeof list[0][k] !== 'object' || list[0][k] === null);
	const cols = keys.map((k) => ({ label: title(k), num: isFen(k) }));
	return table(id, cols, h('tbody', null, list.map((x) => row(cols, keys.map((k) =>
		(isFen(k) ? yuan(x[k]) : x[k] ?? '—'))))));
}

/* The list inside REPLY: an array, or the first array among its values. */
function listOf(reply) {
	if (Array.isArray(reply))
		return reply;
	for (const k of ['items', 'rows', 'lines', 'accounts'])
		if (Array.isArray(reply?.[k]))
			return reply[k];
	return Object.values(reply || {}).find(Array.isArray) || [];
}

async function statementsTab(root, instId, period) {
	const kinds = [['trial_balance', '试算平衡表'], ['balance_sheet', '资产负债表'], ['income', '收入费用表']];
	mount(root, kinds.map(([k, text]) => h('section', { id: 'statement-' + k }, h('h2', null, text),
		h('div', { class: 'statement-body' }))));
	await Promise.all(kinds.map(async ([k]) => {
		const box = root.querySelector(`#statement-${k} .statement-body`);
		try {
			const s = await get(`/institutions/${enc(instId)}/statements`, { kind: k, period });
			const list = listOf(s);
			mount(box, list.length ? genericTable(null, list) : h('p', { class: 'empty' }, '暂无数据。'));
		} catch {
			mount(box, h('p', { class: 'empty' }, '报表暂不可用。'));
		}
	}));
}

async function moreTab(root) {
	const parts = [['/payslips', '工资条'], ['/assets', '固定资产'], ['/audit-findings', '审计发现']];
	mount(root, parts.map(([p, text]) => h('section', null, h('h2', null, text),
		h('div', { dataset: { src: p } }))));
	await Promise.all(parts.map(async ([p]) => {
		const box = root.querySelector(`[data-src="${p}"]`);
		try {
			const list = listOf(await get(p, { limit: 50 }));
			mount(box, list.length ? genericTable(null, list) : h('p', { class: 'empty' }, '暂无记录。'));
		} catch (err) {
			mount(box, h('p', { class: 'empty' }, err.message));
		}
	}));
}

/* ---- the page ---- */

export default async function finance(root, { query }) {
	const u = user();
	const instId = query.get('inst') || u.institution_id;
	const clinic = u.role === 'clinic';
	const tabs = clinic ? TABS : TABS.filter(([k]) => k !== 'takings' || query.get('inst'));
	const tab = tabs.some(([k]) => k === query.get('tab')) ? query.get('tab') : tabs[0][0];
	const period = /^\d{4}$/.test(query.get('period') || '') ? query.get('period') : String(YEAR);
	const body = h('section', { id: 'finance-' + tab });
	const sub = h('small', null, u.institution_name ? ` · ${u.institution_name}` : '');
	const base = { inst: query.get('inst') || undefined };
	mount(root, h('div', { class: 'page-head' }, heading('财务', sub)),
		h('nav', { class: 'segmented tabs', 'aria-label': '财务' }, tabs.map(([k, text]) =>
			h('a', { class: 'btn', href: href('/finance', { ...base, tab: k === tabs[0][0] ? undefined : k }),
				'aria-pressed': k === tab ? 'true' : 'false', dataset: { tab: k } }, text))),
		body);
	const reload = () => go('/finance', { ...base, tab }, true);
	try {
		await {
			desk: () => deskTab(body, clinic || query.get('inst') ? instId : undefined),
			takings: () => takingsTab(body, instId),
			journal: () => journalTab(body, instId, period),
			book: () => bookTab(body, instId),
			statements: () => statementsTab(body, instId, period),
			more: () => moreTab(body),
		}[tab]();
	} catch (err) {
		mount(body, errorBox(err, reload));
	}
}
