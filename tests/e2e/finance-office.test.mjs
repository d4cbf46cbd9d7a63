// SPDX-License-Identifier: MIT
// The finance office (财务) on a 768×1024 tablet, driven through the UI: the centre's
// finance officer reads the statements (their totals match the API, the .xlsx too) and an
// account's ledger (明细账: each posting's balance, brought and carried forward), posts
// a balanced manual voucher and is stopped on an unbalanced one and on an expense without
// its source document (SR-FIN-2), reverses a voucher, closes a clinic's month and verifies
// the books, runs a month's payroll and opens its pay slips, registers assets and checks
// them (a missing one raises the SR-FIN-5 alert), records an audit visit with findings
// (SR-FIN-4); the county approves a disposal; the auditor finds no write button anywhere;
// a village doctor sees only their own pay slips.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
	apiAll, apiGet, apiSend, demoSession, readSheet, RESULTS, settled, signIn, TABLET,
} from './lib.mjs';

const openPage = demoSession();
const YEAR = new Date().getFullYear();
const T = { timeout: 240000 };

/* Integer fen as the UI shows it: "¥12.34", "-¥5.00". */
function yuan(fen) {
	const n = BigInt(fen);
	const a = n < 0n ? -n : n;
	return `${n < 0n ? '-' : ''}¥${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/* YYYY-MM-DD of today moved by DAYS, in local time (the server's and the browser's). */
function day(days = 0) {
	const d = new Date();
	d.setDate(d.getDate() + days);
	const p = (x) => String(x).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const monthBefore = (m) => {
	const [y, mo] = m.split('-').map(Number);
	return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};

/* No horizontal scrolling at 768 px, and every control at least 44 px tall (a check box
 * counts by its label, which is what a finger touches). */
async function fitsTablet(page, what) {
	const { scroll, width } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth, width: window.innerWidth,
	}));
	assert.ok(scroll <= width, `${what} at 768 px: ${scroll} wide`);
	const small = await page.$$eval('main .btn, main button, main select, main input, main textarea',
		(els) => els.filter((e) => e.offsetParent !== null)
			.filter((e) => (e.type === 'checkbox' && e.closest('label') ? e.closest('label') : e)
				.getBoundingClientRect().height < 44)
			.map((e) => e.textContent.trim() || e.id || e.outerHTML.slice(0, 60)));
	assert.deepEqual(small, [], `${what}: touch targets under 44 px`);
}

/* Open the finance page with PARAMS and wait for SELECTOR and for loading to end. */
async function open(page, params, selector) {
	await page.goto('/#/finance?' + new URLSearchParams(params));
	await page.waitForSelector(selector);
	await settled(page);
}

const text = async (page, selector) => (await page.textContent(selector)).trim();

/* The file a click on SELECTOR downloads. */
async function downloaded(page, selector) {
	const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
	return fs.readFileSync(await dl.path());
}

/* A signed-in page of USER on a tablet, with who they are. */
async function as(user) {
	const page = await openPage(TABLET);
	await signIn(page, user);
	return { page, me: (await apiGet(page, '/api/v1/session')).user };
}

/* Write controls a read-only user must not get, by the words on them. */
const WRITE_WORDS = /登记|过账|结账|计发|申请|批准|冲销|开始|保存|上缴|开具|确认|添加|作废/;

async function writeControls(page) {
	return page.$$eval('main button, main a.btn, main input[type=submit]', (els, src) => {
		const re = new RegExp(src);
		return els.filter((e) => e.offsetParent !== null).map((e) => e.textContent.trim())
			.filter((t) => re.test(t));
	}, WRITE_WORDS.source);
}

test('the finance officer reads the statements: rows and totals match the API, and the .xlsx',
	T, async () => {
		const { page, me } = await as('finance');
		const base = `/api/v1/institutions/${me.institution_id}/statements`;

		// Income and expense of this year, rolled up over the centre and its clinics.
		await open(page, { tab: 'statements' }, '#statement-table');
		assert.equal(await page.getAttribute('.btn[data-kind="income"]', 'aria-pressed'), 'true');
		assert.equal(await page.isChecked('#statement-rollup'), true, 'a centre sees the roll-up first');
		const income = await apiGet(page, `${base}?kind=income&period=${YEAR}&rollup=1`);
		assert.ok(income.items.length > 0, 'the demo has income and expense this year');
		const shown = await page.$$eval('#statement-table tbody tr[data-account]', (rows) =>
			rows.map((r) => [r.dataset.account, r.lastElementChild.textContent.trim()]));
		assert.deepEqual(shown, income.items.map((x) => [x.account_code, yuan(x.amount_fen)]),
			'one row per account with its amount');
		for (const key of ['income_fen', 'expense_fen', 'surplus_fen'])
			assert.equal(await text(page, `tr[data-total="${key}"] td:last-child`), yuan(income[key]), key);
		assert.match(await text(page, '#statement h2'), /收入支出表（汇总）/);
		await fitsTablet(page, 'income statement');
		await page.screenshot({ path: path.join(RESULTS, 'finance-statements-tablet.png'), fullPage: true });

		// The centre's own book alone.
		await page.click('#statement-rollup');
		await page.waitForFunction(() => !/汇总/.test(document.querySelector('#statement h2')?.textContent || '汇总'));
		await settled(page);
		const own = await apiGet(page, `${base}?kind=income&period=${YEAR}`);
		assert.equal(await text(page, 'tr[data-total="surplus_fen"] td:last-child'), yuan(own.surplus_fen));
		assert.equal(await page.locator('#statement-table tbody tr[data-account]').count(), own.items.length);

		// The first quarter, rolled up again, as a trial balance that balances.
		await page.click('#statement-rollup');
		await page.waitForSelector('#statement h2:has-text("汇总")');
		await page.selectOption('#statement-grain', 'quarter');
		await page.waitForSelector('#statement h2 small:has-text("第一季度")');
		await page.click('.btn[data-kind="trial_balance"]');
		await page.waitForSelector('#statement-balanced');
		await settled(page);
		assert.match(page.url(), new RegExp(`period=${YEAR}-Q1`));
		const trial = await apiGet(page, `${base}?kind=trial_balance&period=${YEAR}-Q1&rollup=1`);
		assert.equal(trial.balanced, true);
		assert.equal(await text(page, '#statement-balanced'), '借贷平衡');
		const totals = await page.$$eval('tr[data-total="totals"] td', (tds) =>
			tds.slice(1).map((td) => td.textContent.trim()));
		assert.deepEqual(totals, ['opening_debit_fen', 'opening_credit_fen', 'debit_fen', 'credit_fen',
			'closing_debit_fen', 'closing_credit_fen'].map((k) => yuan(trial.totals[k])));
		assert.equal(await page.locator('#statement-table tbody tr[data-account]').count(),
			trial.items.length);
		await fitsTablet(page, 'trial balance');
		await page.screenshot({ path: path.join(RESULTS, 'finance-trial-balance-tablet.png'), fullPage: true });

		// The same statement as a workbook: its total row carries the same amounts.
		const sheet = readSheet(await downloaded(page, '#statement-xlsx'));
		const total = sheet.find((r) => r.includes('合计'));
		assert.ok(total, 'a total row in the workbook');
		const numbers = total.filter((c) => c !== '' && !Number.isNaN(Number(c))).map(Number);
		assert.ok(numbers.includes(trial.totals.debit_fen / 100), `debits ${trial.totals.debit_fen} in ${total}`);
		await page.context().close();
	});

test('an account links from the balances to its ledger, which carries the balance forward',
	T, async () => {
		const { page } = await as('finance');
		const clinic = (await apiAll(page, '/api/v1/receipts'))[0].clinic_id;
		await open(page, { tab: 'book', inst: clinic }, '#balance-table');
		// 现金 (1001) in the balances: its link opens the ledger of this year.
		await page.click('#balance-table a[href*="account=1001"]');
		await page.waitForSelector('#ledger-table');
		await settled(page);
		assert.equal(await page.inputValue('#ledger-account'), '1001');
		const api = await apiGet(page, `/api/v1/institutions/${clinic}/ledger?account=1001&period=${YEAR}`);
		assert.ok(api.items.length > 0, 'the demo clinic took cash this year');
		const rows = await page.$$eval('#ledger-table tbody tr[data-seq]', (trs) => trs.map((tr) =>
			[Number(tr.dataset.seq), tr.lastElementChild.textContent.trim()]));
		assert.deepEqual(rows, api.items.map((x) => [x.seq, yuan(x.balance_fen)]),
			'every posting, in order, with the balance after it');
		assert.equal(await text(page, 'tr[data-total="opening"] td:last-child'), yuan(api.opening_fen));
		assert.equal(await text(page, 'tr[data-total="closing"] td:last-child'), yuan(api.closing_fen));
		const sum = (k) => api.items.reduce((t, x) => t + x[k], 0);
		assert.equal(api.opening_fen + sum('debit_fen') - sum('credit_fen'), api.closing_fen,
			'opening + debits - credits = closing (cash is a debit account)');
		await fitsTablet(page, 'ledger');
		// Another account and a month: 4101 诊查收入 of January.
		await page.selectOption('#ledger-account', '4101');
		await page.waitForSelector('#ledger h2:has-text("4101")');
		await page.selectOption('#statement-grain', 'month');
		await page.waitForSelector('#ledger h2 small:has-text("1 月")');
		await settled(page);
		const jan = await apiGet(page, `/api/v1/institutions/${clinic}/ledger?account=4101&period=${YEAR}-01`);
		assert.equal(await page.locator('#ledger-table tbody tr[data-seq]').count(), jan.items.length);
		assert.equal(await text(page, 'tr[data-total="closing"] td:last-child'), yuan(jan.closing_fen));
		await page.screenshot({ path: path.join(RESULTS, 'finance-ledger-tablet.png'), fullPage: true });
		await page.context().close();
	});

test('a manual voucher posts only when balanced, shows in the journal and is reversed in red',
	T, async () => {
		const { page, me } = await as('finance');
		const summary = `支付卫生院水电费 ${String(Date.now()).slice(-6)}`;
		await open(page, { tab: 'voucher' }, '#voucher-form');
		assert.equal(await page.isDisabled('#voucher-post'), true, 'nothing to post yet');
		await fitsTablet(page, 'voucher form');

		await page.fill('#voucher-summary', summary);
		await page.fill('#voucher-source', 'FP-2026-0815');
		await page.selectOption('#voucher-account-0', '5301');
		await page.fill('#voucher-line-debit-0', '120.50');
		await page.selectOption('#voucher-account-1', '1002');
		await page.fill('#voucher-line-credit-1', '100');
		// Unbalanced: the difference shows and 过账 stays disabled (SR-FIN-2).
		assert.equal(await text(page, '#voucher-diff'), '¥20.50');
		assert.equal(await page.isDisabled('#voucher-post'), true, 'unbalanced: no posting');
		assert.match(await text(page, '#voucher-why'), /借贷差额须为 0/);
		await page.screenshot({ path: path.join(RESULTS, 'finance-voucher-unbalanced.png') });
		await page.fill('#voucher-line-credit-1', '120.50');
		assert.equal(await text(page, '#voucher-diff'), '¥0.00');
		assert.equal(await page.isDisabled('#voucher-post'), false);
		await page.click('#voucher-post');
		await page.waitForSelector('#voucher-posted');
		const id = await page.getAttribute('#voucher-posted', 'data-id');
		const v = await apiGet(page, `/api/v1/vouchers/${id}`);
		assert.equal(v.institution_id, me.institution_id, 'in the centre\'s own book');
		assert.equal(v.summary, summary);
		assert.equal(v.total_fen, 12050, 'yuan typed, fen sent');
		assert.deepEqual(v.lines.map((l) => [l.account_code, l.debit_fen, l.credit_fen]),
			[['5301', 12050, 0], ['1002', 0, 12050]]);

		// An expense without its source document: the server refuses it, citing SR-FIN-2.
		const before = (await apiAll(page, `/api/v1/institutions/${me.institution_id}/journal`)).length;
		await page.fill('#voucher-summary', '购买办公用品');
		await page.selectOption('#voucher-account-0', '5303');
		await page.fill('#voucher-line-debit-0', '50');
		await page.selectOption('#voucher-account-1', '1002');
		await page.fill('#voucher-line-credit-1', '50');
		await page.click('#voucher-post');
		await page.waitForSelector('#voucher-error .form-error');
		assert.equal(await page.getAttribute('#voucher-error .form-error', 'data-rule'), 'SR-FIN-2');
		assert.match(await text(page, '#voucher-error'), /原始凭证.*（依据 SR-FIN-2）/);
		assert.equal(await page.getAttribute('#voucher-source', 'aria-invalid'), 'true');
		assert.equal((await apiAll(page, `/api/v1/institutions/${me.institution_id}/journal`)).length,
			before, 'nothing posted');
		await fitsTablet(page, 'voucher refusal');

		// The journal has it, newest first; 红字冲销 asks for a reason and posts the reversal.
		await page.click('#voucher-to-journal');
		await page.waitForSelector('#journal-table');
		await settled(page);
		const first = page.locator(`#journal-table tr.voucher-first[data-id="${id}"]`);
		assert.match(await first.textContent(), new RegExp(summary));
		assert.equal(await page.getAttribute('#journal-table tr.voucher-first', 'data-id'), id,
			'the newest voucher on top');
		await fitsTablet(page, 'journal with reversal buttons');
		await first.locator('[data-decision="reverse"]').click();
		await page.fill(`#decide-${id}-reason`, '摘要科目录错');
		await page.click(`#decide-${id} button[type=submit]`);
		await page.waitForSelector(`#journal-table tr.voucher-first[data-id="${id}"] .voucher-reversed`);
		await settled(page);
		const reversed = await apiGet(page, `/api/v1/vouchers/${id}`);
		assert.ok(reversed.reversed_by, 'the voucher points to its reversal');
		const red = await apiGet(page, `/api/v1/vouchers/${reversed.reversed_by}`);
		assert.equal(red.kind, 'reversal');
		assert.deepEqual(red.lines.map((l) => [l.account_code, l.debit_fen, l.credit_fen]),
			[['5301', 0, 12050], ['1002', 12050, 0]], 'sides swapped');
		const redRow = page.locator(`#journal-table tr.voucher-first[data-id="${red.id}"]`);
		assert.equal(await redRow.getAttribute('data-kind'), 'reversal');
		assert.equal(await page.locator(`tr.voucher-first[data-id="${id}"] [data-decision="reverse"]`).count(), 0,
			'a voucher is reversed once');
		assert.equal(await redRow.locator('[data-decision="reverse"]').count(), 0, 'a reversal is not reversed');
		await page.screenshot({ path: path.join(RESULTS, 'finance-journal-reversed.png') });
		await page.context().close();
	});

