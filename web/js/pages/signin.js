// SPDX-License-Identifier: MIT
// The sign-in page: user name and password; the server's Chinese refusal is shown as is,
// and a locked account (423, five failures) says how long the lock lasts.

import { post } from '../api.js';
import { h, heading, mount, ruleCite } from '../ui.js';

// The server's own message says how long when it can; this says it when it does not.
const LOCK_HINT = '连续 5 次密码错误，账户锁定 15 分钟，请稍后再试或联系管理员解锁。';
const LOCK_NEXT = '请稍后再试，或联系管理员解锁。';

export default function signin(root, { onSignedIn }) {
	const username = h('input', {
		id: 'username', name: 'username', autocomplete: 'username', required: true,
		autocapitalize: 'none', spellcheck: 'false',
	});
	const password = h('input', {
		id: 'password', name: 'password', type: 'password',
		autocomplete: 'current-password', required: true,
	});
	const message = h('div', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide' }, '登录');

	async function onsubmit(ev) {
		ev.preventDefault();
		mount(message);
		submit.disabled = true;
		submit.textContent = '正在登录…';
		try {
			const reply = await post('/session', {
				username: username.value.trim(),
				password: password.value,
			});
			onSignedIn(reply);
		} catch (err) {
			const parts = [h('p', null, err.message, ruleCite(err.rule))];
			if (err.code === 'locked' || err.status === 423)
				parts.push(h('p', { class: 'lock-hint' },
					/分钟/.test(err.message) ? LOCK_NEXT : LOCK_HINT));
			mount(message, parts);
			password.value = '';
			password.focus();
		} finally {
			submit.disabled = false;
			submit.textContent = '登录';
		}
	}

	document.title = '登录 · 村卫生室一体化管理';
	mount(root, h('section', { class: 'signin card' },
		heading('村卫生室一体化管理'),
		h('p', { class: 'muted' }, '县卫健局 · 乡镇卫生院 · 村卫生室'),
		h('form', { onsubmit, novalidate: true },
			h('label', { for: 'username' }, '用户名'), username,
			h('label', { for: 'password' }, '密码'), password,
			message, submit)));
	username.focus();
}
