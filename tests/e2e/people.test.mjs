// SPDX-License-Identifier: MIT
// The personnel pages as a centre manager uses them on a 768×1024 tablet: open a person,
// see the masked citizen id (and the full one on request), add a training and watch the
// year's bar against the minimum move; a wrong citizen id in the new-person form shows the
// server's Chinese error at that field. People are created through the API first, so the
// test does not depend on what the demo holds.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
	apiAll, apiGet, apiSend, citizenId, CJK, demoSession, readSheet, RESULTS, settled, signIn,
	TABLET,
} from './lib.mjs';

const openPage = demoSession();

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/* A sequence number unlikely to meet one of the demo's ids. */
const seq = () => 10 + Math.floor(Math.random() * 80);

/* Create a person of the signed-in centre through the API. Resolves to {id, citizen}. */
async function createPerson(page, name, sex, birth) {
	const me = (await apiGet(page, '/api/v1/session')).user;
	const citizen = citizenId(birth, sex, seq());
	const res = await apiSend(page, 'POST', '/api/v1/people', {
		name, sex, birth_date: birth, citizen_id: citizen, phone: '13907720001',
		education: 'secondary', ethnic_group: '壮族', centre_id: me.institution_id,
	});
	assert.equal(res.status, 201, `POST /api/v1/people: ${JSON.stringify(res.body)}`);
	return { id: res.body.id, citizen };
}

/* Three days of training ending today at the latest, all in this calendar year. */
function trainingDates() {
	const now = new Date();
	let start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 4);
	if (start.getFullYear() !== now.getFullYear())
		start = new Date(now.getFullYear(), 0, 1);
	const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 2);
	return { start: iso(start), end: iso(end > now ? now : end) };
}

/* The figures the year's bar shows: {days, courses, text, width of the days bar}. */
function yearBar(page) {
	return page.$eval('#training-year', (el) => ({
		days: Number(el.dataset.days),
		courses: Number(el.dataset.courses),
		text: el.textContent,
		width: el.querySelector('[data-what="天数"] .bar-fill')?.style.width || '',
	}));
}

test('a centre manager opens a person, sees the masked id, adds a training and the bar moves', {
	timeout: 120000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	const name = '韦丽娟' + String(Date.now()).slice(-3);
	const { id, citizen } = await createPerson(page, name, 'female', '1984-06-15');

	// Find the person in the list by name and open their file from there.
	await page.goto('/#/people');
	await settled(page);
	await page.fill('#filter-name', name);
	await page.press('#filter-name', 'Enter');
	const link = page.locator('#people-table a', { hasText: name });
	await link.waitFor();
	const listed = await page.textContent(`#people-table tr[data-id="${id}"] .citizen-id`);
	const masked = citizen.slice(0, 4) + '*'.repeat(10) + citizen.slice(14);
	assert.equal(listed.trim(), masked, 'the list shows the masked id');
	await link.click();
	await page.waitForSelector('#training-year');
	await settled(page);
	assert.equal((await page.textContent('h1')).startsWith(name), true);

	// The masked id: first four and last four kept, the middle digits are *.
	const shown = (await page.textContent('#citizen-id')).trim();
	assert.match(shown, /^\d{4}\*{10}[\dX]{4}$/, shown);
	assert.equal(shown, masked);
	assert.ok(!(await page.content()).includes(citizen), 'the full id is nowhere on the page');

	// This year's bar, before: nothing yet against 14 days and 2 courses (Liubei profile).
	const before = await yearBar(page);
	assert.equal(before.days, 0);
	assert.equal(before.courses, 0);
	assert.match(before.text, /0\/14 天/);
	assert.match(before.text, /0\/2 次/);
	assert.match(before.text, /未达标/);

	// Add three days of training through the form.
	const { start, end } = trainingDates();
	await page.click('#add-training');
	await page.fill('#training-form-title', '基本公共卫生服务培训');
	await page.selectOption('#training-form-kind', 'job');
	await page.fill('#training-form-provider', '柳北区卫生健康局');
	await page.fill('#training-form-starts_on', start);
	await page.fill('#training-form-ends_on', end);
	await page.dispatchEvent('#training-form-ends_on', 'change');
	const days = await page.inputValue('#training-form-days');
	const expected = (Date.parse(end) - Date.parse(start)) / 86400000 + 1;
	assert.equal(Number(days), expected, 'the days follow the dates');
	await page.selectOption('#training-form-result', 'passed');
	await page.click('#training-form button[type=submit]');

	// The bar moves: the days and the course are counted, the fill grows.
	await page.waitForSelector(`#training-year[data-days="${expected}"]`);
	const after = await yearBar(page);
	assert.equal(after.courses, 1);
	assert.match(after.text, new RegExp(`${expected}/14 天`));
	assert.match(after.text, /1\/2 次/);
	assert.notEqual(after.width, before.width, `the bar grew: ${before.width} → ${after.width}`);
	assert.equal(await page.locator('#training-table tbody tr', {
		hasText: '基本公共卫生服务培训' }).count(), 1, 'the training is listed');

	// The page fits the tablet and every control is finger-sized.
	const { scroll, width } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth, width: window.innerWidth,
	}));
	assert.ok(scroll <= width, `person page at 768 px: ${scroll} wide`);
	const small = await page.$$eval('main .btn, main button, .chip', (els) => els
		.filter((e) => e.offsetParent !== null)
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => e.textContent.trim()));
	assert.deepEqual(small, [], 'touch targets under 44 px');
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(RESULTS, 'person-tablet.png'), fullPage: true });
	await page.screenshot({ path: path.join(RESULTS, 'person-tablet-top.png') });
	await page.context().close();
});