test('a month of payroll is run for the centre and its pay slips opened, once only', T, async () => {
	const { page, me } = await as('finance');
	const runs = (await apiAll(page, '/api/v1/payroll-runs'))
		.filter((r) => r.centre_id === me.institution_id).sort((a, b) => a.month.localeCompare(b.month));
	assert.ok(runs.length >= 12, 'the demo ran a year of payroll');
	const month = monthBefore(runs[0].month);
	assert.ok(!runs.some((r) => r.month === month), `${month} not run yet`);
	// Someone paid in the earliest and the latest run: assess them at 80 %.
	const [earliest, latest] = await Promise.all([apiGet(page, `/api/v1/payroll-runs/${runs[0].id}`),
		apiGet(page, `/api/v1/payroll-runs/${runs[runs.length - 1].id}`)]);
	const person = earliest.payslips.find((s) => latest.payslips.some((l) => l.person_id === s.person_id));
	assert.ok(person, 'a doctor paid all year');

	await open(page, { tab: 'payroll' }, '#payroll-form');
	assert.equal(await page.locator('#payroll-runs tbody tr').count(),
		(await apiAll(page, '/api/v1/payroll-runs')).length);
	await fitsTablet(page, 'payroll runs');
	await page.fill('#payroll-month', month);
	await page.click('#payroll-assessments summary');
	await page.fill(`#assess-${person.person_id}`, '80');
	await page.click('#payroll-run');
	await page.waitForSelector('#payroll-run-title');
	await settled(page);
	const runId = await page.getAttribute('#payroll-run-title', 'data-id');
	const run = await apiGet(page, `/api/v1/payroll-runs/${runId}`);
	assert.equal(run.month, month);
	assert.equal(run.centre_id, me.institution_id);
	assert.ok(run.payslips.length > 0);
	assert.equal(run.payslips.find((s) => s.person_id === person.person_id).assessment_pct, 80,
		'the assessment typed in went with the run');
	assert.equal(await page.locator('#payslip-table tbody tr').count(), run.payslips.length);
	for (const s of run.payslips) {
		const cells = await page.$$eval(`#payslip-table tr[data-person="${s.person_id}"] td`,
			(tds) => tds.map((td) => td.textContent.trim()));
		assert.match(cells[0], new RegExp(s.person_name));
		assert.deepEqual(cells.slice(1), [s.base_fen, s.performance_fen, s.increment_fen,
			s.employer_si_fen, s.personal_si_fen, s.net_fen].map(yuan), s.person_name);
	}
	assert.equal(await text(page, '#payroll-city'), yuan(run.city_fen));
	assert.equal(await text(page, '#payroll-district'), yuan(run.district_fen));
	assert.match(await text(page, '#payroll-totals'), new RegExp(yuan(run.net_fen).replace('.', '\\.')));
	await fitsTablet(page, 'pay slips');
	await page.screenshot({ path: path.join(RESULTS, 'finance-payslips-tablet.png'), fullPage: true });
	const sheet = readSheet(await downloaded(page, '#payslips-xlsx'));
	for (const s of run.payslips)
		assert.ok(sheet.some((r) => r.includes(s.person_name)), `${s.person_name} in payslips.xlsx`);

	// The same month again: refused, and the refusal is shown by the form.
	await open(page, { tab: 'payroll' }, '#payroll-form');
	await page.fill('#payroll-month', month);
	await page.click('#payroll-run');
	await page.waitForSelector('#payroll-error .form-error');
	assert.match(await text(page, '#payroll-error'), /已经计发/);
	assert.equal(await page.getAttribute('#payroll-month', 'aria-invalid'), 'true');
	await page.context().close();
});

