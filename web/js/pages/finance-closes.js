// SPDX-License-Identifier: MIT
// Month close (月结) of one book: the months closed with the chain head each sealed, the
// button that closes the next open month (after which nothing more is posted into it,
// SR-FIN-2), and "校验账簿", which recomputes the hash chain of the book and of every book
// under it and names the first posting changed, removed or inserted.

import { get, post } from '../api.js';
import { decisionButtons } from '../decision.js';
import { all, canKeepBooks, canOversee, monthAdd, thisMonth, yuan } from '../finance.js';
import { facts, h, loadInto, mount, row, ruleCite, table, toast } from '../ui.js';

const enc = encodeURIComponent;

const COLUMNS = [
	{ label: '结账月份', cls: 'nowrap' }, { label: '本月借方合计', num: true },
	{ label: '本月贷方合计', num: true }, { label: '封存链序号', num: true }, { label: '封存链头哈希' },
	{ label: '结账人' },
];

const short = (hash) => h('span', { class: 'mono', title: hash || '' }, (hash || '—').slice(0, 16));

/* The month to close next (the server's next_close_month: the one after the last close,
 * or the month of the book's first posting), or last month for a book with no posting. */
const nextMonth = (book) => book.next_close_month || monthAdd(thisMonth(), -1);

/* The result of GET books/verify: ok, or the first break. */
function verified(v) {
	if (v.ok)
		return h('div', { class: 'card notice-ok', id: 'verify-result', role: 'status',
			dataset: { ok: 'true' } },
		h('p', null, h('strong', null, '校验通过（ok）：'),
			`${v.books} 个账套、${v.postings} 条分录的哈希链完整，与各月结封存一致，凭证号连续。`));
	return h('div', { class: 'error-box', id: 'verify-result', role: 'alert', dataset: { ok: 'false' } },
		h('p', null, h('strong', null, '账簿被改动：'), `${v.institution_name || ''}：${v.why || ''}`),
		v.seq ? h('p', null, '第一条被改、删或插入的分录：链序号 ',
			h('strong', { id: 'verify-seq' }, String(v.seq))) : null,
		h('p', { class: 'muted' }, `已校验 ${v.books} 个账套、${v.postings} 条分录。`, ruleCite('SR-FIN-2')));
}

function verifyButton(instId, out) {
	const b = h('button', { type: 'button', class: 'btn', id: 'books-verify' }, '校验账簿');
	b.addEventListener('click', async () => {
		b.disabled = true;
		mount(out, h('p', { class: 'loading', role: 'status' }, '正在逐条重算哈希链…'));
		try {
			mount(out, verified(await get(`/institutions/${enc(instId)}/books/verify`)));
		} catch (err) {
			mount(out, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
		} finally {
			b.disabled = false;
		}
	});
	return b;
}

/* The close button of MONTH, asking first; DONE() reloads. */
function closeButton(instId, month, slot, done) {
	return decisionButtons([{
		label: `结账 ${month}`, decision: 'close', cls: 'btn-primary', submit: `确认结账 ${month}`,
		title: `结账后 ${month} 及以前未结的月份都不能再记账，更正只能记入以后的月份。确认结账？`,
		send: () => post(`/institutions/${enc(instId)}/closes`, { month }),
		done: () => {
			toast(`${month} 已结账`);
			done();
		},
	}], slot, 'close');
}

export default async function closesTab(root, ctx) {
	const id = ctx.inst.id;
	await loadInto(root, async () => {
		const [book, closes] = await Promise.all([get(`/institutions/${enc(id)}/book`),
			all(`/institutions/${enc(id)}/closes`)]);
		return { book, closes, next: canKeepBooks() ? nextMonth(book) : null };
	}, ({ book, closes, next }) => {
		const head = closes[0];
		const slot = h('div');
		const out = h('div', { id: 'verify-out' });
		const ended = next && next < thisMonth();
		const actions = h('div', { class: 'actions' },
			next && ended ? closeButton(id, next, slot, ctx.reload) : null,
			canOversee() ? verifyButton(id, out) : null);
		mount(root, h('h2', null, `${ctx.inst.name || book.institution_name} 月结`),
			facts([
				['已结账至', h('span', { id: 'closed-through' }, book.closed_through || '尚未结账')],
				['封存链头', head ? [`第 ${head.head_seq} 条 `, short(head.head_hash)] : '—'],
				['当前链头', book.opened ? [`第 ${book.head_seq ?? 0} 条 `, short(book.head_hash)] : '尚无分录'],
				['下一个待结月份', next ? (ended ? next : `${next}（尚未结束，月末后才能结账）`) : null],
			]),
			actions, slot, out,
			h('p', { class: 'muted' }, '月结封存当时的链头哈希；校验账簿时逐条重算，任何一条分录被改、删或插入都会被发现。',
				ruleCite('SR-FIN-2')),
			closes.length ? table('closes-table', COLUMNS, h('tbody', null, closes.map((c) =>
				row(COLUMNS, [c.month, yuan(c.debit_fen), yuan(c.credit_fen), c.head_seq,
					short(c.head_hash), c.created_by || '—'], { dataset: { month: c.month } }))))
				: h('p', { class: 'empty' }, '尚无月结记录。'));
	}, '正在加载月结记录…');
}
