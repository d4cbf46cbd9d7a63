/* SPDX-License-Identifier: MIT */
/* This file contains the finance area's monitors (预警), each citing its rule: takings not
 * handed in within the profile's days and money owed to a clinic left unpaid (SR-FIN-3,
 * SR-INS-1; remittance.c), assets missing at a check (SR-FIN-5; asset.c), rectifications
 * past their deadline (SR-FIN-4; audit_visit.c). Computed on demand, never stored; gathered
 * with the other areas' by org_alerts(). */
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "org/org.h"

int fin_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
	       struct app_error *err)
{
	char today[11];
	org_today(today);
	if (fin_takings_alerts(db, scope, county, today, alerts, err) < 0 ||
	    fin_asset_alerts(db, scope, county, today, alerts, err) < 0 ||
	    fin_audit_alerts(db, scope, county, today, alerts, err) < 0)
		return -1;
	return 0;
}