test('a clinic\'s month is closed with its chain head sealed, then nothing posts into it, and the books verify',
	T, async () => {
		const { page } = await as('finance');
		// A clinic with receipts, preferably one whose doctors are not on the payroll (a
		// payroll posts into its clinics' books at the end of the month it pays).
		const paid = new Set((await apiAll(page, '/api/v1/payslips')).map((s) => s.clinic_id));
		const withReceipts = (await apiAll(page, '/api/v1/receipts')).map((r) => r.clinic_id);
		const clinic = withReceipts.find((c) => !paid.has(c)) || withReceipts[0];
		assert.ok(clinic, 'a clinic with receipts');
		const journal = `/api/v1/institutions/${clinic}/journal`;
		const firstVoucher = (await apiGet(page, `${journal}?from=1900-01-01&to=2200-12-31&limit=1`)).items[0];
		const month = firstVoucher.voucher_date.slice(0, 7);

		await open(page, { tab: 'closes', inst: clinic }, '#closed-through');
		assert.equal(await text(page, '#closed-through'), '尚未结账');
		assert.equal(await page.inputValue('#finance-book'), clinic, 'the chooser shows the book');
		const button = page.locator('[data-key="close"] [data-decision="close"]');
		assert.equal((await button.textContent()).trim(), `结账 ${month}`, 'the first open month');
		await button.click();
		assert.match(await text(page, '#decide-close'), /不能再记账/, 'asked to confirm');
		await page.click('#decide-close button[type=submit]');
		await page.waitForSelector(`#closes-table tr[data-month="${month}"]`);
		await settled(page);
		const closes = (await apiGet(page, `/api/v1/institutions/${clinic}/closes`)).items;
		assert.deepEqual(closes.map((c) => c.month), [month]);
		assert.equal(await text(page, '#closed-through'), month);
		const cells = await page.$$eval(`#closes-table tr[data-month="${month}"] td`,
			(tds) => tds.map((td) => td.textContent.trim()));
		assert.deepEqual(cells.slice(0, 4), [month, yuan(closes[0].debit_fen), yuan(closes[0].credit_fen),
			String(closes[0].head_seq)]);
		assert.equal(cells[4], closes[0].head_hash.slice(0, 16), 'the sealed head hash');
		await fitsTablet(page, 'month close');

		// 校验账簿: every book of the clinic checks out.
		await page.click('#books-verify');
		await page.waitForSelector('#verify-result');
		const v = await apiGet(page, `/api/v1/institutions/${clinic}/books/verify`);
		assert.equal(v.ok, true);
		assert.equal(await page.getAttribute('#verify-result', 'data-ok'), 'true');
		assert.match(await text(page, '#verify-result'), /ok/);
		assert.match(await text(page, '#verify-result'), new RegExp(`${v.postings} 条分录`));
		await page.screenshot({ path: path.join(RESULTS, 'finance-closes-tablet.png'), fullPage: true });

		// A voucher dated in the closed month is refused, citing SR-FIN-2.
		await open(page, { tab: 'voucher', inst: clinic }, '#voucher-form');
		await page.fill('#voucher-date', `${month}-15`);
		await page.fill('#voucher-summary', '补记利息收入');
		await page.selectOption('#voucher-account-0', '1002');
		await page.fill('#voucher-line-debit-0', '10');
		await page.selectOption('#voucher-account-1', '4901');
		await page.fill('#voucher-line-credit-1', '10');
		await page.click('#voucher-post');
		await page.waitForSelector('#voucher-error .form-error');
		assert.match(await text(page, '#voucher-error'), new RegExp(`已结至 ${month}.*SR-FIN-2`));
		assert.equal(await page.getAttribute('#voucher-date', 'aria-invalid'), 'true');
		await page.context().close();
	});

