/* SPDX-License-Identifier: MIT */
/* This file contains the drugs area's monitors (预警), each citing its rule: lots near
 * expiry and expired stock still on hand (SR-DRG-4), items below a place's minimum
 * (SR-DRG-4, shortage), places not counted within the profile's period and variances
 * posted in the last month (SR-DRG-3), adverse-event reports of the last 30 days
 * (SR-DRG-5) and stock requests waiting for the centre (SR-DRG-2). Computed on demand,
 * never stored; gathered with the other areas' by org_alerts(). Also the expiry and
 * shortage dashboard, counted from the same monitors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/staff_rules.h"
#include "http/handlers.h"
#include "org/org.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

/* Titles the dashboard counts by. */
static const char TITLE_NEAR[] = "药品近效期";
static const char TITLE_EXPIRED[] = "过期药品仍在库";
static const char TITLE_SHORT[] = "药品低于最低库存";

struct ctx {
	const char *county; /* only this county, or NULL */
	char today[11];
	json_t *alerts; /* borrowed */
};

static bool wanted(const struct ctx *c, const char *county)
{
	return !c->county || (county && strcmp(c->county, county) == 0);
}

static void add(struct ctx *c, const char *rule, const char *severity, const char *title,
		const char *institution_id, const char *institution_name, const char *division,
		const char *county, const char *fmt, ...) __attribute__((format(printf, 9, 10)));
static void add(struct ctx *c, const char *rule, const char *severity, const char *title,
		const char *institution_id, const char *institution_name, const char *division,
		const char *county, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	org_alert_vadd(c->alerts, rule, severity, title, institution_id, institution_name,
		       division, county, fmt, ap);
	va_end(ap);
}

