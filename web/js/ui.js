// SPDX-License-Identifier: MIT
// Small DOM helpers shared by the pages: an element builder, the loading state, the error
// box with a retry button, badges, progress bars and number and date formatting.

/* Build an element. PROPS: "class", "dataset" (object), "on<event>" (listener), true/false
 * for boolean attributes, anything else as an attribute. CHILDREN: nodes, strings,
 * numbers, arrays of them; null/undefined/false are skipped. */
export function h(tag, props, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(props || {})) {
		if (v === null || v === undefined || v === false)
			continue;
		if (k === 'class')
			el.className = v;
		else if (k === 'dataset')
			Object.assign(el.dataset, v);
		else if (k.startsWith('on') && typeof v === 'function')
			el.addEventListener(k.slice(2), v);
		else if (k === 'value')
			el.value = v;
		else
			el.setAttribute(k, v === true ? '' : String(v));
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false)
			continue;
		if (Array.isArray(c))
			append(el, c);
		else
			el.append(c instanceof Node ? c : String(c));
	}
}

/* Replace the content of EL with CHILDREN. */
export function mount(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

export function loading(text = '正在加载…') {
	return h('p', { class: 'loading', role: 'status' }, text);
}

/* "（依据 SR-ORG-2）": users look up the rule behind a refusal or an alert. */
export function ruleCite(rule) {
	return rule ? h('span', { class: 'rule' }, `（依据 ${rule}）`) : null;
}

/* A visible error: the server's Chinese message, the rule it cites, and a retry button
 * when RETRY is given. */
export function errorBox(err, retry) {
	return h('div', { class: 'error-box', role: 'alert' },
		h('p', null, err.message || '出现错误，请稍后重试。', ruleCite(err.rule)),
		retry ? h('button', { type: 'button', class: 'btn', onclick: retry }, '重试')
			: null);
}

/* Show a loading state in ROOT, run FETCH, then RENDER(result) into ROOT; on failure show
 * the error with a retry that runs the whole thing again. Resolves when done. */
export async function loadInto(root, fetch, render, text) {
	mount(root, loading(text));
	try {
		const data = await fetch();
		mount(root);
		await render(data);
	} catch (err) {
		if (!(err && 'code' in err))
			console.error(err);
		mount(root, errorBox(err, () => loadInto(root, fetch, render, text)));
	}
}

const STATUS_CLASS = { planned: 'badge-plan', open: 'badge-ok', closed: 'badge-off' };
/* Institution status values with their labels (the server's enum). */
export const STATUS_OPTIONS = [['planned', '规划中'], ['open', '已开业'], ['closed', '已撤销']];
const STATUS_LABEL = Object.fromEntries(STATUS_OPTIONS);

export function statusBadge(status, label) {
	return h('span', { class: 'badge ' + (STATUS_CLASS[status] || '') },
		label || STATUS_LABEL[status] || status || '—');
}

export const SEVERITY_LABEL = { error: '严重', warning: '警告', info: '提示' };

export function severityBadge(sev) {
	return h('span', { class: 'badge sev-' + sev }, SEVERITY_LABEL[sev] || sev);
}

/* True if clinic node or record N has every unification of its profile done. */
export function isIntegrated(n) {
	return n.integrated === true ||
		(n.checklist_total > 0 && n.checklist_done >= n.checklist_total);
}

export function integratedBadge(yes) {
	return yes ? h('span', { class: 'badge badge-ok' }, '已一体化')
		: h('span', { class: 'badge badge-plan' }, '未完成');
}

/* A bar with "done/total" beside it. */
export function progress(done, total) {
	const n = Number(done) || 0;
	const t = Number(total) || 0;
	const fill = h('span', { class: 'bar-fill' + (t > 0 && n >= t ? ' full' : '') });
	fill.style.width = (t > 0 ? Math.min(100, (100 * n) / t) : 0) + '%';
	return h('span', { class: 'progress', role: 'img', 'aria-label': `已完成 ${n}/${t}` },
		h('span', { class: 'bar' }, fill), h('span', { class: 'bar-text' }, `${n}/${t}`));
}

/* A percentage with at most one decimal: 33.3%, 60%. */
export function pct(v) {
	if (v === null || v === undefined || v === '')
		return '—';
	const n = Number(v);
	return Number.isFinite(n) ? `${Math.round(n * 10) / 10}%` : '—';
}

/* Today as YYYY-MM-DD in the user's own time zone (a tick is dated where it happens). */
export function today() {
	const d = new Date();
	const p = (x) => String(x).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* Set the document title and return the page heading. */
export function heading(text, ...extra) {
	document.title = `${text} · 村卫生室一体化管理`;
	return h('h1', null, text, ...extra);
}

/* A definition list from [label, value] pairs; empty values show "—". */
export function facts(pairs) {
	return h('dl', { class: 'facts' }, pairs.map(([k, v]) => [
		h('dt', null, k),
		h('dd', null, v === null || v === undefined || v === '' ? '—' : v),
	]));
}

/* A big figure with its label under it; a link when HREF is given. */
export function stat(value, label, { id, bad, href } = {}) {
	return h(href ? 'a' : 'div', { class: 'stat' + (bad ? ' stat-bad' : ''), href },
		h('span', { class: 'stat-n', id }, value), label);
}

/* A table of COLUMNS ([{label, num, cls}]) whose body is TBODY (or ROWS of cells made
 * with row()). On a phone each row turns into a card whose cells show their label. */
export function table(id, columns, tbody) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id },
		h('thead', null, h('tr', null, columns.map((c) =>
			h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
		tbody));
}

/* A <tr> of VALUES under COLUMNS; PROPS go on the row. */
export function row(columns, values, props) {
	return h('tr', props, values.map((v, i) => {
		const c = columns[i];
		const cls = [c.num ? 'num' : '', c.cls || ''].join(' ').trim() || null;
		return h('td', { 'data-label': c.label, class: cls }, v);
	}));
}

/* A short message that goes away by itself (saved, signed out, ...). */
export function toast(text) {
	// One at a time: a newer message replaces the one still showing.
	document.querySelectorAll('.toast').forEach((t) => t.remove());
	const el = h('div', { class: 'toast', role: 'status' }, text);
	document.body.append(el);
	setTimeout(() => el.remove(), 3500);
}