test('assets are registered, checked with one missing (the SR-FIN-5 alert) and its disposal requested',
	T, async () => {
		const { page, me } = await as('finance');
		const name = `全自动生化分析仪 ${String(Date.now()).slice(-5)}`;
		await open(page, { tab: 'assets' }, '#asset-register');
		await fitsTablet(page, 'asset register');
		await page.click('#asset-new');
		await page.selectOption('#asset-form-institution_id', me.institution_id);
		await page.selectOption('#asset-form-category', 'equipment');
		await page.fill('#asset-form-description', name);
		await page.fill('#asset-form-value_fen', '3280.50');
		await page.fill('#asset-form-acquired_on', '2024-05-10');
		await page.fill('#asset-form-funding_source', '自筹资金');
		await page.fill('#asset-form-location', '检验室');
		await page.click('#asset-form button[type=submit]');
		await page.waitForSelector('#asset-form', { state: 'detached' });
		await settled(page);
		const mine = await apiAll(page, `/api/v1/assets?institution_id=${me.institution_id}`);
		const asset = mine.find((a) => a.description === name);
		assert.ok(asset, 'registered');
		assert.equal(asset.value_fen, 328050, 'yuan typed, fen stored');
		assert.equal(asset.owner_id, me.institution_id, 'owned by the centre');
		const tr = page.locator(`#asset-table tr[data-id="${asset.id}"]`);
		await tr.waitFor();
		assert.match(await tr.textContent(), /¥3280\.50/);
		assert.match(await tr.textContent(), new RegExp(asset.asset_no));
		// A second one through the API, so that the check has one found and one missing.
		const other = await apiSend(page, 'POST', '/api/v1/assets', {
			institution_id: me.institution_id, category: 'furniture', description: '文件柜',
			value_fen: 120000, acquired_on: '2023-03-01', funding_source: '自筹资金',
		});
		assert.equal(other.status, 201, JSON.stringify(other.body));

		// The .xlsx of the register has the new asset.
		const sheet = readSheet(await downloaded(page, '#assets-xlsx'));
		assert.ok(sheet.some((r) => r.includes(asset.asset_no)), 'the asset in assets.xlsx');

		// The check lists every asset of the centre; one is missing, the rest found.
		await page.click('#check-new');
		await page.selectOption('#check-form-institution_id', me.institution_id);
		await page.click('#check-form button[type=submit]');
		await page.waitForSelector('#check-table');
		await settled(page);
		const checkId = await page.getAttribute('#check-title', 'data-id');
		let check = await apiGet(page, `/api/v1/asset-checks/${checkId}`);
		assert.equal(await page.locator('#check-table tbody tr').count(), check.lines.length);
		assert.ok(check.lines.some((l) => l.asset_id === other.body.id));
		await page.selectOption(`#result-${asset.id}`, 'missing');
		await page.fill(`#note-${asset.id}`, '清查时未找到，正在追查');
		await page.click('#check-all-found');
		assert.equal(await page.inputValue(`#result-${other.body.id}`), 'found');
		await fitsTablet(page, 'asset check');
		await page.click('[data-key="check-close"] [data-decision="close"]');
		await page.click('#decide-check-close button[type=submit]');
		await page.waitForSelector('#check-alerts');
		await settled(page);
		check = await apiGet(page, `/api/v1/asset-checks/${checkId}`);
		assert.equal(check.status, 'closed');
		assert.equal(check.missing_count, 1);
		assert.equal(await text(page, '#check-missing'), '1');
		const alert = page.locator('#check-alerts .alert-item[data-rule="SR-FIN-5"]');
		assert.equal(await alert.count(), 1, 'the server\'s missing-asset alert');
		assert.match(await alert.textContent(), new RegExp(asset.asset_no));
		assert.equal((await apiGet(page, `/api/v1/assets/${asset.id}`)).state, 'missing');
		assert.equal((await apiGet(page, `/api/v1/assets/${other.body.id}`)).state, 'in_use');
		assert.equal(await page.locator('#check-table select').count(), 0, 'closed: no more changes');
		await page.screenshot({ path: path.join(RESULTS, 'finance-asset-check-tablet.png'), fullPage: true });

		// The missing asset's disposal (核销) goes to the county.
		await open(page, { tab: 'assets' }, '#asset-register');
		await page.click(`.asset-request[data-asset="${asset.id}"]`);
		await page.selectOption(`#asset-request-${asset.id}-kind`, 'disposal');
		await page.fill(`#asset-request-${asset.id}-reason`, '清查缺失，追查无果，申请核销');
		await page.click(`#asset-request-${asset.id} button[type=submit]`);
		await page.waitForSelector(`#asset-table tr[data-id="${asset.id}"] .badge-plan`);
		const requests = await apiAll(page, `/api/v1/asset-requests?asset_id=${asset.id}`);
		assert.deepEqual(requests.map((r) => [r.kind, r.status]), [['disposal', 'pending']]);
		assert.ok(await page.locator(`#asset-requests tr[data-id="${requests[0].id}"]`).count());
		await page.context().close();
	});