test('the full citizen id is shown on request, saying the read is recorded', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	const { id, citizen } = await createPerson(page, '黄志强', 'male', '1972-11-03');
	await page.goto(`/#/people/${id}`);
	await page.waitForSelector('#show-id');
	await page.click('#show-id');
	await page.waitForFunction((c) =>
		document.querySelector('#citizen-id')?.textContent.trim() === c, citizen);
	assert.match(await page.textContent('#citizen-id-note'), /审计/);
	await page.click('#show-id');
	await page.waitForFunction(() => /\*{10}/.test(document.querySelector('#citizen-id').textContent));
	await page.context().close();
});

test('a wrong citizen id in the new-person form shows the Chinese error at the field', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	await page.goto('/#/people');
	await settled(page);
	await page.click('#new-person');
	const good = citizenId('1990-02-11', 'male', seq());
	const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
	await page.fill('#person-form-name', '覃建新');
	await page.fill('#person-form-citizen_id', wrong);
	await page.selectOption('#person-form-sex', 'male');
	await page.fill('#person-form-birth_date', '1990-02-11');
	await page.click('#person-form button[type=submit]');
	const note = page.locator('#person-form-citizen_id-error');
	await page.waitForFunction(() =>
		document.querySelector('#person-form-citizen_id-error')?.textContent.trim());
	const text = await note.textContent();
	assert.match(text, CJK, `a Chinese message: ${text}`);
	assert.equal(await page.getAttribute('#person-form-citizen_id', 'aria-invalid'), 'true');
	assert.equal(await page.locator('#person-form-name-error').textContent(), '',
		'only the citizen id is marked');
	const list = await apiGet(page, '/api/v1/people?name=' + encodeURIComponent('覃建新'));
	assert.equal(list.items.length, 0, 'nobody was created');
	await page.screenshot({ path: path.join(RESULTS, 'person-form-error-tablet.png') });
	await page.context().close();
});

