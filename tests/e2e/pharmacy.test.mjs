// SPDX-License-Identifier: MIT
// The drugs pages as a village doctor uses them on a 768×1024 tablet: a delivery from the
// centre is waiting; the doctor receives it (stock enters the clinic only this way,
// SR-DRG-2), dispenses from it (the lot first-expiry-first-out took, priced at its cost,
// SR-DRG-1) and sees the stock fall. The delivery is set up through the API first: the
// county adds a catalogue item; the pharmacist orders it and receives two lots; the clinic
// requests it and the pharmacist approves and ships — so the test needs nothing of the demo.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
	apiGet, apiSend, demoSession, RESULTS, settled, signIn, TABLET,
} from './lib.mjs';

const openPage = demoSession();

const pad = (n) => String(n).padStart(2, '0');
/* The ISO date DAYS from today. */
function inDays(days) {
	const d = new Date();
	d.setDate(d.getDate() + days);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/* METHOD PATH as the user signed in on PAGE; asserts the status and returns the body. */
async function call(page, method, apiPath, body, status) {
	const res = await apiSend(page, method, apiPath, body);
	assert.equal(res.status, status, `${method} ${apiPath}: ${JSON.stringify(res.body)}`);
	return res.body;
}

/* As the county (it keeps the catalogue): an item; as the centre's pharmacist: an order of two lines received into two lots (the
 * earlier expiry cheaper), the clinic's request for REQUESTED units, approval cut to
 * APPROVED, shipping. Resolves to what the browser part checks. */
async function setUpDelivery(county, pharmacist, doctor, requested, approved) {
	const centre = (await apiGet(pharmacist, '/api/v1/session')).user.institution_id;
	const clinic = (await apiGet(doctor, '/api/v1/session')).user.institution_id;
	const tag = String(Date.now()).slice(-6);
	const item = await call(county, 'POST', '/api/v1/items', {
		kind: 'drug', generic_name: `阿莫西林胶囊${tag}`, strength: '0.25g', dosage_form: '胶囊剂',
		package_unit: '盒', base_unit: '粒', units_per_package: 24, manufacturer: '广西某制药有限公司',
		approval_no: `国药准字H45${tag}`, essential: true,
	}, 201);
	const order = await call(pharmacist, 'POST', '/api/v1/purchase-orders', {
		centre_id: centre, supplier: '广西医药有限公司', platform_order_no: `GX${tag}`,
		ordered_on: inDays(0), lines: [
			{ item_id: item.id, quantity: 240, unit_price_fen: 15 },
			{ item_id: item.id, quantity: 240, unit_price_fen: 12 },
		],
	}, 201);
	const full = order.lines ? order : await call(pharmacist, 'GET',
		`/api/v1/purchase-orders/${order.id}`, undefined, 200);
	const [late, early] = full.lines;
	const lots = { early: `E${tag}`, late: `L${tag}` };
	await call(pharmacist, 'POST', `/api/v1/purchase-orders/${order.id}/receipt`, { lines: [
		{ line_id: late.id, lot_no: lots.late, expiry_date: inDays(600), quantity: 240,
			unit_cost_fen: 15 },
		{ line_id: early.id, lot_no: lots.early, expiry_date: inDays(200), quantity: 240,
			unit_cost_fen: 12 },
	] }, 200);
	const req = await call(doctor, 'POST', '/api/v1/stock-requests', {
		clinic_id: clinic, note: '门诊常用', lines: [{ item_id: item.id, requested }],
	}, 201);
	const detail = req.lines ? req : await call(pharmacist, 'GET',
		`/api/v1/stock-requests/${req.id}`, undefined, 200);
	await call(pharmacist, 'POST', `/api/v1/stock-requests/${req.id}/decision`, {
		decision: 'approve', lines: [{ line_id: detail.lines[0].id, approved }],
	}, 200);
	const delivery = await call(pharmacist, 'POST', `/api/v1/stock-requests/${req.id}/ship`, {}, 201);
	return { item, clinic, lots, delivery };
}

/* The units of ITEM on the stock card on screen (the rows carry their quantity). */
function onHand(page, itemId) {
	return page.$$eval(`#stock-table tr[data-item="${itemId}"]`, (rows) =>
		rows.reduce((t, r) => t + Number(r.dataset.quantity || 0), 0));
}

async function fitsTablet(page, what) {
	const { scroll, width } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth, width: window.innerWidth,
	}));
	assert.ok(scroll <= width, `${what} at 768 px: ${scroll} wide`);
	const small = await page.$$eval('main .btn, main button, main select, main input:not([type=checkbox])',
		(els) => els.filter((e) => e.offsetParent !== null)
			.filter((e) => e.getBoundingClientRect().height < 44)
			.map((e) => e.textContent.trim() || e.id || e.outerHTML.slice(0, 60)));
	assert.deepEqual(small, [], `${what}: touch targets under 44 px`);
}

