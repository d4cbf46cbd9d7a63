// SPDX-License-Identifier: MIT
// A person's attendance (考勤, LB-STF-9) as a month calendar coloured by each day's status,
// with the year's unauthorised absence days against the alert and exit-review thresholds
// of their profile (20 and 30 in Liubei, LB-STF-7). Those who keep the records tap a day
// to set it; a refusal (a leave day without approved leave, a follow-up without a posted
// schedule) is shown under the calendar with its rule.

import { get, put } from './api.js';
import { ATTENDANCE_STATUS, label } from './staff.js';
import { h, loadInto, mount, ruleCite, toast, today } from './ui.js';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const SHORT = { present: '在岗', follow_up: '随访', leave: '请假', absent: '离岗' };
const pad = (n) => String(n).padStart(2, '0');

/* Every day of YEAR for person ID (the list is paged: follow it to the end). */
async function fetchYear(id, year) {
	const path = `/people/${encodeURIComponent(id)}/attendance`;
	const first = await get(path, { year, limit: 500 });
	const items = [...(first.items || [])];
	let next = first.next_offset;
	for (let i = 0; i < 5 && next !== null && next !== undefined; i++) {
		const page = await get(path, { year, limit: 500, offset: next });
		items.push(...(page.items || []));
		next = page.next_offset;
	}
	return { ...first, items };
}

/* The year's absence days against the thresholds. */
function absence(data) {
	const n = Number(data.absent_days || 0);
	const alert = Number(data.alert_days) || 0;
	const exit = Number(data.exit_days) || 0;
	let level = null;
	if (exit && n >= exit)
		level = h('span', { class: 'badge sev-error' }, '已达退出审核线');
	else if (alert && n >= alert)
		level = h('span', { class: 'badge sev-warning' }, '已达预警线');
	const parts = [h('strong', { id: 'absent-days' }, `${data.year} 年擅自离岗 ${n} 天`), level];
	if (!exit && !alert)
		return h('div', { class: 'absence' }, parts, h('span', { class: 'muted' },
			'（本地政策未规定擅自离岗天数界限）'));
	const top = exit || alert;
	const fill = h('span', { class: 'bar-fill' + (n >= (alert || top) ? ' bad' : ' calm') });
	fill.style.width = Math.min(100, (100 * n) / top) + '%';
	const mark = alert && exit ? h('span', { class: 'bar-mark', title: `预警线 ${alert} 天` }) : null;
	if (mark)
		mark.style.left = (100 * alert) / exit + '%';
	return h('div', { class: 'absence' },
		h('div', { class: 'card-row' }, parts),
		h('span', { class: 'bar bar-wide bar-marked', role: 'img',
			'aria-label': `擅自离岗 ${n} 天，预警 ${alert} 天，退出审核 ${exit} 天` }, fill, mark),
		h('span', { class: 'muted' },
			[alert ? `${alert} 天预警` : null, exit ? `${exit} 天提起退出审核` : null]
				.filter(Boolean).join('，'), ruleCite(data.rule)));
}

/* Day names by JavaScript's and the profile's numbering: 0 is Sunday. */
const DAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];

/* The duty hours of the profile (LB-STF-9): "周一至周五 08:30–11:30、14:30–17:30". */
function dutyHours(duty) {
	if (!duty || !Array.isArray(duty.periods))
		return null;
	const days = (duty.weekdays || []).map((d) => DAY_NAMES[d % 7]);
	const span = days.length > 1 ? `周${days[0]}至周${days[days.length - 1]}` : days.map((d) => `周${d}`).join('');
	const hours = duty.periods.map(([from, to]) => `${from}–${to}`).join('、');
	return h('p', { class: 'muted duty-hours' }, `在岗时间：${span} ${hours}；外出随访须张贴安排，双休日及节假日离开须请假并由卫生院指定值班人员`,
		ruleCite(duty.rule));
}

function legend() {
	return h('ul', { class: 'att-legend', 'aria-label': '图例' }, ATTENDANCE_STATUS.map(([v, l]) =>
		h('li', null, h('span', { class: 'att-swatch att-' + v }), l)),
	h('li', null, h('span', { class: 'att-swatch' }), '未登记'));
}