/* DATE shifted by DAYS (negative: back) into OUT. */
static void shift_days(const char *date, long days, char out[11])
{
	struct tm tm = {0};
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	time_t t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* SR-DRG-4: every lot on hand expired (usable on its expiry date, not after) or expiring
 * within the profile's drugs.expiry_warning_days. */
static int expiry(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	if (store_watch_stock(db, scope, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *id = db_res_text(res, r, 0), *name = db_res_text(res, r, 1);
		const char *county = db_res_text(res, r, 2), *division = db_res_text(res, r, 3);
		const char *item = db_res_text(res, r, 4), *lot_no = db_res_text(res, r, 5);
		const char *expiry = db_res_text(res, r, 6), *unit = db_res_text(res, r, 8);
		long long quantity = db_res_int(res, r, 7);
		if (!wanted(c, county))
			continue;
		const json_t *p = org_profile_for(county, c->today);
		long long warn = org_profile_param_in(p, "drugs", "expiry_warning_days", 90);
		long left = rules_days_between(c->today, expiry);
		if (left < 0)
			add(c, "SR-DRG-4", "error", TITLE_EXPIRED, id, name, division, county,
			    "%s库存中%s（批号 %s）已于 %s 过期，仍有 %lld%s，应停止使用并回收销毁。",
			    name, item, lot_no, expiry, quantity, unit);
		else if (left <= warn)
			add(c, "SR-DRG-4", "warning", TITLE_NEAR, id, name, division, county,
			    "%s库存中%s（批号 %s）将于 %s 过期，还剩 %ld 天（提前 %lld 天预警），尚有 "
			    "%lld%s。",
			    name, item, lot_no, expiry, left, warn, quantity, unit);
	}
	db_res_free(res);
	return 0;
}

/* SR-DRG-4 shortage: usable stock (lots not expired) below the place's minimum. */
static int shortages(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	if (store_watch_minimums(db, scope, c->today, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 2);
		long long minimum = db_res_int(res, r, 6), on_hand = db_res_int(res, r, 7);
		if (!wanted(c, county) || on_hand >= minimum)
			continue;
		const char *name = db_res_text(res, r, 1), *unit = db_res_text(res, r, 5);
		add(c, "SR-DRG-4", "warning", TITLE_SHORT, db_res_text(res, r, 0), name,
		    db_res_text(res, r, 3), county,
		    "%s的%s可用库存 %lld%s，低于最低库存 %lld%s，请申领补货。", name,
		    db_res_text(res, r, 4), on_hand, unit, minimum, unit);
	}
	db_res_free(res);
	return 0;
}

/* SR-DRG-3: a place holding stock counted longer ago than drugs.stocktake_every_months,
 * or never counted since its first movement that long ago. */
static int counts(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	if (store_watch_counts(db, scope, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 2);
		if (!wanted(c, county))
			continue;
		const json_t *p = org_profile_for(county, c->today);
		long long months = org_profile_param_in(p, "drugs", "stocktake_every_months", 0);
		if (months <= 0)
			continue;
		const char *last = db_res_text(res, r, 4), *first = db_res_text(res, r, 5);
		char since[11], due[11];
		/* Stock held for less than a period needs no count yet. */
		snprintf(since, sizeof(since), "%.10s", last ? last : first ? first : c->today);
		rules_add_months(since, (int)months, due);
		if (strcmp(due, c->today) >= 0)
			continue;
		const char *name = db_res_text(res, r, 1);
		if (last)
			add(c, "SR-DRG-3", "warning", "药品逾期未盘点", db_res_text(res, r, 0), name,
			    db_res_text(res, r, 3), county,
			    "%s上次盘点于 %s，超过 %lld 个月未盘点（应于 %s 前盘点）。", name, last,
			    months, due);
		else
			add(c, "SR-DRG-3", "warning", "药品从未盘点", db_res_text(res, r, 0), name,
			    db_res_text(res, r, 3), county,
			    "%s自 %s 起有药品库存，从未盘点；每 %lld 个月应盘点一次。", name, since,
			    months);
	}
	db_res_free(res);
	return 0;
}

/* SR-DRG-3: stocktakes with variances posted in the last month. */
static int variances(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	char since[11];
	rules_add_months(c->today, -1, since);
	if (store_watch_variances(db, scope, since, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 3), *name = db_res_text(res, r, 2);
		if (!wanted(c, county))
			continue;
		long long value = db_res_int(res, r, 7);
		add(c, "SR-DRG-3", "info", "盘点差异已过账", db_res_text(res, r, 1), name,
		    db_res_text(res, r, 4), county,
		    "%s %s 盘点有 %lld 个批号账实不符，差异金额 %s%lld.%02lld 元，已按原因调整。", name,
		    db_res_text(res, r, 5), (long long)db_res_int(res, r, 6), value < 0 ? "-" : "",
		    llabs(value) / 100, llabs(value) % 100);
	}
	db_res_free(res);
	return 0;
}

static const char *seriousness_label(const char *s)
{
	return strcmp(s, "fatal") == 0	  ? "死亡"
	       : strcmp(s, "severe") == 0 ? "严重"
	       : strcmp(s, "moderate") == 0 ? "中度"
					    : "轻度";
}

/* SR-DRG-5: adverse-event reports of the last 30 days; severe or fatal ones warn. */
static int adverse(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	char since[11];
	shift_days(c->today, -30, since);
	if (store_watch_adverse(db, scope, since, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 3), *name = db_res_text(res, r, 2);
		const char *level = db_res_text(res, r, 7), *lot_no = db_res_text(res, r, 6);
		if (!wanted(c, county))
			continue;
		bool grave = strcmp(level, "severe") == 0 || strcmp(level, "fatal") == 0;
		add(c, "SR-DRG-5", grave ? "warning" : "info",
		    grave ? "严重药品不良反应 / 事件" : "药品不良反应 / 事件报告",
		    db_res_text(res, r, 1), name, db_res_text(res, r, 4), county,
		    "%s报告%s%s%s%s %s 发生%s不良反应：%.200s", name, db_res_text(res, r, 5),
		    lot_no ? "（批号 " : "", lot_no ? lot_no : "", lot_no ? "）" : "",
		    db_res_text(res, r, 9), seriousness_label(level), db_res_text(res, r, 8));
	}
	db_res_free(res);
	return 0;
}

/* SR-DRG-2: stock requests waiting for the centre's decision more than 3 days. */
static int requests(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	char before[11];
	shift_days(c->today, -3, before);
	if (store_watch_requests(db, scope, before, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 3), *name = db_res_text(res, r, 2);
		if (!wanted(c, county))
			continue;
		add(c, "SR-DRG-2", "info", "药品申领待卫生院审批", db_res_text(res, r, 1), name,
		    db_res_text(res, r, 4), county, "%s于 %.10s 提交的药品申领已超过 3 天未审批（%s）。",
		    db_res_text(res, r, 5), db_res_text(res, r, 6), name);
	}
	db_res_free(res);
	return 0;
}

int pharm_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
		 struct app_error *err)
{
	struct ctx c = {.county = county, .alerts = alerts};
	org_today(c.today);
	if (expiry(db, scope, &c) != 0 || shortages(db, scope, &c) != 0 ||
	    counts(db, scope, &c) != 0 || variances(db, scope, &c) != 0 ||
	    adverse(db, scope, &c) != 0 || requests(db, scope, &c) != 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	return 0;
}

/* ---- the expiry and shortage dashboard ---- */

/* Add one to COUNTER of ROW (an object of integers; borrowed). */
static void bump(json_t *row, const char *counter)
{
	json_object_set_new(row, counter,
			    json_integer(json_integer_value(json_object_get(row, counter)) + 1));
}

static json_t *tally(const char *kind_key, const char *kind, const char *id, const char *name,
		     const char *county)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i}", kind_key, kind, "id", id, "name",
			 name, "county_code", county, "near_expiry", 0, "expired", 0,
			 "below_minimum", 0);
}