test('a village doctor sees only their own file, read-only, and can ask for leave', {
	timeout: 90000,
}, async () => {
	const doctor = await openPage(TABLET);
	await signIn(doctor, 'clinic');
	const me = (await apiGet(doctor, '/api/v1/session')).user;
	let own = (await apiGet(doctor, '/api/v1/people')).items;
	if (!own.length) {
		// Link the village doctor's sign-in to a new file, as the centre does.
		const centre = await openPage(TABLET);
		await signIn(centre, 'centre');
		const { id } = await createPerson(centre, '韦秀兰', 'female', '1979-05-20');
		const res = await apiSend(centre, 'PATCH', `/api/v1/people/${id}`, { user_id: me.id });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		await centre.context().close();
		own = (await apiGet(doctor, '/api/v1/people')).items;
	}
	assert.equal(own.length, 1, 'the list holds the doctor alone');
	await doctor.goto('/#/people');
	await doctor.waitForSelector('#person-leaves .section-head');
	await settled(doctor);
	assert.match(await doctor.textContent('#nav'), /我的档案/);
	assert.ok((await doctor.textContent('h1')).startsWith(own[0].name));
	assert.match(await doctor.textContent('#citizen-id'), /\*{10}/);
	for (const sel of ['#show-id', '#add-training', '#add-contract', '#add-qualification',
		'#raise-exit', '.att-grid button'])
		assert.equal(await doctor.locator(sel).count(), 0, `no ${sel} for a village doctor`);

	const from = new Date();
	from.setDate(from.getDate() + 30);
	const day = iso(from);
	await doctor.click('#add-leave');
	await doctor.fill('#leave-form-starts_on', day);
	await doctor.fill('#leave-form-ends_on', day);
	await doctor.fill('#leave-form-reason', '回乡探亲');
	await doctor.click('#leave-form button[type=submit]');
	const pending = doctor.locator('#leave-table tr[data-status="pending"]', { hasText: '回乡探亲' });
	await pending.waitFor();
	assert.equal(await doctor.locator('#leave-table .decide').count(), 0,
		'a village doctor cannot approve leave');
	await doctor.context().close();
});

test('the staffing table shows every clinic with needed and posted doctors, coloured', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'county');
	await page.goto('/#/staffing');
	await page.waitForSelector('#staffing-table');
	await settled(page);
	const rows = await apiAll(page, '/api/v1/staffing');
	assert.ok(rows.length > 0, 'the demo has clinics');
	assert.equal(await page.locator('#staffing-table tbody tr').count(), rows.length);
	const sample = rows.find((r) => r.needed !== null) || rows[0];
	const tr = page.locator(`#staffing-table tr[data-id="${sample.clinic_id}"]`);
	assert.equal(await tr.getAttribute('data-level'), sample.state);
	const cells = await tr.locator('td').allTextContents();
	assert.equal(cells[4].trim(), String(sample.posted), 'posted');
	if (sample.needed !== null)
		assert.match(cells[3], new RegExp(`^${sample.needed}`), 'needed');
	// A count filters the table to those clinics.
	const none = rows.filter((r) => r.state === 'none').length;
	await page.click('a.stat[href*="show=none"]');
	await page.waitForSelector('a.stat[aria-current="true"]');
	await settled(page);
	assert.equal(await page.locator('#staffing-table tbody tr').count(), none);
	await page.context().close();
});

test('"导出 Excel" downloads the people as a workbook with masked citizen ids', {
	timeout: 60000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	const { citizen } = await createPerson(page, '罗春梅', 'female', '1988-08-08');
	await page.goto('/#/people');
	await settled(page);
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
	const rows = readSheet(fs.readFileSync(await download.path()));
	const header = rows[0];
	const col = header.indexOf('公民身份号码');
	assert.ok(col >= 0, `a citizen id column: ${header.join(',')}`);
	assert.ok(header.includes('姓名'));
	const people = await apiAll(page, '/api/v1/people');
	assert.equal(rows.length - 1, people.length, 'one row per person');
	const row = rows.find((r) => r.includes('罗春梅'));
	assert.ok(row, 'the new person is exported');
	assert.equal(row[col], citizen.slice(0, 4) + '*'.repeat(10) + citizen.slice(14));
	await page.context().close();
});

/* The staff import template's header row, read from the server's own template. */
async function templateHeader(page) {
	const b64 = await page.evaluate(async () => {
		const r = await fetch('/api/v1/imports/staff/template.xlsx');
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (const x of bytes)
			s += String.fromCharCode(x);
		return btoa(s);
	});
	return readSheet(Buffer.from(b64, 'base64'))[0];
}

