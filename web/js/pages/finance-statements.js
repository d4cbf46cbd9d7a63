// SPDX-License-Identifier: MIT
// The statements (报表) of one book, or rolled up (汇总) over a centre's and its clinics'
// books or a whole county's: the trial balance (科目余额表), the balance sheet (资产负债表)
// and the income and expense statement (收入支出表), for a month, a quarter or a year,
// with the same statement as an .xlsx download.

import { download, get } from '../api.js';
import { yuan } from '../finance.js';
import { h, loadInto, mount, row, table, toast } from '../ui.js';

const enc = encodeURIComponent;
const YEAR = new Date().getFullYear();

export const KINDS = [['trial_balance', '科目余额表'], ['balance_sheet', '资产负债表'],
	['income', '收入支出表']];
const GRAINS = [['year', '全年'], ['quarter', '季度'], ['month', '月份']];
const SECTIONS = { asset: '资产', liability: '负债', net_assets: '净资产', income: '收入',
	expense: '费用' };

/* The period of ?period= (2026, 2026-Q3, 2026-07), else this year: {period, grain, year,
 * part}. */
export function periodOf(text) {
	const m = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$/.exec(text || '');
	if (!m)
		return { period: String(YEAR), grain: 'year', year: YEAR, part: '' };
	const part = m[2] || '';
	return { period: text, grain: !part ? 'year' : part[0] === 'Q' ? 'quarter' : 'month',
		year: Number(m[1]), part };
}

/* "2026 年第三季度", "2026 年 7 月", "2026 年". */
export function periodText(p) {
	if (p.grain === 'quarter')
		return `${p.year} 年第${'一二三四'[Number(p.part[1]) - 1]}季度`;
	if (p.grain === 'month')
		return `${p.year} 年 ${Number(p.part)} 月`;
	return `${p.year} 年`;
}

/* The period chooser: whole year, a quarter or a month of a year; SET(period) on change. */
export function periodChooser(p, set) {
	const grain = h('select', { id: 'statement-grain', 'aria-label': '期间类型' },
		GRAINS.map(([v, t]) => h('option', { value: v, selected: v === p.grain }, t)));
	const year = h('select', { id: 'statement-year', 'aria-label': '年度' },
		[0, 1, 2, 3, 4].map((k) => h('option', { value: YEAR - k, selected: YEAR - k === p.year },
			`${YEAR - k} 年`)));
	const parts = (g) => (g === 'quarter' ? [1, 2, 3, 4].map((q) => [`Q${q}`, `第${'一二三四'[q - 1]}季度`])
		: g === 'month' ? Array.from({ length: 12 }, (_, i) => [String(i + 1).padStart(2, '0'), `${i + 1} 月`])
			: []);
	const part = h('select', { id: 'statement-part', 'aria-label': '季度或月份' });
	const fill = () => {
		const list = parts(grain.value);
		mount(part, list.map(([v, t]) => h('option', { value: v, selected: v === p.part }, t)));
		part.hidden = !list.length;
	};
	fill();
	const changed = () => set(grain.value === 'year' ? year.value : `${year.value}-${part.value}`);
	grain.addEventListener('change', () => {
		fill();
		changed();
	});
	year.addEventListener('change', changed);
	part.addEventListener('change', changed);
	return h('div', { class: 'filters', id: 'statement-period' }, grain, year, part);
}

/* A total row: LABEL across the text columns, then AMOUNTS. */
function totalRow(columns, label, amounts, key) {
	return row(columns, [h('strong', null, label), ...amounts.map((a) => h('strong', null, yuan(a)))],
		{ class: 'total-row', dataset: { total: key } });
}

const account = (x) => [x.account_code ? h('span', { class: 'mono' }, x.account_code + ' ') : null,
	x.account_name || '—'];

const TRIAL_COLUMNS = [
	{ label: '科目' }, { label: '期初借方', num: true }, { label: '期初贷方', num: true },
	{ label: '本期借方', num: true }, { label: '本期贷方', num: true },
	{ label: '期末借方', num: true }, { label: '期末贷方', num: true },
];
const TRIAL_AMOUNTS = ['opening_debit_fen', 'opening_credit_fen', 'debit_fen', 'credit_fen',
	'closing_debit_fen', 'closing_credit_fen'];

function trialBalance(s) {
	const t = s.totals || {};
	return table('statement-table', TRIAL_COLUMNS, h('tbody', null,
		(s.items || []).map((x) => row(TRIAL_COLUMNS, [account(x), ...TRIAL_AMOUNTS.map((k) =>
			(Number(x[k]) ? yuan(x[k]) : ''))], { dataset: { account: x.account_code } })),
		totalRow(TRIAL_COLUMNS, '合计', TRIAL_AMOUNTS.map((k) => t[k] ?? 0), 'totals')));
}

const AMOUNT_COLUMNS = [{ label: '项目' }, { label: '金额', num: true }];

