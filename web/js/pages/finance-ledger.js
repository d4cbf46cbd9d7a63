// SPDX-License-Identifier: MIT
// The ledger (明细账) of one account of a book: the balance brought forward, every posting
// of the period in posting order with its voucher and summary, the balance after each, and
// the balance carried forward. The account is chosen from the chart (?account=), the period
// is a year, a quarter or a month (?period=). The balances tab links each account here.

import { get } from '../api.js';
import { yuan } from '../finance.js';
import { h, loadInto, mount, row, table } from '../ui.js';
import { periodChooser, periodOf, periodText } from './finance-statements.js';
import { accounts, accountSelect, voucherNo } from './finance-vouchers.js';

const enc = encodeURIComponent;

const COLUMNS = [
	{ label: '日期', cls: 'nowrap' }, { label: '凭证号', cls: 'nowrap' }, { label: '摘要' },
	{ label: '借方', num: true }, { label: '贷方', num: true }, { label: '余额', num: true },
];

/* The brought- or carried-forward row: LABEL and the balance. */
const forward = (label, fen, key) => row(COLUMNS, ['', '', h('strong', null, label), '', '',
	h('strong', null, yuan(fen))], { class: 'total-row', dataset: { total: key } });

export default async function ledgerTab(root, ctx) {
	const q = ctx.query;
	const p = periodOf(q.get('period'));
	const chart = await accounts();
	const code = chart.some((a) => a.code === q.get('account')) ? q.get('account') : '1001';
	const set = (change) => ctx.go({ account: code, period: p.period, ...change });
	const pick = accountSelect(chart, 'ledger-account');
	pick.value = code;
	pick.addEventListener('change', () => set({ account: pick.value }));
	const box = h('div', { id: 'ledger' });
	mount(root, h('div', { class: 'section-head' },
		h('div', { class: 'filters' }, h('label', { for: 'ledger-account' }, '科目'), pick),
		periodChooser(p, (period) => set({ period }))), box);
	await loadInto(box, () => get(`/institutions/${enc(ctx.inst.id)}/ledger`,
		{ account: code, period: p.period }), (l) => {
		const items = l.items || [];
		const sum = (k) => items.reduce((t, x) => t + x[k], 0);
		mount(box, h('h2', null, `${l.account_code} ${l.account_name} 明细账`,
			h('small', null, ` · ${ctx.inst.name || ''} · ${periodText(p)}（${l.from} 至 ${l.to}）`)),
		table('ledger-table', COLUMNS, h('tbody', null,
			forward('期初余额', l.opening_fen, 'opening'),
			items.map((x) => row(COLUMNS, [x.posted_on, h('span', { class: 'mono' }, voucherNo(x)),
				[x.summary || '', x.memo ? h('small', { class: 'muted' }, ` ${x.memo}`) : null],
				x.debit_fen ? yuan(x.debit_fen) : '', x.credit_fen ? yuan(x.credit_fen) : '',
				yuan(x.balance_fen)], { dataset: { seq: x.seq, voucher: x.voucher_id } })),
			row(COLUMNS, ['', '', h('strong', null, '本期合计'), h('strong', null, yuan(sum('debit_fen'))),
				h('strong', null, yuan(sum('credit_fen'))), ''], { class: 'total-row', dataset: { total: 'period' } }),
			forward('期末余额', l.closing_fen, 'closing'))),
		items.length ? null : h('p', { class: 'empty' }, '本期该科目无发生额。'),
		h('p', { class: 'muted' }, `金额单位：元。余额方向：${l.debit_normal ? '借' : '贷'}。`));
	}, '正在加载明细账…');
}
