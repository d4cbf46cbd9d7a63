// SPDX-License-Identifier: MIT
// The hash router: "#/institutions/abc?tab=x" → the page declared for "/institutions/:id"
// with params {id: "abc"} and query URLSearchParams("tab=x"). Hash routes need nothing
// from the server and survive a reload on a flaky connection.

/* Compile TABLE ([{path: "/a/:id", ...}]) into matchers, keeping the other keys. */
export function compile(table) {
	return table.map((r) => {
		const keys = [];
		const src = r.path.replace(/:(\w+)/g, (_, k) => {
			keys.push(k);
			return '([^/]+)';
		});
		return { ...r, keys, re: new RegExp('^' + src + '$') };
	});
}

/* The current location: {path, query}. */
export function location() {
	const raw = window.location.hash.replace(/^#/, '') || '/';
	const i = raw.indexOf('?');
	const path = i < 0 ? raw : raw.slice(0, i);
	return { path: path || '/', query: new URLSearchParams(i < 0 ? '' : raw.slice(i + 1)) };
}

/* The compiled route matching PATH and its decoded params, or null. */
export function match(routes, path) {
	for (const r of routes) {
		const m = r.re.exec(path);
		if (!m)
			continue;
		const params = {};
		r.keys.forEach((k, i) => {
			params[k] = decodeURIComponent(m[i + 1]);
		});
		return { route: r, params };
	}
	return null;
}

/* "#/path?query" for PATH and an object of query values (empty ones left out). */
export function href(path, params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v !== undefined && v !== null && v !== '')
			q.set(k, String(v));
	}
	const s = q.toString();
	return '#' + path + (s ? '?' + s : '');
}

/* Go to PATH with QUERY; replaces the history entry when REPLACE (filters, paging). */
export function go(path, params, replace) {
	const target = href(path, params);
	if (target === window.location.hash) {
		window.dispatchEvent(new HashChangeEvent('hashchange'));
	} else if (replace) {
		history.replaceState(null, '', target);
		window.dispatchEvent(new HashChangeEvent('hashchange'));
	} else {
		window.location.hash = target;
	}
}