test('the county approves a disposal from the assets tab', T, async () => {
	const finance = await as('finance');
	const made = await apiSend(finance.page, 'POST', '/api/v1/assets', {
		institution_id: finance.me.institution_id, category: 'equipment', description: '旧血压计',
		value_fen: 35000, acquired_on: '2015-06-01', funding_source: '财政专项资金',
	});
	assert.equal(made.status, 201, JSON.stringify(made.body));
	const req = await apiSend(finance.page, 'POST', `/api/v1/assets/${made.body.id}/requests`,
		{ kind: 'disposal', reason: '使用超过 10 年，无法校准' });
	assert.equal(req.status, 201, JSON.stringify(req.body));
	await finance.page.context().close();

	const { page } = await as('county');
	await open(page, {}, '.tabs');
	assert.deepEqual(await page.$$eval('.tabs [data-tab]', (a) => a.map((x) => x.dataset.tab)),
		['statements', 'assets', 'audits']);
	await open(page, { tab: 'assets' }, '#asset-requests');
	const tr = page.locator(`#asset-requests tr[data-id="${req.body.id}"]`);
	assert.equal(await tr.getAttribute('data-status'), 'pending');
	await fitsTablet(page, 'county assets');
	await tr.locator('[data-decision="approve"]').click();
	await page.fill(`#decide-${req.body.id}-note`, '同意报废');
	await page.click(`#decide-${req.body.id} button[type=submit]`);
	await page.waitForSelector(`#asset-requests tr[data-id="${req.body.id}"][data-status="approved"]`);
	const decided = await apiGet(page, `/api/v1/asset-requests?asset_id=${made.body.id}`);
	assert.equal(decided.items[0].status, 'approved');
	assert.equal((await apiGet(page, `/api/v1/assets/${made.body.id}`)).state, 'disposed');
	await page.screenshot({ path: path.join(RESULTS, 'finance-county-assets.png') });
	await page.context().close();
});

