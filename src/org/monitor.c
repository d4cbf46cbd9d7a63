/* SPDX-License-Identifier: MIT */
/* This file contains the institutions area's monitors (预警), each citing its rule:
 * villages with no clinic and clinics still only planned (SR-ORG-1), clinics without a
 * licence or with one expired or expiring (SR-ORG-2), counties behind their coverage
 * target (SR-ORG-4 / LB-ORG-1). Alerts are computed on demand, never stored. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/divcode.h"
#include "finance/finance.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"
#include "pharmacy/pharmacy.h"
#include "staff/staff.h"

static const struct ent_enum severities[] = {
	{"error", "严重"}, {"warning", "警告"}, {"info", "提示"}, {NULL, NULL},
};

static const struct ent_field fields[] = {
	{"rule", "规则", ENT_TEXT, EF_READONLY | EF_FILTER | EF_SORT},
	{"severity", "级别", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = severities},
	{"title", "预警", ENT_TEXT, EF_READONLY},
	{"message", "说明", ENT_TEXT, EF_READONLY},
	{"institution_id", "机构编号", ENT_ID, EF_READONLY | EF_FILTER | EF_NULLABLE},
	{"institution_name", "机构", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"division_code", "区划代码", ENT_TEXT, EF_READONLY | EF_SORT},
	{"county_code", "县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"person_id", "人员编号", ENT_ID, EF_READONLY | EF_FILTER | EF_NULLABLE},
	{"person_name", "人员", ENT_TEXT, EF_READONLY | EF_NULLABLE},
};

const struct entity alert_entity = {
	.name = "alert",
	.label = "预警",
	.table = "institutions",
	ENT_FIELDS(fields),
};

void org_alert_vadd(json_t *alerts, const char *rule, const char *severity, const char *title,
		    const char *institution_id, const char *institution_name,
		    const char *division_code, const char *county_code, const char *fmt, va_list ap)
{
	char message[512];
	vsnprintf(message, sizeof(message), fmt, ap);
	json_array_append_new(
		alerts, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s}", "rule", rule,
				  "severity", severity, "title", title, "message", message,
				  "institution_id", institution_id, "institution_name",
				  institution_name, "division_code",
				  division_code ? division_code : county_code, "county_code",
				  county_code));
}

void org_alert_add(json_t *alerts, const char *rule, const char *severity, const char *title,
		   const char *institution_id, const char *institution_name,
		   const char *division_code, const char *county_code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	org_alert_vadd(alerts, rule, severity, title, institution_id, institution_name,
		       division_code, county_code, fmt, ap);
	va_end(ap);
}

/* Days from civil date A to civil date B (both YYYY-MM-DD). */
static long days_between(const char *a, const char *b)
{
	struct tm ta = {0}, tb = {0};
	sscanf(a, "%d-%d-%d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday);
	sscanf(b, "%d-%d-%d", &tb.tm_year, &tb.tm_mon, &tb.tm_mday);
	ta.tm_year -= 1900;
	tb.tm_year -= 1900;
	ta.tm_mon--;
	tb.tm_mon--;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

static int villages(struct db *db, const char *scope, const char *county, json_t *alerts)
{
	struct db_res *res;
	int rc = store_villages_without_clinic(db, scope, &res);
	if (rc < 0)
		return rc;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *code = db_res_text(res, r, 0), *name = db_res_text(res, r, 1);
		const char *county_code = db_res_text(res, r, 4);
		if (county && strcmp(county, county_code) != 0)
			continue;
		/* Residents' committees need no clinic; a township seat may go without one. */
		if (divcode_village_kind(code) != VILLAGE_COMMITTEE ||
		    divcode_is_seat(name, db_res_text(res, r, 3)))
			continue;
		char message[400];
		snprintf(message, sizeof(message),
			 "%s%s（%s）尚无村卫生室，也未规划；原则上每个行政村设一所产权公有村卫生室。",
			 db_res_text(res, r, 3), name, code);
		org_alert_add(alerts, "SR-ORG-1", "warning", "行政村无村卫生室",
			      db_res_text(res, r, 5), NULL, code, county_code, "%s", message);
	}
	db_res_free(res);
	return 0;
}

static int clinics(struct db *db, const char *scope, const char *county, const char *today,
		   json_t *alerts)
{
	struct db_res *res;
	int rc = store_clinics_for_monitor(db, scope, &res);
	if (rc < 0)
		return rc;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *id = db_res_text(res, r, 0), *name = db_res_text(res, r, 1);
		const char *division = db_res_text(res, r, 2), *county_code = db_res_text(res, r, 3);
		const char *status = db_res_text(res, r, 4);
		const char *licence = db_res_text(res, r, 6), *until = db_res_text(res, r, 7);
		char message[400];
		if (county && strcmp(county, county_code) != 0)
			continue;
		if (strcmp(status, "planned") == 0) {
			if (db_res_int(res, r, 5))
				continue; /* township seat: a clinic is optional (SR-ORG-1) */
			snprintf(message, sizeof(message), "%s仍在规划中，尚未开业。", name);
			org_alert_add(alerts, "SR-ORG-1", "info", "村卫生室尚未开业",
				      id, name, division, county_code, "%s", message);
			continue;
		}
		const json_t *p = org_profile_for(county_code, today);
		long warn = (long)org_profile_param(p, "licence_warning_days", 90);
		if (!licence || !until) {
			snprintf(message, sizeof(message),
				 "%s已开业但未登记《医疗机构执业许可证》（证号与有效期）。", name);
			org_alert_add(alerts, "SR-ORG-2", "error", "无执业许可证",
				      id, name, division, county_code, "%s", message);
			continue;
		}
		long left = days_between(today, until);
		if (left < 0) {
			snprintf(message, sizeof(message), "%s的执业许可证（%s）已于 %s 过期。", name,
				 licence, until);
			org_alert_add(alerts, "SR-ORG-2", "error", "执业许可证已过期",
				      id, name, division, county_code, "%s", message);
		} else if (left <= warn) {
			snprintf(message, sizeof(message),
				 "%s的执业许可证（%s）将于 %s 到期，还剩 %ld 天（提前 %ld 天预警）。",
				 name, licence, until, left, warn);
			org_alert_add(alerts, "SR-ORG-2", "warning", "执业许可证即将到期",
				      id, name, division, county_code, "%s", message);
		}
	}
	db_res_free(res);
	return 0;
}

