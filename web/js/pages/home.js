// SPDX-License-Identifier: MIT
// The home page, by role: the county picture (coverage per county) for the bureau, admin,
// auditors and insurance; a centre manager's clinics; a village doctor's own clinic; the
// centre's pharmacist's store.

import { homeKind, user } from '../session.js';

export default async function home(root, ctx) {
	const kind = homeKind();
	if (kind === 'clinic') {
		const page = await import('./institution.js');
		const params = { id: user().institution_id };
		return page.default(root, { params, query: ctx.query });
	}
	// The centre's pharmacist works in the store (药库) first of all.
	if (user().role === 'pharmacy') {
		const page = await import('./store.js');
		return page.default(root, ctx);
	}
	const page = kind === 'centre' ? await import('./home-centre.js')
		: await import('./home-county.js');
	return page.default(root, ctx);
}