test('an audit visit is recorded with its findings, the overdue one marked', T, async () => {
	const { page } = await as('finance');
	const clinic = (await apiAll(page, '/api/v1/receipts'))[0].clinic_id;
	const scope = `现金日记账与收费票据 ${String(Date.now()).slice(-5)}`;
	await open(page, { tab: 'audits' }, '#audit-findings-part');
	await page.click('#visit-new');
	await page.selectOption('#visit-institution', clinic);
	await page.fill('#visit-date', day(-60));
	await page.fill('#visit-scope', scope);
	await page.fill('#visit-summary', '票据管理基本规范，个别现金未及时上缴。');
	await page.fill('#finding-description-0', '3 笔现金收入超过 7 天未上缴');
	await page.fill('#finding-rectification-0', '立即上缴，建立按周上缴制度');
	await page.fill('#finding-deadline-0', day(-30));
	await page.click('#visit-add-finding');
	await page.fill('#finding-description-1', '收费项目未公示');
	await page.fill('#finding-rectification-1', '在室内醒目位置公示收费项目和标准');
	// The second finding due before the visit: the server refuses the whole visit, the
	// message names that finding and its deadline is marked; nothing is saved.
	await page.fill('#finding-deadline-1', day(-61));
	await page.click('#visit-save');
	await page.waitForSelector('#visit-error .form-error');
	assert.match(await page.textContent('#visit-error'), /第 2 条问题/);
	assert.equal(await page.getAttribute('#finding-deadline-1', 'aria-invalid'), 'true');
	const none = await apiGet(page, `/api/v1/audit-visits?institution_id=${clinic}&limit=500`);
	assert.ok(!none.items.some((v) => v.scope === scope), 'a refused visit is not saved');
	await page.fill('#finding-deadline-1', day(30));
	await fitsTablet(page, 'audit visit form');
	await page.click('#visit-save');
	await page.waitForSelector('#visit-title');
	await settled(page);
	const visitId = await page.getAttribute('#visit-title', 'data-id');
	const visit = await apiGet(page, `/api/v1/audit-visits/${visitId}`);
	assert.equal(visit.scope, scope);
	assert.equal(visit.by_level, 'centre');
	assert.equal(visit.institution_id, clinic);
	assert.deepEqual(visit.findings.map((f) => [f.deadline, f.overdue]).sort(),
		[[day(-30), true], [day(30), false]]);
	const late = visit.findings.find((f) => f.overdue);
	assert.equal(await page.locator('#visit-findings-table tbody tr[data-id]').count(), 2);
	assert.equal(await page.locator(`#visit-findings-table tr[data-id="${late.id}"] .finding-overdue`).count(), 1);
	await fitsTablet(page, 'audit visit');

	// Every finding: the overdue one first and marked; the count of overdue matches.
	await open(page, { tab: 'audits' }, '#audit-findings');
	const all = await apiAll(page, '/api/v1/audit-findings');
	assert.equal(await text(page, '#findings-overdue'), String(all.filter((f) => f.overdue).length));
	assert.equal(await page.getAttribute(`#audit-findings tr[data-id="${late.id}"]`, 'data-overdue'), 'true');
	assert.equal(await page.getAttribute('#audit-findings tbody tr[data-id]', 'data-overdue'), 'true',
		'overdue first');
	// Confirming the rectification of the other one.
	const onTime = visit.findings.find((f) => !f.overdue);
	await page.click(`#audit-findings tr[data-id="${onTime.id}"] [data-decision="rectified"]`);
	await page.fill(`#decide-${onTime.id}-note`, '已在室内公示');
	await page.click(`#decide-${onTime.id} button[type=submit]`);
	await page.waitForSelector(`#audit-findings tr[data-id="${onTime.id}"][data-status="rectified"]`);
	await fitsTablet(page, 'audit findings');
	await page.screenshot({ path: path.join(RESULTS, 'finance-audits-tablet.png'), fullPage: true });
	await page.context().close();
});