static int coverage(struct db *db, const char *scope, const char *county, const char *today,
		    json_t *alerts, struct app_error *err)
{
	int year = atoi(today);
	json_t *rows = org_coverage(db, scope, year, err);
	if (!rows)
		return DB_HARD;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *county_code = json_string_value(json_object_get(row, "county_code"));
		if (!json_is_true(json_object_get(row, "behind")) ||
		    (county && strcmp(county, county_code) != 0))
			continue;
		char message[400];
		snprintf(message, sizeof(message),
			 "%s %d 年一体化覆盖率 %lld%%（%lld/%lld 所村卫生室），低于年度目标 %lld%%。",
			 json_string_value(json_object_get(row, "county_name")), year,
			 (long long)json_integer_value(json_object_get(row, "share_pct")),
			 (long long)json_integer_value(json_object_get(row, "integrated")),
			 (long long)json_integer_value(json_object_get(row, "clinics")),
			 (long long)json_integer_value(json_object_get(row, "target_pct")));
		org_alert_add(alerts, json_string_value(json_object_get(row, "rule")), "error",
			      "一体化覆盖率未达目标", NULL,
			      json_string_value(json_object_get(row, "county_name")), county_code,
			      county_code, "%s", message);
	}
	json_decref(rows);
	return 0;
}

json_t *org_alerts(struct db *db, const char *scope, const char *county, struct app_error *err)
{
	char today[11];
	org_today(today);
	json_t *alerts = json_array();
	/* Every area's monitors are gathered here: the institutions area's own, then each
	 * area's (the personnel area's staff_alerts, the drugs area's pharm_alerts, the finance
	 * area's fin_alerts). */
	if (coverage(db, scope, county, today, alerts, err) < 0 ||
	    clinics(db, scope, county, today, alerts) < 0 || villages(db, scope, county, alerts) < 0 ||
	    staff_alerts(db, scope, county, alerts, err) < 0 ||
	    pharm_alerts(db, scope, county, alerts, err) < 0 ||
	    fin_alerts(db, scope, county, alerts, err) < 0) {
		json_decref(alerts);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	return alerts;
}