/* The rows of SECTIONS in order, each followed by its total [label, key of S]. */
function sectionRows(s, parts) {
	const out = [];
	for (const [section, label, key] of parts) {
		out.push(h('tr', { class: 'section-row' }, h('th', { colspan: 2, scope: 'rowgroup' },
			SECTIONS[section])));
		for (const x of (s.items || []).filter((i) => i.section === section))
			out.push(row(AMOUNT_COLUMNS, [account(x), yuan(x.amount_fen)],
				{ dataset: { account: x.account_code || '' } }));
		out.push(totalRow(AMOUNT_COLUMNS, label, [s[key] ?? 0], key));
	}
	return out;
}

function balanceSheet(s) {
	return table('statement-table', AMOUNT_COLUMNS, h('tbody', null,
		sectionRows(s, [['asset', '资产合计', 'assets_fen'], ['liability', '负债合计', 'liabilities_fen'],
			['net_assets', '净资产合计', 'net_assets_fen']]),
		totalRow(AMOUNT_COLUMNS, '负债和净资产总计', [s.liabilities_and_net_assets_fen ?? 0],
			'liabilities_and_net_assets_fen')));
}

function incomeStatement(s) {
	return table('statement-table', AMOUNT_COLUMNS, h('tbody', null,
		sectionRows(s, [['income', '收入合计', 'income_fen'], ['expense', '费用合计', 'expense_fen']]),
		totalRow(AMOUNT_COLUMNS, '本期收支结余', [s.surplus_fen ?? 0], 'surplus_fen')));
}

const RENDER = { trial_balance: trialBalance, balance_sheet: balanceSheet, income: incomeStatement };

/* Whether statement S checks out: debits equal credits, assets equal the other side. */
function balanced(s) {
	if (s.balanced === undefined)
		return null;
	return s.balanced ? h('span', { class: 'badge badge-ok', id: 'statement-balanced' },
		s.kind === 'balance_sheet' ? '资产 = 负债 + 净资产' : '借贷平衡')
		: h('span', { class: 'badge sev-error', id: 'statement-balanced' }, '不平衡');
}

/* The statements tab. ?kind=, ?period= and ?rollup= (1: every book under the place; the
 * default for a centre; always for a bureau, which keeps no book of its own). */
export default async function statementsTab(root, ctx) {
	const q = ctx.query;
	const kind = KINDS.some(([k]) => k === q.get('kind')) ? q.get('kind') : 'income';
	const p = periodOf(q.get('period'));
	const inst = ctx.inst;
	const clinic = inst.kind === 'clinic';
	const bureau = !clinic && inst.kind !== 'centre' && inst.kind !== 'community';
	const rollup = bureau || (!clinic && q.get('rollup') !== '0');
	const params = { kind, period: p.period, rollup: rollup ? 1 : undefined };
	const set = (change) => ctx.go({ kind, period: p.period, rollup: rollup ? undefined : '0',
		...change });

	const toggle = clinic ? null : h('label', { class: 'field-check', for: 'statement-rollup' },
		h('input', { type: 'checkbox', id: 'statement-rollup', checked: rollup, disabled: bureau,
			onchange: (ev) => set({ rollup: ev.target.checked ? undefined : '0' }) }),
		bureau ? '汇总全部下属账套' : '汇总本院及所辖村卫生室');
	const xlsx = h('button', { type: 'button', class: 'btn', id: 'statement-xlsx' }, '导出 Excel');
	const box = h('div', { id: 'statement' });
	mount(root,
		h('nav', { class: 'segmented tabs', 'aria-label': '报表' }, KINDS.map(([k, text]) =>
			h('a', { class: 'btn', href: ctx.link({ kind: k, period: p.period,
				rollup: rollup ? undefined : '0' }), 'aria-pressed': k === kind ? 'true' : 'false',
			dataset: { kind: k } }, text))),
		h('div', { class: 'section-head' }, periodChooser(p, (period) => set({ period })),
			h('div', { class: 'actions' }, toggle, xlsx)),
		box);

	const url = `/institutions/${enc(inst.id)}/statements`;
	await loadInto(box, () => get(url, params), (s) => {
		const name = `${s.institution_name}${s.title}${periodText(p)}`;
		xlsx.onclick = async () => {
			xlsx.disabled = true;
			try {
				await download(`${url}.xlsx`, params, `${name}.xlsx`);
			} catch (err) {
				toast(err.message);
			} finally {
				xlsx.disabled = false;
			}
		};
		mount(box, h('h2', null, `${s.institution_name} ${s.title}`,
			h('small', null, ` · ${periodText(p)}（${s.from} 至 ${s.to}）`)),
		h('p', null, balanced(s), (s.items || []).length ? null
			: h('span', { class: 'muted' }, ' 本期无发生额。')),
		h('div', { class: 'statement', dataset: { kind: s.kind } }, RENDER[s.kind](s)),
		h('p', { class: 'muted' }, '金额单位：元。', s.kind === 'balance_sheet'
			? '资产负债表为期末余额；收支结余为收入减费用累计至期末。' : ''));
	}, '正在生成报表…');
}