/* Sign in as USER (read-only in finance), check the tabs offered are TABS, and open every
 * screen of them, sub-views too: none has a write button or a form. */
async function readOnly(user, tabs) {
	const { page } = await as(user);
	await open(page, {}, '.tabs');
	assert.deepEqual(await page.$$eval('.tabs [data-tab]', (a) => a.map((x) => x.dataset.tab)), tabs);
	const tree = await apiGet(page, '/api/v1/tree');
	const centre = tree.items[0].children.find((c) => c.kind === 'centre' &&
		c.children.some((x) => x.status === 'open'));
	const clinic = centre.children.find((x) => x.status === 'open').id;
	const check = (await apiGet(page, '/api/v1/asset-checks?limit=1')).items[0];
	const visit = (await apiGet(page, '/api/v1/audit-visits?limit=1')).items[0];
	const screens = [
		['journal', { inst: clinic }, '#journal-table'],
		['ledger', { inst: clinic }, '#ledger-table'],
		['book', { inst: clinic }, '#balance-table'],
		['statements', {}, '#statement-table'],
		['statements', { kind: 'balance_sheet', inst: centre.id }, '#statement-table'],
		['closes', { inst: clinic }, '#closed-through'],
		['payroll', {}, '#payroll-runs'],
		['assets', {}, '#asset-table'],
		['assets', { check: check.id }, '#check-table'],
		['audits', {}, '#audit-findings'],
		['audits', { visit: visit.id }, '#visit-title'],
	];
	if (tabs.includes('payroll')) {
		const run = (await apiGet(page, '/api/v1/payroll-runs?limit=1')).items[0];
		screens.push(['payroll', { run: run.id }, '#payslip-table']);
	}
	for (const [tab, params, selector] of screens.filter(([t]) => tabs.includes(t))) {
		await open(page, { tab, ...params }, selector);
		const what = `${user} ${tab} ${JSON.stringify(params)}`;
		assert.deepEqual(await writeControls(page), [], `${what}: no write buttons`);
		assert.equal(await page.locator('main form').count(), 0, `${what}: no forms`);
		await fitsTablet(page, what);
	}
	// The tabs that write are not offered at all, even by their address.
	await page.goto('/#/finance?tab=voucher');
	await page.waitForSelector('.tabs [aria-pressed="true"]');
	assert.notEqual(await page.getAttribute('.tabs [aria-pressed="true"]', 'data-tab'), 'voucher');
	return { page, clinic };
}