test('a bulk import with bad rows writes nothing and lists every bad row', {
	timeout: 90000,
}, async () => {
	const page = await openPage(TABLET);
	await signIn(page, 'centre');
	const header = await templateHeader(page);
	const clinic = (await apiGet(page, '/api/v1/institutions?kind=clinic&limit=1')).items[0];
	const n = seq();
	const line = (name, sex, birth, citizen, cert, clinicName) => {
		const v = {
			姓名: name, 性别: sex === 'male' ? '男' : '女', 出生日期: birth, 公民身份号码: citizen,
			学历: '中专', 民族: '壮族', 资格类别: '执业助理医师', 证书编号: cert,
			发证机关: '柳州市卫生健康委员会', 发证日期: '2010-07-01', 区卫健局培训合格: '是',
			派驻村卫生室: clinicName, 合同类型: '编外聘用', 起始日期: '2026-01-01',
			到期日期: '2028-12-31', 村卫生室负责人: '否', '申请年龄延长/返聘': '否',
		};
		return header.map((h) => v[h] ?? '').join(',');
	};
	const good = citizenId('1981-04-04', 'male', n);
	const badCheck = citizenId('1983-02-02', 'male', n);
	const wrong = badCheck.slice(0, 17) + (badCheck[17] === '0' ? '1' : '0');
	const csv = [header.join(','),
		line('陆建华', 'male', '1981-04-04', good, `E2E${n}01`, clinic.name),
		line('覃德明', 'male', '1983-02-02', wrong, `E2E${n}02`, clinic.name),
		line('黄美玲', 'female', '1990-01-01', citizenId('1990-01-01', 'female', n),
			`E2E${n}03`, '没有这个村卫生室'),
	].join('\n') + '\n';
	const before = (await apiAll(page, '/api/v1/people')).length;

	await page.goto('/#/people');
	await settled(page);
	await page.click('#import');
	await page.setInputFiles('#import-file', {
		name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv),
	});
	await page.click('#import-form button[type=submit]');
	await page.waitForSelector('#import-errors');
	const bad = await page.$$eval('#import-errors tbody tr', (trs) =>
		trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
	const lines = bad.map((r) => Number(r[0]));
	assert.deepEqual(lines, [3, 4], `every bad row, by its line: ${JSON.stringify(bad)}`);
	for (const r of bad)
		assert.match(r[2], CJK, `a Chinese reason: ${r[2]}`);
	assert.equal((await apiAll(page, '/api/v1/people')).length, before, 'nothing written');
	await page.screenshot({ path: path.join(RESULTS, 'import-errors-tablet.png'), fullPage: true });
	await page.context().close();
});

/* A pending contract for a new qualified person of the centre, made through the API as
 * the centre. Resolves to {person, contract} ids. */
async function pendingContract(page) {
	const me = (await apiGet(page, '/api/v1/session')).user;
	const { id } = await createPerson(page, '莫志坚', 'male', '1980-10-01');
	const q = await apiSend(page, 'POST', `/api/v1/people/${id}/qualifications`, {
		kind: 'assistant_physician', certificate_no: `E2E${Date.now()}`,
		issuer: '柳州市卫生健康委员会', issued_on: '2008-07-01',
	});
	assert.equal(q.status, 201, JSON.stringify(q.body));
	const clinic = (await apiGet(page,
		`/api/v1/institutions?kind=clinic&parent_id=${me.institution_id}&limit=1`)).items[0];
	const c = await apiSend(page, 'POST', `/api/v1/people/${id}/contracts`, {
		employer_id: me.institution_id, clinic_id: clinic.id, type: 'labour',
		starts_on: '2026-01-01', ends_on: '2028-12-31',
	});
	assert.equal(c.status, 201, JSON.stringify(c.body));
	return { person: id, contract: c.body.id };
}

