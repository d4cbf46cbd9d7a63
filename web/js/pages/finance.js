// SPDX-License-Identifier: MIT
// Finance (财务): the tab shell, the receipt desk, takings and balances. A village doctor
// gets the receipt desk (收费) issuing a numbered receipt and its voucher in one go, the
// takings not yet handed in to the centre with the 上缴 button (统收统支, SR-FIN-3), the
// clinic's journal (序时账) and their own pay slips. The centre's finance officer and manager
// get every tab, choosing the book (账套) a tab shows: the centre's own or a clinic's. The
// county, the auditor and insurance get what they oversee, read-only but for the county's
// approvals and audits. The other tabs are modules of their own (finance-*.js), loaded on
// first use. One tab at a time.

import { get, post } from '../api.js';
import { fen, label, RECEIPT_STATUS, receiptNo, yuan } from '../finance.js';
import { go, href } from '../router.js';
import { user } from '../session.js';
import {
	errorBox, h, heading, loadInto, loading, mount, row, ruleCite, stat, table, toast,
} from '../ui.js';

const enc = encodeURIComponent;

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

/* ---- the balances of the main accounts ---- */

const BALANCE_COLUMNS = [{ label: '科目代码', cls: 'nowrap' }, { label: '科目名称' }, { label: '余额', num: true }];

/* The book's head and main balances; each account links to its ledger (明细账). */
async function bookTab(root, instId, ledgerLink) {
	await loadInto(root, () => get(`/institutions/${enc(instId)}/book`), (b) => {
		mount(root, h('p', { class: 'muted' }, `已结账至 ${b.closed_through || '—'}；账簿链 ${b.head_seq ?? 0} 笔，`,
			h('span', { class: 'mono' }, (b.head_hash || '').slice(0, 16))),
		table('balance-table', BALANCE_COLUMNS, h('tbody', null, (b.balances || []).map((x) =>
			row(BALANCE_COLUMNS, [x.account_code, h('a', { href: ledgerLink(x.account_code) },
				x.account_name), yuan(x.balance_fen)])))));
	}, '正在加载账户余额…');
}

/* ---- the page: tabs by role, and the book they show ---- */

// Each tab: the roles that get it; BOOK: it shows one book (a clinic's or a centre's), so
// a user above the clinics chooses which; CLINIC: only a clinic's book has it; LOAD: a
// module of its own, fetched on first use.
const TABS = [
	{ key: 'desk', label: '收费', roles: ['clinic', 'centre', 'finance', 'admin'] },
	{ key: 'takings', label: '上缴', roles: ['clinic', 'centre', 'finance', 'admin'], book: true,
		clinic: true },
	{ key: 'journal', label: '序时账', roles: ['clinic', 'centre', 'finance', 'admin', 'auditor',
		'insurance'], book: true, load: () => import('./finance-vouchers.js') },
	{ key: 'ledger', label: '明细账', roles: ['clinic', 'centre', 'finance', 'admin', 'auditor',
		'insurance'], book: true, load: () => import('./finance-ledger.js') },
	{ key: 'voucher', label: '记账凭证', roles: ['centre', 'finance', 'admin'], book: true,
		load: () => import('./finance-vouchers.js').then((m) => m.voucherTab) },
	{ key: 'book', label: '账户余额', roles: ['centre', 'finance', 'admin', 'auditor', 'insurance'],
		book: true },
	{ key: 'statements', label: '报表', roles: ['centre', 'finance', 'admin', 'county', 'auditor',
		'insurance'], rollup: true, load: () => import('./finance-statements.js') },
	{ key: 'closes', label: '月结', roles: ['centre', 'finance', 'admin', 'auditor'], book: true,
		load: () => import('./finance-closes.js') },
	{ key: 'payroll', label: '工资', roles: ['centre', 'finance', 'admin', 'auditor'],
		load: () => import('./finance-payroll.js') },
	{ key: 'mypay', label: '我的工资条', roles: ['clinic'],
		load: () => import('./finance-payroll.js').then((m) => m.myPayTab) },
	{ key: 'assets', label: '固定资产', roles: ['centre', 'finance', 'admin', 'county', 'auditor',
		'insurance'], load: () => import('./finance-assets.js') },
	{ key: 'audits', label: '财务检查', roles: ['centre', 'finance', 'admin', 'county', 'auditor',
		'insurance'], load: () => import('./finance-audits.js') },
];

const HAS_BOOK = new Set(['clinic', 'centre', 'community']);

/* The places of the tree the user can see, in tree order: [{id, name, kind, status,
 * centre}] (centre: the name of the centre a clinic belongs to). */