test('the auditor reads every finance screen and finds no write button', T, async () => {
	const { page, clinic } = await readOnly('auditor',
		['journal', 'ledger', 'book', 'statements', 'closes', 'payroll', 'assets', 'audits']);
	// Reading the books' chain is what an auditor does: 校验账簿 is there, and says ok.
	await open(page, { tab: 'closes', inst: clinic }, '#books-verify');
	await page.click('#books-verify');
	await page.waitForSelector('#verify-result[data-ok="true"]');
	await page.screenshot({ path: path.join(RESULTS, 'finance-auditor-tablet.png') });
	await page.context().close();
});

test('insurance reads the books, statements, assets and audits without a write button', T, async () => {
	const { page } = await readOnly('insurance', ['journal', 'ledger', 'book', 'statements', 'assets', 'audits']);
	await page.context().close();
});

test('a village doctor gets the desk, takings, journal and only their own pay slips', T, async () => {
	const { page, me } = await as('clinic');
	// The demo links the clinic sign-in to the head of its clinic, who is on the payroll.
	const mine = await apiAll(page, '/api/v1/payslips');
	const centre = await as('centre');
	const slips = await apiAll(centre.page, '/api/v1/payslips');
	await centre.page.context().close();
	assert.ok(mine.length > 0, 'a doctor on the payroll');
	const person = mine[0].person_id;
	assert.ok(mine.every((s) => s.person_id === person), 'only their own');
	assert.equal(mine.length, slips.filter((s) => s.person_id === person).length);

	await open(page, {}, '.tabs');
	assert.deepEqual(await page.$$eval('.tabs [data-tab]', (a) => a.map((x) => x.dataset.tab)),
		['desk', 'takings', 'journal', 'ledger', 'mypay']);
	await page.click('.tabs [data-tab="mypay"]');
	await page.waitForSelector('#mypay-table');
	await settled(page);
	const rows = await page.$$eval('#mypay-table tbody tr', (trs) => trs.map((tr) =>
		[tr.dataset.id, tr.lastElementChild.textContent.trim()]));
	assert.deepEqual(rows, [...mine].sort((a, b) => b.month.localeCompare(a.month))
		.map((s) => [s.id, yuan(s.net_fen)]));
	await fitsTablet(page, 'my pay slips');
	assert.equal(await page.locator('#payslips-xlsx').count(), 0);
	await page.screenshot({ path: path.join(RESULTS, 'finance-mypay-tablet.png') });
	await page.context().close();
});