test('a clinic receives a delivery, dispenses from it and sees its stock fall', {
	timeout: 180000,
}, async () => {
	const county = await openPage(TABLET);
	await signIn(county, 'county');
	const pharmacist = await openPage(TABLET);
	await signIn(pharmacist, 'pharmacy');
	const doctor = await openPage(TABLET);
	await signIn(doctor, 'clinic');
	const { item, clinic, lots } = await setUpDelivery(county, pharmacist, doctor, 60, 48);

	// The pharmacy's stock card says a delivery is waiting; the doctor opens it.
	await doctor.goto('/#/pharmacy');
	await settled(doctor);
	await doctor.waitForSelector('#deliveries-waiting');
	assert.equal(await onHand(doctor, item.id), 0, 'nothing of the item before the receipt');
	await doctor.click('#deliveries-waiting');
	const form = doctor.locator('.receive-form', { hasText: item.generic_name });
	await form.waitFor();
	await settled(doctor);
	// The centre shipped the approved 48 from the lot that expires first (FEFO).
	const shipped = await form.locator('tbody tr').allTextContents();
	assert.equal(shipped.length, 1, shipped.join(' | '));
	assert.match(shipped[0], new RegExp(lots.early), 'the earlier-expiring lot was shipped');
	assert.equal(await form.locator('input.receive-qty').inputValue(), '48');
	await fitsTablet(doctor, 'receive tab');
	await doctor.screenshot({ path: path.join(RESULTS, 'pharmacy-receive-tablet.png'), fullPage: true });
	await form.locator('button[type=submit]').click();

	// Received: back on the stock card, 48 units of the early lot.
	await doctor.waitForSelector(`#stock-table tr[data-item="${item.id}"]`);
	await settled(doctor);
	assert.equal(await onHand(doctor, item.id), 48, 'the delivery entered the clinic');
	assert.equal(await doctor.locator('#deliveries-waiting').count(), 0, 'nothing left to receive');
	const card = (await apiGet(doctor, `/api/v1/institutions/${clinic}/stock`)).items
		.filter((s) => s.item_id === item.id);
	assert.equal(card.reduce((t, s) => t + Number(s.quantity), 0), 48, 'the API agrees');

	// Its movements: one delivery_in of 48.
	await doctor.click(`#stock-table tr[data-item="${item.id}"] .lot-moves`);
	await doctor.waitForSelector('#movement-table tr[data-kind="delivery_in"]');
	assert.match(await doctor.textContent('#movement-table tr[data-kind="delivery_in"]'), /\+48/);

	// Dispense 30 units: FEFO takes the early lot at its cost, 12 fen a unit.
	await doctor.click('.tabs [data-tab="dispense"]');
	await doctor.waitForSelector('#dispense-form');
	await settled(doctor);
	await doctor.selectOption('#dispense-form-item_id', item.id);
	await doctor.fill('#dispense-form-quantity', '30');
	await doctor.fill('#dispense-form-patient_ref', 'MZ-0001');
	await fitsTablet(doctor, 'dispense tab');
	await doctor.click('#dispense-form button[type=submit]');
	await doctor.waitForSelector('#dispense-result');
	const lines = await doctor.$$eval('#dispense-lines tbody tr', (rows) =>
		rows.map((r) => r.textContent));
	assert.equal(lines.length, 1, lines.join(' | '));
	assert.match(lines[0], new RegExp(lots.early), 'FEFO took the earlier-expiring lot');
	assert.match(lines[0], /¥0\.12/, 'priced at the lot cost (zero mark-up)');
	assert.equal((await doctor.textContent('#dispense-total')).trim(), '¥3.60');
	await doctor.screenshot({ path: path.join(RESULTS, 'pharmacy-dispense-tablet.png'), fullPage: true });

	// The stock card shows the fall: 48 − 30 = 18, and the dispense in the ledger.
	await doctor.click('.tabs [data-tab="stock"]');
	await doctor.waitForSelector(`#stock-table tr[data-item="${item.id}"]`);
	await settled(doctor);
	assert.equal(await onHand(doctor, item.id), 18, 'the stock fell by what was dispensed');
	await doctor.click(`#stock-table tr[data-item="${item.id}"] .lot-moves`);
	await doctor.waitForSelector('#movement-table tr[data-kind="dispense"]');
	assert.match(await doctor.textContent('#movement-table tr[data-kind="dispense"]'), /-30/);
	await fitsTablet(doctor, 'stock card');
	await doctor.evaluate(() => window.scrollTo(0, 0));
	await doctor.screenshot({ path: path.join(RESULTS, 'pharmacy-stock-tablet.png'), fullPage: true });
	await county.context().close();
	await pharmacist.context().close();
	await doctor.context().close();
});
