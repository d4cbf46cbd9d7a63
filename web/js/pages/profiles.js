// SPDX-License-Identifier: MIT
// The policy profiles (政策配置): for each jurisdiction's document, its checklist of
// unifications with the clause behind each, its yearly coverage targets, how the system
// treats each rule, and its parameters.

import { get } from '../api.js';
import { facts, h, heading, loadInto, mount, pct, ruleCite } from '../ui.js';

const INTRO = '各地政策文件规定的一体化清单、覆盖率目标和各条规则的处理方式。';
const TREATMENT = { enforce: '强制', monitor: '监测预警', record: '记录' };

/* "enforce+monitor" → "强制 + 监测预警". */
function treatment(t) {
	return String(t).split('+').map((x) => TREATMENT[x] || x).join(' + ');
}

/* A parameter value as text; objects one level deep as "key value" pairs, unset values
 * left out. */
function paramText(v) {
	if (v === null || v === undefined)
		return '未设置';
	if (typeof v === 'boolean')
		return v ? '是' : '否';
	if (typeof v !== 'object')
		return String(v);
	return Object.entries(v)
		.filter(([, x]) => x !== null && x !== undefined)
		.map(([k, x]) => `${k} ${typeof x === 'object' ? JSON.stringify(x) : paramText(x)}`)
		.join('；');
}

/* Division codes shown by name once the names arrive (the codes stand in meanwhile). */
function divisions(codes) {
	if (!Array.isArray(codes))
		return codes;
	const el = h('span', null, codes.join('、'));
	const name = (c) => get('/divisions/' + encodeURIComponent(c)).then((d) => d.name, () => c);
	Promise.all(codes.map(name)).then((names) => mount(el, names.join('、')));
	return el;
}

function checklistItem(c) {
	return h('li', null, c.label, ' ',
		c.clause ? h('span', { class: 'rule-id' }, c.clause) : null,
		c.rule ? ruleCite(c.rule) : null);
}

function targets(p) {
	const list = (p.coverage_targets || []).slice().sort((a, b) => a.year - b.year);
	if (!list.length)
		return null;
	return [
		h('h3', null, '覆盖率目标', p.coverage_rule ? ruleCite(p.coverage_rule) : null),
		h('div', { class: 'chips' }, list.map((t) => h('span', { class: 'chip static' },
			`${t.year} 年`, h('span', { class: 'chip-n' }, pct(t.pct))))),
	];
}

/* A folded list of PAIRS ([key, text]) under TITLE, or null when there are none. */
function folded(title, pairs, cls) {
	if (!pairs.length)
		return null;
	return h('details', { class: 'more-info' },
		h('summary', null, `${title}（${pairs.length}）`),
		h('dl', { class: 'facts ' + (cls || '') },
			pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])));
}

function profileCard(p) {
	const checklist = p.checklist || [];
	const rules = Object.entries(p.rules || {}).map(([id, t]) => [id, treatment(t)]);
	const params = Object.entries(p.parameters || {}).map(([k, v]) => [k, paramText(v)]);
	return h('section', { class: 'card profile', dataset: { id: p.id } },
		h('h2', null, p.name),
		facts([
			['政策文件', p.document],
			['一体化内容', p.unification],
			['版本', p.version],
			['有效期', `${p.effective_from || '—'} 至 ${p.effective_until || '长期'}`],
			['适用区划', divisions(p.divisions)],
		]),
		h('h3', null, `一体化清单（${checklist.length} 项）`),
		h('ol', { class: 'plain-list' }, checklist.map(checklistItem)),
		targets(p),
		folded('规则处理方式', rules),
		folded('参数', params, 'params'));
}

export default async function profiles(root) {
	const body = h('div');
	mount(root, heading('政策配置'), h('p', { class: 'muted' }, INTRO), body);
	await loadInto(body, () => get('/profiles'), (reply) => {
		const items = reply.items || [];
		mount(body, items.length ? items.map(profileCard)
			: h('p', { class: 'empty' }, '暂无政策配置。'));
	}, '正在加载政策配置…');
}
