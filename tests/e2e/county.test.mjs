// SPDX-License-Identifier: MIT
// The main path of a county bureau user, in a real browser against a real server: the
// coverage chart, the tree, ticking a clinic's checklist until it is integrated, the
// coverage figure moving, and the Excel export of the clinic list; and the edit form.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
	apiAll, apiGet, demoSession, readSheet, RESULTS, signIn, TABLET,
} from './lib.mjs';

const openPage = demoSession();

/* The bar series and x axis of the ECharts instance drawn in #coverage-chart. */
function chartOption(page) {
	return page.evaluate(async () => {
		const echarts = await import('/vendor/echarts/dist/echarts.esm.min.js');
		const chart = echarts.getInstanceByDom(document.getElementById('coverage-chart'));
		const o = chart.getOption();
		const bars = o.series.find((s) => s.type === 'bar');
		return { names: o.xAxis[0].data, bars: bars.data, markLine: bars.markLine };
	});
}

/* The year the home page shows (the pressed year button). */
async function shownYear(page) {
	const text = await page.textContent('.segmented [aria-pressed=true]');
	return Number(text.replace(/\D/g, ''));
}

async function waitHome(page) {
	await page.waitForSelector('#coverage-chart canvas');
	await page.waitForFunction(() => !document.querySelector('main .loading'));
}

/* Every clinic node under NODES whose checklist is not complete, with its ancestors. */
function unfinishedClinics(nodes, trail = [], out = []) {
	for (const n of nodes) {
		const open = n.checklist_total > 0 && n.checklist_done < n.checklist_total;
		if (n.kind === 'clinic' && open)
			out.push({ clinic: n, trail });
		unfinishedClinics(n.children || [], [...trail, n], out);
	}
	return out;
}

test('a county user ticks a clinic to integrated, sees coverage rise, exports the list', {
	timeout: 180000,
}, async () => {
	const page = await openPage();
	await signIn(page, 'county');

	// Home: the coverage chart, one bar per county in scope, and the target line.
	await waitHome(page);
	const year = await shownYear(page);
	const coverage = (await apiGet(page, `/api/v1/coverage?year=${year}`)).items;
	assert.ok(coverage.length > 0, 'the county user sees at least one county');
	const chart = await chartOption(page);
	assert.equal(chart.names.length, coverage.length);
	assert.equal(chart.bars.length, coverage.length);
	const targets = chart.markLine.data.map((d) => Number(d.yAxis));
	for (const c of coverage) {
		const bar = chart.names.some((n) => n.startsWith(c.county_name));
		assert.ok(bar, `a bar for ${c.county_name}`);
		assert.ok(targets.includes(Number(c.target_pct)), `a line at ${c.target_pct}%`);
	}
	const integratedBefore = Number(await page.textContent('#stat-integrated'));
	assert.equal(integratedBefore, coverage.reduce((s, c) => s + c.integrated, 0));
	await page.screenshot({ path: path.join(RESULTS, 'home-county.png'), fullPage: true });

	// The tree: open the branches down to a clinic that is not integrated yet, open it
	// (an open clinic, as a centre manager would tick; any unfinished one if none is).
	const unfinished = unfinishedClinics((await apiGet(page, '/api/v1/tree')).items);
	const target = unfinished.find((t) => t.clinic.status === 'open') || unfinished[0];
	assert.ok(target, 'the demo has a clinic with unfinished unifications');
	await page.click('#nav a[data-path="/tree"]');
	await page.waitForSelector('.tree-root');
	for (const n of target.trail) {
		const details = page.locator(`li[data-id="${n.id}"] > details`);
		if (!(await details.evaluate((d) => d.open)))
			await details.locator('> summary .tree-name').click();
	}
	await page.click(`li[data-id="${target.clinic.id}"] .tree-name`);
	await page.waitForSelector('#checklist .checklist');
	assert.equal(await page.textContent('h1'), target.clinic.name);

	// Tick every item not yet done, each with today's date and a note.
	const open = await page.$$eval('#checklist input[type=checkbox]:not(:checked)',
		(xs) => xs.map((x) => x.dataset.item));
	assert.equal(open.length, target.clinic.checklist_total - target.clinic.checklist_done);
	for (const item of open) {
		await page.check(`#checklist input[data-item="${item}"]`);
		await page.fill(`li[data-item="${item}"] .tick-note`, '浏览器测试勾选');
		await page.click(`li[data-item="${item}"] .tick-save`);
		await page.waitForSelector(`li.done[data-item="${item}"] input:checked`);
	}
	await page.waitForSelector('.page-head .badge-ok:text("已一体化")');
	const clinicPath = `/api/v1/institutions/${target.clinic.id}`;
	const checklist = (await apiGet(page, `${clinicPath}/checklist`)).items;
	assert.ok(checklist.every((i) => i.done), 'every item is done on the server');
	await page.screenshot({ path: path.join(RESULTS, 'clinic-county.png'), fullPage: true });

	// Back home: the integrated count went up by this one clinic, in total and in its row.
	await page.click('#nav a[data-path="/"]');
	await waitHome(page);
	assert.equal(await shownYear(page), year);
	assert.equal(Number(await page.textContent('#stat-integrated')), integratedBefore + 1);
	const county = (await apiGet(page, clinicPath)).county_code;
	const was = coverage.find((c) => c.county_code === county);
	const row = page.locator(`#coverage-table tr[data-county="${county}"]`);
	assert.equal(Number(await row.locator('.integrated').textContent()), was.integrated + 1);

	// Export: the clinic list as a real workbook with a header and one row per clinic.
	await page.click('#nav a[data-path="/clinics"]');
	await page.waitForSelector('#clinic-table');
	const [download] = await Promise.all([page.waitForEvent('download'),
		page.click('#export')]);
	assert.match(download.suggestedFilename(), /\.xlsx$/);
	const rows = readSheet(fs.readFileSync(await download.path()));
	const clinics = await apiAll(page, '/api/v1/institutions?kind=clinic');
	const header = rows[0];
	const nameAt = header.findIndex((t) => /名称/.test(t));
	assert.ok(nameAt >= 0, `the header names the clinic: ${header.join(',')}`);
	assert.ok(header.every((t) => t === '' || /[\u4e00-\u9fff]/.test(t)), 'Chinese header');
	assert.equal(rows.length - 1, clinics.length, 'one row per clinic');
	const names = new Set(rows.slice(1).map((r) => r[nameAt]));
	for (const c of clinics)
		assert.ok(names.has(c.name), `a row for ${c.name}`);
	await page.context().close();
});

test('the edit form marks the field the server refuses and saves a valid change', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'county');
	const clinic = (await apiGet(page, '/api/v1/institutions?kind=clinic&limit=1')).items[0];
	await page.goto(`/#/institutions/${clinic.id}`);
	await page.click('#edit');
	await page.fill('#f-phone', 'abc-电话');
	await page.click('.edit-form button[type=submit]');
	await page.waitForSelector('#f-phone[aria-invalid=true]');
	assert.match(await page.textContent('#f-phone ~ .field-error'), /[\u4e00-\u9fff]/);
	await page.fill('#f-phone', '0793-1234567');
	await page.fill('#f-person_in_charge', '李医生');
	await page.click('.edit-form button[type=submit]');
	await page.waitForSelector('#details dd:text("李医生")');
	const saved = await apiGet(page, `/api/v1/institutions/${clinic.id}`);
	assert.equal(saved.person_in_charge, '李医生');
	assert.equal(saved.phone, '0793-1234567');
	await page.context().close();
});
