// SPDX-License-Identifier: MIT
// Start-up and navigation: find out who is signed in, draw the header for their role, and
// render the page the hash names. Pages are loaded on first use so that the first visit
// on a slow connection downloads only what it shows.

import { del, get } from './api.js';
import { compile, location, match } from './router.js';
import { homeKind, setSession, user } from './session.js';
import { canSeeAdverse, canSeeDashboard, canSeeStore } from './pharmacy.js';
import { canSeePlan, canSeeQueues } from './staff.js';
import { errorBox, h, loading, mount, toast } from './ui.js';

const routes = compile([
	{ path: '/', load: () => import('./pages/home.js') },
	{ path: '/tree', load: () => import('./pages/tree.js') },
	{ path: '/clinics', load: () => import('./pages/clinics.js') },
	{ path: '/institutions/:id', load: () => import('./pages/institution.js') },
	{ path: '/alerts', load: () => import('./pages/alerts.js') },
	{ path: '/profiles', load: () => import('./pages/profiles.js') },
	{ path: '/people', load: () => import('./pages/people.js') },
	{ path: '/people/:id', load: () => import('./pages/person.js') },
	{ path: '/staffing', load: () => import('./pages/staffing.js') },
	{ path: '/recruitment', load: () => import('./pages/recruitment.js') },
	{ path: '/approvals', load: () => import('./pages/approvals.js') },
	{ path: '/items', load: () => import('./pages/items.js') },
	{ path: '/store', load: () => import('./pages/store.js') },
	{ path: '/pharmacy', load: () => import('./pages/pharmacy.js') },
	{ path: '/pharmacy/:id', load: () => import('./pages/pharmacy.js') },
	{ path: '/stocktakes/:id', load: () => import('./pages/stocktake.js') },
	{ path: '/drug-dashboard', load: () => import('./pages/drug-dashboard.js') },
	{ path: '/adverse-events', load: () => import('./pages/adverse.js') },
	{ path: '/finance', load: () => import('./pages/finance.js') },
	{ path: '/receipts/:id', load: () => import('./pages/receipt.js') },
]);

// SHOW: whether the signed-in user gets the entry (the server refuses the rest anyway).
const NAV = [
	{ path: '/', label: '首页' },
	{ path: '/tree', label: '机构树', clinic: false },
	{ path: '/clinics', label: '村卫生室', clinic: false },
	{ path: '/people', label: '人员', clinicLabel: '我的档案' },
	{ path: '/staffing', label: '人员配备', clinic: false },
	{ path: '/recruitment', label: '招聘计划', show: canSeePlan },
	{ path: '/approvals', label: '审批', show: canSeeQueues },
	{ path: '/pharmacy', label: '药房', show: () => homeKind() === 'clinic' },
	{ path: '/store', label: '药库', show: canSeeStore },
	{ path: '/items', label: '药械目录' },
	{ path: '/drug-dashboard', label: '近效期/短缺', show: canSeeDashboard },
	{ path: '/adverse-events', label: '不良反应', show: () => homeKind() !== 'clinic' && canSeeAdverse() },
	{ path: '/finance', label: '财务' },
	{ path: '/alerts', label: '预警' },
	{ path: '/profiles', label: '政策配置' },
];

const main = document.getElementById('main');
const top = document.getElementById('top');
let cleanup = null; // what the page on screen wants done when it is left

function drawHeader() {
	const u = user();
	top.hidden = !u;
	if (!u)
		return;
	const nav = document.getElementById('nav');
	const clinic = homeKind() === 'clinic';
	const items = NAV.filter((n) => !(clinic && n.clinic === false) && (!n.show || n.show()));
	mount(nav, items.map((n) => h('a', { href: '#' + n.path, dataset: { path: n.path } },
		clinic && n.clinicLabel ? n.clinicLabel : n.label)));
	const name = u.display_name || u.username;
	const role = u.role_label || u.role;
	// Demo and real names often start with the role already ("村医 韦秀兰").
	mount(document.getElementById('who-name'),
		name.includes(role) ? null : [h('span', { class: 'who-role' }, role), ' '], name);
}

function markNav(path) {
	const first = '/' + path.split('/')[1];
	for (const a of document.querySelectorAll('#nav a')) {
		// An institution's page belongs with the clinic list; a stocktake with the place
		// counted (the clinic's pharmacy, or the centre's store).
		const section = first === '/institutions' ? '/clinics'
			: first === '/stocktakes' ? (homeKind() === 'clinic' ? '/pharmacy' : '/store')
				: first === '/receipts' ? '/finance' : first;
		if (a.dataset.path === section)
			a.setAttribute('aria-current', 'page');
		else
			a.removeAttribute('aria-current');
	}
}

function leavePage() {
	if (cleanup) {
		try {
			cleanup();
		} catch (e) {
			console.error(e);
		}
	}
	cleanup = null;
}

/* Render the page the hash names into a fresh container, so that a slow page still
 * loading when the user moves on writes into a container no longer on screen. */
async function render() {
	leavePage();
	const box = h('div', { class: 'page' });
	mount(main, box);
	if (!user())
		return showSignin(box);
	const { path, query } = location();
	markNav(path);
	const m = match(routes, path);
	if (!m) {
		mount(box, h('h1', null, '页面不存在'),
			h('p', null, h('a', { href: '#/' }, '返回首页')));
		return;
	}
	mount(box, loading());
	let page;
	try {
		page = await m.route.load();
	} catch {
		mount(box, errorBox({ message: '页面加载失败，网络可能不稳定。' }, render));
		return;
	}
	if (!box.isConnected)
		return;
	mount(box);
	let done;
	try {
		done = await page.default(box, { params: m.params, query });
	} catch (err) {
		console.error(err);
		mount(box, errorBox({ message: '页面出错，请重试。' }, render));
		return;
	}
	if (box.isConnected && typeof done === 'function')
		cleanup = done;
	else if (typeof done === 'function')
		done();
}

async function showSignin(box) {
	top.hidden = true;
	markNav('');
	const page = await import('./pages/signin.js');
	page.default(box, {
		onSignedIn(reply) {
			setSession(reply);
			drawHeader();
			render();
		},
	});
}

async function signOut() {
	try {
		await del('/session');
	} catch (err) {
		// Already signed out on the server counts as done; anything else is worth saying.
		if (err.status !== 401) {
			toast(err.message);
			return;
		}
	}
	setSession(null);
	drawHeader();
	history.replaceState(null, '', '#/');
	render();
	toast('已退出登录');
}

/* Ask the server who is signed in; 401 means the sign-in page. */
async function boot() {
	mount(main, loading('正在连接服务器…'));
	try {
		setSession(await get('/session'));
	} catch (err) {
		if (err.status !== 401) {
			mount(main, errorBox(err, boot));
			return;
		}
		setSession(null);
	}
	drawHeader();
	render();
}

window.addEventListener('hashchange', () => render());
window.addEventListener('yth:signed-out', () => {
	if (!user())
		return;
	setSession(null);
	drawHeader();
	render();
	toast('登录已过期，请重新登录');
});
document.getElementById('signout').addEventListener('click', signOut);
boot();
