// SPDX-License-Identifier: MIT
// Who is signed in, and what their role lets the UI offer. The server checks every
// request anyway; the UI only hides what would be refused.

import { setCsrf } from './api.js';

let current = null;

/* Remember the reply of POST or GET /api/v1/session ({user, csrf_token}); null signs out. */
export function setSession(reply) {
	current = reply ? reply.user : null;
	setCsrf(reply ? reply.csrf_token : '');
}

/* The signed-in user ({id, username, display_name, role, role_label, institution_id,
 * institution_name}), or null. */
export function user() {
	return current;
}

const WRITERS = new Set(['admin', 'county', 'centre']);

/* True if the user may edit institutions and tick the checklist (SR-ORG-4 records). */
export function canWrite() {
	return !!current && WRITERS.has(current.role);
}

/* Which home page the role gets: the county picture, a centre's clinics, or one clinic. */
export function homeKind() {
	if (!current)
		return 'none';
	if (current.role === 'clinic')
		return 'clinic';
	if (current.role === 'centre')
		return 'centre';
	return 'county';
}