function placesOf(tree) {
	const out = [];
	const walk = (n, centre) => {
		out.push({ id: n.id, name: n.name, kind: n.kind, status: n.status, centre });
		for (const c of n.children || [])
			walk(c, n.kind === 'centre' ? n.name : centre);
	};
	for (const n of tree.items || [])
		walk(n, null);
	return out;
}

/* The chooser of the book a tab shows: a centre's own book and its clinics' (planned
 * clinics have none yet); with ROLLUP, bureaux too (their statements sum every book under
 * them). */
function bookChooser(places, current, rollup, onchange) {
	const groups = [];
	for (const p of places) {
		if (p.kind === 'bureau' && rollup)
			groups.push({ label: p.name, options: [[p.id, `${p.name}（全县汇总）`]] });
		else if (p.kind === 'centre' || p.kind === 'community')
			groups.push({ label: p.name, options: [[p.id, `${p.name}（本院账套）`]] });
		else if (p.kind === 'clinic' && p.status !== 'planned' && groups.length)
			groups[groups.length - 1].options.push([p.id, p.name]);
	}
	const listed = groups.some((g) => g.options.some(([v]) => v === current));
	const select = h('select', { id: 'finance-book', onchange: () => onchange(select.value) },
		listed ? null : h('option', { value: '', selected: true, disabled: true }, '请选择账套'),
		groups.map((g) => h('optgroup', { label: g.label }, g.options.map(([v, text]) =>
			h('option', { value: v, selected: v === current }, text)))));
	return h('div', { class: 'book-chooser' }, h('label', { for: 'finance-book' }, '账套'), select);
}

export default async function finance(root, { query }) {
	const u = user();
	const clinic = u.role === 'clinic';
	// A village doctor's own clinic; everyone else chooses among the places they oversee.
	let places = [];
	if (!clinic) {
		try {
			places = placesOf(await get('/tree'));
		} catch {
			places = [];
		}
	}
	const instId = (!clinic && query.get('inst')) || u.institution_id;
	const place = places.find((p) => p.id === instId) ||
		{ id: instId, name: u.institution_name, kind: clinic ? 'clinic' : u.role === 'finance' ||
			u.role === 'centre' ? 'centre' : 'bureau' };
	const hasBook = HAS_BOOK.has(place.kind);
	const tabs = TABS.filter((t) => t.roles.includes(u.role) &&
		(!t.clinic || place.kind === 'clinic'));
	const usable = (t) => !t.book || hasBook;
	const tab = tabs.find((t) => t.key === query.get('tab')) || tabs.find(usable) || tabs[0];
	const body = h('section', { id: 'finance-' + tab.key });
	const sub = h('small', null, u.institution_name ? ` · ${u.institution_name}` : '');
	const base = { inst: clinic ? undefined : query.get('inst') || undefined };
	const first = (tabs.find(usable) || tabs[0]).key;
	const chooser = !clinic && places.length && (tab.book || tab.rollup || tab.key === 'desk')
		? bookChooser(places, instId, tab.rollup, (id) => go('/finance', {
			...Object.fromEntries(query), tab: tab.key, inst: id === u.institution_id ? undefined : id,
		}))
		: null;
	mount(root, h('div', { class: 'page-head' }, heading('财务', sub)),
		h('nav', { class: 'segmented tabs', 'aria-label': '财务' }, tabs.map((t) =>
			h('a', { class: 'btn', href: href('/finance', { ...base, tab: t.key === first ? undefined : t.key }),
				'aria-pressed': t === tab ? 'true' : 'false', dataset: { tab: t.key } }, t.label))),
		chooser, body);
	const reload = () => go('/finance', { ...Object.fromEntries(query), tab: tab.key }, true);
	// What a tab module gets: the place whose book it shows, the query of the page, links
	// and navigation that keep the tab and the place, and the places for its own choosers.
	const ctx = {
		inst: place, query, places, reload,
		link: (params) => href('/finance', { ...base, tab: tab.key, ...params }),
		go: (params, replace = true) => go('/finance', { ...base, tab: tab.key, ...params }, replace),
	};
	if (tab.book && !hasBook) {
		mount(body, h('p', { class: 'empty', id: 'finance-choose-book' },
			`${place.name || '本机构'}没有账套：请在上面选择一个卫生院或村卫生室的账套。`));
		return;
	}
	try {
		if (tab.load) {
			mount(body, loading());
			const m = await tab.load();
			await (typeof m === 'function' ? m : m.default)(body, ctx);
			return;
		}
		await {
			desk: () => deskTab(body, place.kind === 'clinic' ? instId : undefined),
			takings: () => takingsTab(body, instId),
			book: () => bookTab(body, instId, (account) => href('/finance',
				{ ...base, tab: 'ledger', account })),
		}[tab.key]();
	} catch (err) {
		mount(body, errorBox(err, reload));
	}
}
