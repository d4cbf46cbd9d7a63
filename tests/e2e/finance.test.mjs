// SPDX-License-Identifier: MIT
// The finance pages (财务) as a village doctor uses them on a 768×1024 tablet: issue a
// receipt at the desk (收费), open its print view and find the payer, the amount and its
// cash / insurance split there, then find its voucher in this year's journal (序时账).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { apiGet, demoSession, RESULTS, settled, signIn, TABLET } from './lib.mjs';

const openPage = demoSession();

async function fitsTablet(page, what) {
	const { scroll, width } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth, width: window.innerWidth,
	}));
	assert.ok(scroll <= width, `${what} at 768 px: ${scroll} wide`);
	const small = await page.$$eval('main .btn, main button, main select, main input',
		(els) => els.filter((e) => e.offsetParent !== null)
			.filter((e) => e.getBoundingClientRect().height < 44)
			.map((e) => e.textContent.trim() || e.id || e.outerHTML.slice(0, 60)));
	assert.deepEqual(small, [], `${what}: touch targets under 44 px`);
}

test('a village doctor issues a receipt, prints it and finds it in the journal', {
	timeout: 120000,
}, async () => {
	const doctor = await openPage(TABLET);
	await signIn(doctor, 'clinic');
	const me = (await apiGet(doctor, '/api/v1/session')).user;
	const payer = `患者${String(Date.now()).slice(-5)}`;

	// The navigation has 财务; the desk is its first tab.
	await doctor.click('#nav a[data-path="/finance"]');
	await doctor.waitForSelector('#receipt-form');
	await settled(doctor);
	await fitsTablet(doctor, 'receipt desk');

	// 诊查费 12.50 + 中医治疗费 30 = 42.50, of which 5.00 paid by insurance.
	await doctor.fill('#receipt-form-payer', payer);
	await doctor.fill('#receipt-form-consultation', '12.50');
	await doctor.fill('#receipt-form-tcm', '30');
	await doctor.fill('#receipt-form-insurance', '5');
	assert.equal((await doctor.textContent('#receipt-form-total')).trim(), '¥42.50');
	await doctor.click('#receipt-form button[type=submit]');
	await doctor.waitForSelector('#receipt-issued');
	const id = await doctor.getAttribute('#receipt-issued', 'data-id');
	const r = await apiGet(doctor, `/api/v1/receipts/${id}`);
	assert.equal(r.payer, payer);
	assert.equal(r.total_fen, 4250, 'the server has the amounts in fen');
	assert.equal(r.insurance_fen, 500);
	assert.equal(r.cash_fen, 3750);
	const no = `${r.year}-${String(r.serial).padStart(6, '0')}`;
	assert.match(await doctor.textContent('#receipt-issued'), new RegExp(no));
	await doctor.screenshot({ path: path.join(RESULTS, 'finance-desk-tablet.png'), fullPage: true });

	// The print view: clinic, 票号, date, payer, lines, total and the split.
	await doctor.click('#receipt-print-link');
	await doctor.waitForSelector('#receipt');
	await settled(doctor);
	assert.equal((await doctor.textContent('#receipt-payer')).trim(), payer);
	assert.equal((await doctor.textContent('#receipt-no')).trim(), no);
	assert.equal((await doctor.textContent('#receipt-clinic')).trim(), me.institution_name);
	assert.equal((await doctor.textContent('#receipt-total')).trim(), '¥42.50');
	assert.equal((await doctor.textContent('#receipt-cash')).trim(), '¥37.50');
	assert.equal((await doctor.textContent('#receipt-insurance')).trim(), '¥5.00');
	assert.equal(await doctor.locator('#receipt-lines tbody tr').count(), 2);
	assert.equal(await doctor.locator('#receipt-void').count(), 0, 'not cancelled');
	// Printed, the navigation and the buttons go; the receipt stays.
	await doctor.emulateMedia({ media: 'print' });
	assert.equal(await doctor.isVisible('#top'), false, 'no header on paper');
	assert.equal(await doctor.isVisible('#print-receipt'), false, 'no buttons on paper');
	assert.equal(await doctor.isVisible('#receipt-payer'), true);
	await doctor.screenshot({ path: path.join(RESULTS, 'finance-receipt-print.png'), fullPage: true });
	await doctor.emulateMedia({ media: 'screen' });

	// The journal of this year: the receipt's voucher, newest first, with its amount.
	await doctor.goto('/#/finance?tab=journal');
	await doctor.waitForSelector('#journal-table');
	await settled(doctor);
	const voucher = doctor.locator('#journal-table tr.voucher-first', { hasText: no });
	assert.equal(await voucher.count(), 1, `one voucher for receipt ${no}`);
	assert.match(await voucher.textContent(), new RegExp(payer));
	const id2 = await voucher.getAttribute('data-id');
	assert.equal(id2, r.voucher_id, 'the voucher the receipt posted');
	const lines = await doctor.$$eval(`#journal-table tr[data-id="${id2}"]`,
		(rows) => rows.map((x) => x.textContent).join(' | '));
	assert.match(lines, /¥37\.50/, 'cash debited');
	assert.match(lines, /¥5\.00/, 'insurance receivable debited');
	await fitsTablet(doctor, 'journal');
	await doctor.screenshot({ path: path.join(RESULTS, 'finance-journal-tablet.png') });

	// The takings not handed in include it, and 上缴 is there to press.
	await doctor.click('.tabs [data-tab="takings"]');
	await doctor.waitForSelector('#remit');
	await settled(doctor);
	const t = await apiGet(doctor, `/api/v1/institutions/${me.institution_id}/takings`);
	assert.ok(t.outstanding_fen >= 3750, 'the cash is outstanding');
	assert.match(await doctor.textContent('#takings-outstanding'), /¥\d+\.\d\d/);

	// A mistaken receipt is cancelled, never removed: its view then says 作废 with the reason.
	await doctor.goto(`/#/receipts/${id}`);
	await doctor.waitForSelector('#cancel-reason');
	await doctor.fill('#cancel-reason', '收费有误');
	await doctor.click('#cancel-receipt');
	await doctor.waitForSelector('#receipt-void');
	assert.equal((await doctor.textContent('#receipt-status')).trim(), '作废');
	assert.match(await doctor.textContent('#receipt'), /收费有误/);
	assert.equal((await apiGet(doctor, `/api/v1/receipts/${id}`)).status, 'cancelled');
	await doctor.screenshot({ path: path.join(RESULTS, 'finance-receipt-cancelled.png') });
	await doctor.context().close();
});