enum MHD_Result pharm_h_dashboard(struct req *r)
{
	struct db_res *res;
	struct ctx c = {.alerts = json_array()};
	org_today(c.today);
	if (expiry(r->db, r->who.scope_path, &c) != 0 ||
	    shortages(r->db, r->who.scope_path, &c) != 0 ||
	    store_watch_places(r->db, r->who.scope_path, &res) < 0) {
		json_decref(c.alerts);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	/* One row per open clinic and centre (zeros included, so that the charts show every
	 * place), one per county; places keyed by id, counties by code. */
	json_t *places = json_object(), *counties = json_object();
	json_t *place_rows = json_array(), *county_rows = json_array();
	for (size_t i = 0; i < db_res_rows(res); i++) {
		const char *id = db_res_text(res, i, 0), *county = db_res_text(res, i, 3);
		json_t *row = tally("kind", db_res_text(res, i, 2), id, db_res_text(res, i, 1), county);
		json_object_set_new(row, "division_code", json_string(db_res_text(res, i, 5)));
		json_object_set(places, id, row);
		json_array_append_new(place_rows, row);
		if (!json_object_get(counties, county)) {
			json_t *sum = json_pack("{s:s, s:s, s:i, s:i, s:i}", "county_code", county,
						"county_name", db_res_text(res, i, 4), "near_expiry",
						0, "expired", 0, "below_minimum", 0);
			json_object_set(counties, county, sum);
			json_array_append_new(county_rows, sum);
		}
	}
	db_res_free(res);
	size_t i;
	json_t *a;
	json_array_foreach(c.alerts, i, a)
	{
		const char *title = json_string_value(json_object_get(a, "title"));
		const char *counter = strcmp(title, TITLE_NEAR) == 0	   ? "near_expiry"
				      : strcmp(title, TITLE_EXPIRED) == 0 ? "expired"
				      : strcmp(title, TITLE_SHORT) == 0	   ? "below_minimum"
									   : NULL;
		json_t *place = json_object_get(
			places, json_string_value(json_object_get(a, "institution_id")));
		json_t *county = json_object_get(
			counties, json_string_value(json_object_get(a, "county_code")));
		if (!counter || !place)
			continue; /* stock at a place closed or not a clinic / centre */
		bump(place, counter);
		if (county)
			bump(county, counter);
	}
	json_decref(c.alerts);
	json_decref(places);
	json_decref(counties);
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:s, s:o, s:o}", "date", c.today, "clinics", place_rows,
				    "counties", county_rows));
}
