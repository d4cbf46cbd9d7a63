// SPDX-License-Identifier: MIT
// Shared pieces of the browser tests: a real `yitihua serve` on the demo data in a temp
// dir, Debian's chromium through playwright-core, sign-in, and a minimal .xlsx reader
// (a workbook is a zip; node's zlib inflates its entries, no extra library).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = process.env.YTH_ROOT || path.resolve(import.meta.dirname, '../..');
export const BIN = process.env.YTH_BIN || path.join(ROOT, 'build/yitihua');
export const RESULTS = path.join(ROOT, 'test-results');
export const CJK = /[\u4e00-\u9fff]/;
export const TABLET = { width: 768, height: 1024 };
export const PHONE = { width: 375, height: 667 };

/* Resolve to the URL once LOG (a growing string, read through GETLOG) has the listening
 * line; reject when CHILD exits first or after 15 s. */
function listening(child, getLog) {
	return new Promise((resolve, reject) => {
		const fail = () => reject(new Error('server did not start in 15 s:\n' + getLog()));
		const timer = setTimeout(fail, 15000);
		const line = /yitihua: listening on (http:\/\/127\.0\.0\.1:\d+)/;
		child.stdout.on('data', () => {
			const m = line.exec(getLog());
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited (${code}) before listening:\n${getLog()}`));
		});
	});
}

/* Create the demo database in a fresh temp dir and start the server on a free loopback
 * port. Resolves to {url, dir, stop()}; stop() sends SIGTERM (SIGKILL after 5 s) and
 * removes the temp dir. Everything is bounded in time. */
export async function startServer() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yth-e2e-'));
	const db = path.join(dir, 't.db');
	const demo = spawnSync(BIN, ['demo', '--db', db],
		{ cwd: ROOT, encoding: 'utf8', timeout: 60000 });
	if (demo.status !== 0) {
		fs.rmSync(dir, { recursive: true, force: true });
		const why = `${demo.stderr}${demo.error || ''}`;
		throw new Error(`yitihua demo failed (${demo.status}): ${why}`);
	}
	const args = ['serve', '--db', db, '--listen', '127.0.0.1:0',
		'--web', path.join(ROOT, 'web')];
	const child = spawn(BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout.on('data', (c) => { log += c; });
	child.stderr.on('data', (c) => { log += c; });
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const gone = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await gone;
			clearTimeout(t);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		return { url: await listening(child, () => log), dir, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

/* Debian's chromium, headless; never a downloaded browser. */
export function launchBrowser() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
			'--disable-background-networking', '--disable-component-update',
			'--no-first-run', '--disable-sync'],
		timeout: 30000,
	});
}

/* A new page (with its own cookies) of the given viewport, failing fast on waits. */
export async function newPage(browser, url, viewport = { width: 1280, height: 900 }) {
	const context = await browser.newContext({
		viewport, baseURL: url, acceptDownloads: true, locale: 'zh-CN',
	});
	context.setDefaultTimeout(15000);
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error('page error:', e.message));
	return page;
}

/* Sign in through the form as USERNAME and wait for the header. */
export async function signIn(page, username, password = 'demo1234') {
	await page.goto('/');
	await page.fill('#username', username);
	await page.fill('#password', password);
	await page.click('form button[type=submit]');
	await page.waitForSelector('#top:not([hidden])');
}

/* Wait until the page on screen has its heading and nothing is loading any more. */
export async function settled(page) {
	await page.waitForFunction(() => document.querySelector('main .page') &&
		!document.querySelector('main .loading') && document.querySelector('main h1'));
}

/* JSON of GET PATH with the page's cookies (to compare the UI with the API). */
export function apiGet(page, apiPath) {
	return page.evaluate(async (p) => {
		const r = await fetch(p, { headers: { Accept: 'application/json' } });
		if (!r.ok)
			throw new Error(`${p}: HTTP ${r.status}`);
		return r.json();
	}, apiPath);
}

/* Every item of a paged list endpoint. */
export async function apiAll(page, apiPath) {
	const items = [];
	let offset = 0;
	for (let i = 0; i < 100 && offset !== null && offset !== undefined; i++) {
		const sep = apiPath.includes('?') ? '&' : '?';
		const r = await apiGet(page, `${apiPath}${sep}limit=500&offset=${offset}`);
		items.push(...r.items);
		offset = r.next_offset;
	}
	return items;
}

/* The entries of a zip archive as a Map of name → Buffer, found through the central
 * directory (whose sizes are right even when a local header defers them). */
export function unzip(buf) {
	const entries = new Map();
	let eocd = buf.length - 22;
	while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50)
		eocd--;
	if (eocd < 0)
		throw new Error('not a zip archive');
	let p = buf.readUInt32LE(eocd + 16);
	for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
		if (buf.readUInt32LE(p) !== 0x02014b50)
			throw new Error('bad zip central directory');
		const method = buf.readUInt16LE(p + 10);
		const size = buf.readUInt32LE(p + 20);
		const nameLen = buf.readUInt16LE(p + 28);
		const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		const local = buf.readUInt32LE(p + 42);
		if (buf.readUInt32LE(local) !== 0x04034b50)
			throw new Error('bad zip local header');
		const start = local + 30 + buf.readUInt16LE(local + 26) +
			buf.readUInt16LE(local + 28);
		const data = buf.subarray(start, start + size);
		entries.set(name, method === 0 ? data : zlib.inflateRawSync(data));
		p += 46 + skip;
	}
	return entries;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
	.replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/* The text of every <t> in XML, joined (a shared or inline string with rich runs). */
const texts = (xml) =>
	unescape([...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));

/* Column index of a cell reference: "C7" → 2. */
const column = (ref) => [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/* The rows of the first worksheet of an .xlsx as arrays of cell texts (shared strings,
 * inline strings and numbers), in order. */
export function readSheet(buf) {
	const zip = unzip(buf);
	const sst = zip.get('xl/sharedStrings.xml');
	const shared = sst ? [...sst.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)]
		.map((si) => texts(si[1])) : [];
	const sheet = zip.get('xl/worksheets/sheet1.xml');
	if (!sheet)
		throw new Error('no xl/worksheets/sheet1.xml in the workbook');
	const rows = [];
	for (const row of sheet.toString('utf8').matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
		const cells = [];
		for (const c of row[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const type = (/t="(\w+)"/.exec(c[1]) || [])[1];
			const inner = c[2] || '';
			const v = (/<v>([^<]*)<\/v>/.exec(inner) || [])[1];
			let text = v === undefined ? '' : unescape(v);
			if (type === 's')
				text = shared[Number(v)];
			else if (type === 'inlineStr')
				text = texts(inner);
			// Empty cells are left out of the XML: place each by its column letters.
			const ref = (/r="([A-Z]+)\d+"/.exec(c[1]) || [])[1];
			const at = ref ? column(ref) : cells.length;
			while (cells.length < at)
				cells.push('');
			cells[at] = text;
		}
		rows.push(cells);
	}
	return rows;
}

/* METHOD PATH with the JSON BODY, the page's cookies and its CSRF token (to set up what a
 * test needs through the API). Resolves to {status, body}; never throws on a refusal. */
export function apiSend(page, method, apiPath, body) {
	return page.evaluate(async ([m, p, b]) => {
		const s = await fetch('/api/v1/session', { headers: { Accept: 'application/json' } });
		const token = (await s.json()).csrf_token;
		const r = await fetch(p, {
			method: m,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json',
				'X-CSRF-Token': token },
			body: b === undefined ? undefined : JSON.stringify(b),
		});
		const text = await r.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return { status: r.status, body: json };
	}, [method, apiPath, body]);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/* A valid citizen id (GB 11643) for someone of SEX ("male" | "female") born on BIRTH
 * (YYYY-MM-DD) in division REGION (6 digits), with sequence SEQ (0–99): the 17th digit is
 * odd for men, and the check character is ISO 7064 MOD 11-2. */
export function citizenId(birth, sex, seq, region = '450205') {
	const odd = sex === 'male';
	const digit = (seq * 2 + (odd ? 1 : 0)) % 10;
	const body = region + birth.replace(/-/g, '') + String(seq % 100).padStart(2, '0') + digit;
	const sum = ID_WEIGHTS.reduce((t, w, i) => t + w * Number(body[i]), 0);
	return body + '10X98765432'[sum % 11];
}

/* One demo server and one browser for the calling test file, started before its tests and
 * stopped after them. Returns openPage(viewport): a new page on that server. */
export function demoSession() {
	let server;
	let browser;
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		fs.mkdirSync(RESULTS, { recursive: true });
	}, { timeout: 90000 });
	after(async () => {
		await browser?.close();
		await server?.stop();
	}, { timeout: 30000 });
	return (viewport) => newPage(browser, server.url, viewport);
}
