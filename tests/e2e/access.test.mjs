// SPDX-License-Identifier: MIT
// Sign-in refusals, what each role sees (a village doctor: their own clinic, read-only;
// a centre manager: the centre's clinics), errors with a retry, the alerts page, and the
// layout on a 768×1024 tablet and a phone: no horizontal scrolling, touch-size targets.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
	apiAll, apiGet, CJK, demoSession, PHONE, RESULTS, settled, signIn, TABLET,
} from './lib.mjs';

const openPage = demoSession();

/* Submit the sign-in form and wait until it is ready for another try. */
async function trySignIn(page, username, password) {
	await page.fill('#username', username);
	await page.fill('#password', password);
	await page.click('form button[type=submit]');
	await page.waitForFunction(() =>
		!document.querySelector('form button[type=submit]')?.disabled);
}

test('a wrong password shows the server\'s Chinese error on the sign-in page', {
	timeout: 60000,
}, async () => {
	const page = await openPage();
	await page.goto('/');
	await trySignIn(page, 'county', 'wrong-password');
	const error = page.locator('.form-error p').first();
	await error.waitFor();
	const text = await error.textContent();
	assert.match(text, CJK, `a Chinese message: ${text}`);
	assert.ok(await page.locator('#top').isHidden(), 'still signed out');
	assert.equal(await page.inputValue('#password'), '', 'the password is cleared');
	await page.context().close();
});

test('five wrong passwords lock the account and the page says for how long', {
	timeout: 60000,
}, async () => {
	const page = await openPage();
	await page.goto('/');
	for (let i = 0; i < 6 && !(await page.locator('.lock-hint').count()); i++)
		await trySignIn(page, 'auditor', `wrong-${i}`);
	const text = await page.textContent('.form-error');
	assert.match(text, /锁定/, text);
	assert.match(text, /15 ?分钟/, text);
	await page.context().close();
});

test('a village doctor sees their own clinic without tick boxes or an edit button', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'clinic');
	await page.waitForSelector('#checklist .checklist');
	await settled(page);
	const me = (await apiGet(page, '/api/v1/session')).user;
	assert.equal(await page.textContent('h1'), me.institution_name);
	const list = `/api/v1/institutions/${me.institution_id}/checklist`;
	const items = (await apiGet(page, list)).items;
	assert.ok(items.length > 0);
	assert.equal(await page.locator('#checklist .check-item').count(), items.length);
	assert.equal(await page.locator('input[type=checkbox]').count(), 0, 'no tick boxes');
	assert.equal(await page.locator('#edit').count(), 0, 'no edit button');
	assert.equal(await page.locator('#nav a[data-path="/tree"]').count(), 0, 'no tree');
	const shot = path.join(RESULTS, 'home-clinic-tablet.png');
	await page.screenshot({ path: shot, fullPage: true });
	await page.click('#signout');
	await page.waitForSelector('#username');
	assert.ok(await page.locator('#top').isHidden(), 'signed out');
	await page.context().close();
});

test('a failed request shows a Chinese error with a retry that recovers', {
	timeout: 60000,
}, async () => {
	const page = await openPage();
	await signIn(page, 'county');
	await page.route('**/api/v1/tree', (route) => route.abort('internetdisconnected'));
	await page.goto('/#/tree');
	const box = page.locator('main .error-box');
	await box.waitFor();
	assert.match(await box.textContent(), /无法连接服务器/);
	await page.unroute('**/api/v1/tree');
	await box.locator('button', { hasText: '重试' }).click();
	await page.waitForSelector('.tree-root');
	await page.context().close();
});

test('a centre manager\'s home lists the centre\'s clinics with their progress', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	await page.waitForSelector('.clinic-card, .empty');
	await settled(page);
	const clinics = await apiAll(page, '/api/v1/institutions?kind=clinic');
	assert.ok(clinics.length > 0, 'the demo centre has clinics');
	assert.equal(await page.locator('.clinic-card').count(), clinics.length);
	assert.equal(await page.locator('.clinic-card .progress').count(), clinics.length);
	await page.context().close();
});

test('the alerts page counts by rule and filters by one, each alert citing it', {
	timeout: 60000,
}, async () => {
	const page = await openPage();
	await signIn(page, 'county');
	await page.goto('/#/alerts');
	await settled(page);
	const all = await apiGet(page, '/api/v1/alerts?limit=1');
	const rules = Object.keys(all.by_rule);
	assert.ok(rules.length > 0, 'the demo raises alerts');
	assert.equal(await page.locator('.chip[data-rule]').count(), rules.length);
	const rule = rules[0];
	await page.click(`.chip[data-rule="${rule}"]`);
	await page.waitForSelector(`.chip[data-rule="${rule}"][aria-pressed=true]`);
	await settled(page);
	const shown = await page.$$eval('.alert-item',
		(xs) => xs.map((x) => [x.dataset.rule, x.textContent]));
	assert.equal(shown.length, Math.min(all.by_rule[rule], 20));
	for (const [r, text] of shown) {
		assert.equal(r, rule);
		assert.ok(text.includes(`依据 ${rule}`), text);
	}
	await page.context().close();
});

/* Every page at VIEWPORT: nothing wider than the screen, and buttons and links that a
 * finger can hit (≥ 44 px high). SHOTS names screenshots to take by page. */
async function checkLayout(viewport, shots) {
	const page = await openPage(viewport);
	await signIn(page, 'county');
	const clinic = (await apiGet(page, '/api/v1/institutions?kind=clinic&limit=1')).items[0];
	const pages = ['#/', '#/tree', '#/clinics', `#/institutions/${clinic.id}`, '#/alerts',
		'#/profiles'];
	const targets = 'main .btn, main button, #top .btn, #nav a, .tree-name, .tree-more, ' +
		'.chip';
	for (const hash of pages) {
		await page.goto('/' + hash);
		await settled(page);
		if (hash === '#/')
			await page.waitForSelector('#coverage-chart canvas');
		const { scroll, width } = await page.evaluate(() => ({
			scroll: document.documentElement.scrollWidth, width: window.innerWidth,
		}));
		assert.ok(scroll <= width, `${hash} at ${viewport.width} px: ${scroll} wide`);
		const small = await page.$$eval(targets, (els) => els
			.filter((e) => e.offsetParent !== null)
			.filter((e) => e.getBoundingClientRect().height < 44)
			.map((e) => e.textContent.trim()));
		assert.deepEqual(small, [], `${hash}: touch targets under 44 px`);
		if (shots[hash])
			await page.screenshot({ path: path.join(RESULTS, shots[hash]),
				fullPage: true });
	}
	await page.context().close();
}

test('every page fits a 768×1024 tablet without horizontal scrolling', {
	timeout: 120000,
}, async () => {
	await checkLayout(TABLET, { '#/': 'home-tablet.png', '#/tree': 'tree-tablet.png' });
});

test('every page fits a 375×667 phone without horizontal scrolling', {
	timeout: 120000,
}, async () => {
	await checkLayout(PHONE, { '#/': 'home-phone.png', '#/clinics': 'clinics-phone.png' });
});