/* The panel that sets DATE for person ID (current record REC or undefined). */
function dayPanel(id, date, rec, saved, close) {
	let status = rec ? rec.status : 'present';
	const errors = h('div', { role: 'alert' });
	const posted = h('input', { type: 'checkbox', id: 'att-posted',
		checked: rec ? rec.schedule_posted === true || rec.schedule_posted === 1 : false });
	const postedRow = h('label', { class: 'field-check', for: 'att-posted' }, posted,
		'已张贴随访/巡诊安排');
	const note = h('input', { type: 'text', id: 'att-note', maxlength: 200,
		placeholder: '备注（可选）', value: rec?.note || '' });
	const choices = h('div', { class: 'segmented att-choices', role: 'group', 'aria-label': '出勤' });
	const draw = () => {
		mount(choices, ATTENDANCE_STATUS.map(([v, l]) => h('button', {
			type: 'button', class: 'btn att-choice att-' + v, dataset: { status: v },
			'aria-pressed': v === status ? 'true' : 'false',
			onclick: () => { status = v; draw(); },
		}, l)));
		postedRow.hidden = status !== 'follow_up';
	};
	draw();
	const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'att-save' }, '保存');
	save.addEventListener('click', async () => {
		save.disabled = true;
		mount(errors);
		const body = { status, schedule_posted: status === 'follow_up' && posted.checked };
		if (note.value.trim())
			body.note = note.value.trim();
		try {
			await put(`/people/${encodeURIComponent(id)}/attendance/${date}`, body);
			toast(`已登记 ${date} ${label(ATTENDANCE_STATUS, status)}`);
			saved();
		} catch (err) {
			mount(errors, h('p', { class: 'form-error' }, err.message, ruleCite(err.rule)));
			save.disabled = false;
		}
	});
	return h('div', { class: 'tick-panel att-panel', id: 'att-panel' },
		h('p', null, h('strong', null, `${date} 考勤`)), choices, postedRow,
		h('label', null, '备注', note),
		h('div', { class: 'actions' }, save,
			h('button', { type: 'button', class: 'btn', onclick: close }, '取消')),
		errors);
}

/* The month grid of YEAR-MONTH from the year's records BYDATE; ONDAY(date) when a day
 * is tapped (null: read only). */
function grid(year, month, byDate, onDay) {
	const first = new Date(Date.UTC(year, month - 1, 1));
	const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const lead = (first.getUTCDay() + 6) % 7; // Monday first
	const now = today();
	const cells = [];
	for (let i = 0; i < lead; i++)
		cells.push(h('span', { class: 'att-day att-blank', 'aria-hidden': 'true' }));
	for (let d = 1; d <= days; d++) {
		const date = `${year}-${pad(month)}-${pad(d)}`;
		const rec = byDate.get(date);
		const weekend = (lead + d - 1) % 7 >= 5;
		const cls = 'att-day' + (rec ? ' att-' + rec.status : '') + (weekend ? ' att-weekend' : '') +
			(date === now ? ' att-today' : '');
		const text = [h('span', { class: 'att-n' }, d),
			h('span', { class: 'att-s' }, rec ? SHORT[rec.status] || rec.status : '')];
		const title = `${date} ${rec ? label(ATTENDANCE_STATUS, rec.status) : '未登记'}`;
		const future = date > now;
		cells.push(onDay && !future
			? h('button', { type: 'button', class: cls, dataset: { date }, 'aria-label': title,
				onclick: () => onDay(date) }, text)
			: h('span', { class: cls + (future ? ' att-future' : ''), dataset: { date },
				title }, text));
	}
	return h('div', { class: 'att-grid', role: 'grid', 'aria-label': `${year}年${month}月考勤` },
		WEEKDAYS.map((w) => h('span', { class: 'att-wd', 'aria-hidden': 'true' }, w)), cells);
}

/* Fill ROOT with the attendance calendar of person ID; WRITABLE lets a tap set a day.
 * CHANGED() runs after a day is saved (an absence may raise an alert or exit review). */
export function attendanceSection(root, id, writable, changed) {
	const now = today();
	let year = Number(now.slice(0, 4));
	let month = Number(now.slice(5, 7));
	const years = new Map(); // year → reply, kept while the page is open
	const body = h('div');
	const title = h('span', { class: 'att-month', id: 'att-month' });
	const step = (delta) => {
		month += delta;
		if (month < 1) {
			month = 12;
			year--;
		} else if (month > 12) {
			month = 1;
			year++;
		}
		show();
	};
	const prev = h('button', { type: 'button', class: 'btn', 'aria-label': '上个月',
		onclick: () => step(-1) }, '‹');
	const next = h('button', { type: 'button', class: 'btn', 'aria-label': '下个月',
		onclick: () => step(1) }, '›');

	function draw(data) {
		const byDate = new Map((data.items || []).map((r) => [String(r.on_date).slice(0, 10), r]));
		mount(title, `${year} 年 ${month} 月`);
		next.disabled = `${year}-${pad(month)}` >= now.slice(0, 7);
		const slot = h('div');
		const onDay = writable ? (date) => mount(slot, dayPanel(id, date, byDate.get(date),
			() => {
				years.delete(year);
				show();
				if (changed)
					changed();
			}, () => mount(slot))) : null;
		mount(body, absence({ ...data, year: data.year || year }), dutyHours(data.duty_hours), grid(year, month, byDate, onDay), slot, legend());
	}

	function show() {
		const y = year;
		if (years.has(y))
			return draw(years.get(y));
		mount(title, `${year} 年 ${month} 月`);
		return loadInto(body, () => fetchYear(id, y), (data) => {
			years.set(y, data);
			if (y === year)
				draw(data);
		}, '正在加载考勤…');
	}

	mount(root, h('div', { class: 'section-head' }, h('h2', null, '考勤'),
		h('div', { class: 'month-nav' }, prev, title, next)),
	writable ? h('p', { class: 'muted' }, '点按某一天登记当天出勤。') : null, body);
	return show();
}
