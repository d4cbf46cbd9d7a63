// SPDX-License-Identifier: MIT
// The one way the UI talks to the server: JSON over fetch under /api/v1, with the CSRF
// header on writes, a timeout (village networks are slow and drop), and every failure
// turned into an ApiError that carries a Chinese message the page can show as is.

const BASE = '/api/v1';
const TIMEOUT_MS = 20000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = '';

/* The token from the sign-in or session reply; sent as X-CSRF-Token on every write. */
export function setCsrf(token) {
	csrfToken = token || '';
}

/* An error as the server describes it ({"error": {code, message, field, rule}}), or as
 * this module describes a network failure (code "timeout", "network", "bad_reply"). */
export class ApiError extends Error {
	constructor(status, code, message, field, rule) {
		super(message);
		this.status = status;
		this.code = code;
		this.field = field || '';
		this.rule = rule || '';
	}
}

/* "?a=1&b=2" from an object, leaving out empty values; "" when nothing is left. */
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v !== undefined && v !== null && v !== '')
			q.set(k, String(v));
	}
	const s = q.toString();
	return s ? '?' + s : '';
}

/* Fetch PATH under /api/v1 with a timeout. BODY is sent as JSON, or as is when TYPE (its
 * Content-Type) is given (a file: CSV, .xlsx). Resolves to the Response of any status;
 * rejects with an ApiError only when no reply came. */
async function send(method, path, body, type, timeout = TIMEOUT_MS) {
	const ctl = new AbortController();
	const timer = setTimeout(() => ctl.abort(), timeout);
	const headers = { Accept: 'application/json' };
	if (body !== undefined)
		headers['Content-Type'] = type || 'application/json';
	if (WRITES.has(method) && csrfToken)
		headers['X-CSRF-Token'] = csrfToken;
	try {
		return await fetch(BASE + path, {
			method,
			headers,
			body: body === undefined || type ? body : JSON.stringify(body),
			credentials: 'same-origin',
			signal: ctl.signal,
		});
	} catch (e) {
		if (e.name === 'AbortError')
			throw new ApiError(0, 'timeout', '请求超时，网络可能较慢，请稍后重试。');
		throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。');
	} finally {
		clearTimeout(timer);
	}
}

/* The ApiError for a reply that is not 2xx. A 401 on anything but the sign-in itself
 * also tells the app (event "yth:signed-out") so it can show the sign-in page. A reply
 * that lists bad rows beside its error (an import) keeps them in the error's "rows". */
async function failure(res, path) {
	let e = null;
	let rows = [];
	try {
		const reply = await res.json();
		e = reply.error;
		rows = Array.isArray(reply.rows) ? reply.rows : [];
	} catch {
		e = null;
	}
	if (res.status === 401 && path !== '/session')
		window.dispatchEvent(new CustomEvent('yth:signed-out'));
	if (!e || !e.message) {
		const text = `服务器返回错误（HTTP ${res.status}），请稍后重试。`;
		return new ApiError(res.status, 'bad_reply', text);
	}
	const err = new ApiError(res.status, e.code, e.message, e.field, e.rule);
	err.rows = rows;
	return err;
}

/* METHOD PATH with an optional JSON BODY. Resolves to the parsed reply (null for 204). */
export async function request(method, path, body) {
	const res = await send(method, path, body);
	if (!res.ok)
		throw await failure(res, path);
	if (res.status === 204)
		return null;
	try {
		return await res.json();
	} catch {
		throw new ApiError(res.status, 'bad_reply', '服务器的回复无法识别，请稍后重试。');
	}
}

export const get = (path, params) => request('GET', path + query(params));
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

/* POST FILE (a File or Blob) as the raw body of PATH, with its own type; a spreadsheet
 * of hundreds of rows is checked in full by the server, so this waits longer than a
 * plain request. Resolves to the parsed reply; a refusal's bad rows are in err.rows. */
export async function upload(path, file, type) {
	const res = await send('POST', path, file, type || file.type ||
		'application/octet-stream', 3 * TIMEOUT_MS);
	if (!res.ok)
		throw await failure(res, path);
	try {
		return await res.json();
	} catch {
		throw new ApiError(res.status, 'bad_reply', '服务器的回复无法识别，请稍后重试。');
	}
}

/* The file name in a Content-Disposition header (RFC 5987 form first), or "". */
function fileName(cd) {
	const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) || /filename="?([^";]+)"?/i.exec(cd);
	if (!m)
		return '';
	try {
		return decodeURIComponent(m[1]);
	} catch {
		return m[1];
	}
}

/* GET PATH as a file and hand it to the browser as a download named from the reply's
 * Content-Disposition (else FALLBACK). Going through fetch rather than a plain link lets
 * the page show progress and a Chinese error instead of a raw error document. */
export async function download(path, params, fallback) {
	const res = await send('GET', path + query(params));
	if (!res.ok)
		throw await failure(res, path);
	const blob = await res.blob();
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = fileName(res.headers.get('Content-Disposition') || '') || fallback;
	document.body.append(a);
	a.click();
	a.remove();
	// The object URL stays valid until the download has started; free it afterwards.
	setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}