test('the county approves a pending contract from its queue and it becomes active', {
	timeout: 90000,
}, async () => {
	const centre = await openPage(TABLET);
	await signIn(centre, 'centre');
	const { person, contract } = await pendingContract(centre);
	await centre.context().close();

	const page = await openPage(TABLET);
	await signIn(page, 'county');
	await page.goto('/#/approvals');
	await settled(page);
	const tr = `#contract-queue tr[data-id="${contract}"]`;
	await page.click(`${tr} button[data-decision="approve"]`);
	await page.fill(`#decide-${contract}-note`, '同意聘用');
	await page.click(`#decide-${contract} button[type=submit]`);
	await page.waitForSelector(tr, { state: 'detached' });
	const list = await apiGet(page, `/api/v1/people/${person}/contracts`);
	const c = list.items.find((x) => x.id === contract);
	assert.equal(c.status, 'active');
	assert.equal(c.decision_note, '同意聘用');
	await page.context().close();
});

test('the county confirms an exit review and the person is marked as exited', {
	timeout: 90000,
}, async () => {
	const centre = await openPage(TABLET);
	await signIn(centre, 'centre');
	const { id } = await createPerson(centre, '蒙桂芳', 'female', '1975-09-09');
	const r = await apiSend(centre, 'POST', `/api/v1/people/${id}/exit-reviews`,
		{ reason: 'resignation', note: '本人申请辞职' });
	assert.equal(r.status, 201, JSON.stringify(r.body));
	await centre.context().close();

	const page = await openPage(TABLET);
	await signIn(page, 'county');
	await page.goto('/#/approvals');
	await settled(page);
	const tr = `#exit-queue tr[data-id="${r.body.id}"]`;
	assert.match(await page.textContent(tr), /辞职/);
	await page.click(`${tr} button[data-decision="confirm"]`);
	const on = await page.inputValue(`#decide-${r.body.id}-effective_on`);
	await page.click(`#decide-${r.body.id} button[type=submit]`);
	await page.waitForSelector(tr, { state: 'detached' });
	const person = await apiGet(page, `/api/v1/people/${id}`);
	assert.equal(person.exited_on, on);
	assert.equal(person.exit_reason, 'resignation');
	await page.goto(`/#/people/${id}`);
	await settled(page);
	assert.match(await page.textContent('.page-head'), new RegExp(`已退出 ${on}`));
	await page.context().close();
});

/* Each personnel page at VIEWPORT: nothing wider than the screen, controls ≥ 44 px. */
async function personnelLayout(viewport, prefix) {
	const page = await openPage(viewport);
	await signIn(page, 'county');
	const anyone = (await apiGet(page, '/api/v1/people?limit=1')).items[0];
	const pages = ['#/people', '#/staffing', '#/recruitment', '#/approvals'];
	if (anyone)
		pages.push(`#/people/${anyone.id}`);
	const targets = 'main .btn, main button, #nav a, .chip, .table td a';
	for (const hash of pages) {
		await page.goto('/' + hash);
		await settled(page);
		const { scroll, width } = await page.evaluate(() => ({
			scroll: document.documentElement.scrollWidth, width: window.innerWidth,
		}));
		assert.ok(scroll <= width, `${hash} at ${viewport.width} px: ${scroll} wide`);
		const small = await page.$$eval(targets, (els) => els
			.filter((e) => e.offsetParent !== null)
			.filter((e) => e.getBoundingClientRect().height < 44)
			.map((e) => e.textContent.trim()));
		assert.deepEqual(small, [], `${hash}: touch targets under 44 px`);
		const name = hash.replace(/^#\//, '').replace(/\/.*/, '-person');
		await page.screenshot({ path: path.join(RESULTS, `${prefix}-${name}.png`), fullPage: true });
	}
	await page.context().close();
}

test('the personnel pages fit a 768×1024 tablet', { timeout: 120000 }, async () => {
	await personnelLayout(TABLET, 'staff-tablet');
});

test('the personnel pages fit a 375×667 phone', { timeout: 120000 }, async () => {
	await personnelLayout({ width: 375, height: 667 }, 'staff-phone');
});
