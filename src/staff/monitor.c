/* SPDX-License-Identifier: MIT */
/* This file contains the personnel area's monitors (预警), each citing its rule: staffing
 * (SR-STF-1, LB-STF-1, LB-STF-2, LB-STF-5), age limits approaching or passed (SR-STF-3,
 * LB-STF-6), short dispatched postings (LB-STF-5), certificates expiring (SR-STF-2,
 * LB-STF-3), unauthorised absence (LB-STF-7), training (LB-STF-8), contracts awaiting the
 * county's approval (LB-STF-4) and exit reviews awaiting its decision (LB-STF-7).
 * Computed on demand, never stored; gathered with the other areas' by org_alerts(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/staff_rules.h"
#include "http/handlers.h"
#include "org/org.h"
#include "staff/staff.h"
#include "staff/staff_impl.h"
#include "staff/store.h"

struct ctx {
	const char *county; /* only this county, or NULL */
	char today[11];
	json_t *alerts;     /* borrowed */
};

static void add(struct ctx *c, const char *rule, const char *severity, const char *title,
		const char *institution_id, const char *institution_name, const char *county,
		const char *person_id, const char *person_name, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));
static void add(struct ctx *c, const char *rule, const char *severity, const char *title,
		const char *institution_id, const char *institution_name, const char *county,
		const char *person_id, const char *person_name, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	json_array_append_new(
		c->alerts,
		json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:s?}", "rule", rule,
			  "severity", severity, "title", title, "message", message,
			  "institution_id", institution_id, "institution_name", institution_name,
			  "division_code", county, "county_code", county, "person_id", person_id,
			  "person_name", person_name));
}

static bool wanted(const struct ctx *c, const char *county)
{
	return !c->county || (county && strcmp(c->county, county) == 0);
}

static const char *group_rule(const json_t *p, const char *group, const char *fallback)
{
	const char *rule = json_string_value(json_object_get(org_profile_group(p, group), "rule"));
	return rule ? rule : fallback;
}

static int staffing(struct db *db, const char *scope, struct ctx *c, struct app_error *err)
{
	json_t *rows = staff_staffing(db, scope, err);
	if (!rows)
		return -1;
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s)
	{
		const char *county = json_string_value(json_object_get(s, "county_code"));
		const char *state = json_string_value(json_object_get(s, "state"));
		const char *id = json_string_value(json_object_get(s, "clinic_id"));
		const char *name = json_string_value(json_object_get(s, "clinic_name"));
		/* A planned clinic has no staff yet: that is the plan's business (SR-ORG-1). */
		if (!wanted(c, county) ||
		    strcmp(json_string_value(json_object_get(s, "clinic_status")), "open") != 0)
			continue;
		const json_t *p = org_profile_for(county, c->today);
		long long needed = json_integer_value(json_object_get(s, "needed"));
		long long posted = json_integer_value(json_object_get(s, "posted"));
		if (strcmp(state, "none") == 0) {
			const char *rule = json_string_value(
				json_object_get(org_profile_group(p, "staffing"), "no_doctor_rule"));
			add(c, rule ? rule : "SR-STF-1", "error", "村卫生室无村医", id, name, county,
			    NULL, NULL, "%s没有在岗村医，应由卫生院派驻具有执业资格的人员。", name);
		} else if (strcmp(state, "short") == 0) {
			add(c, group_rule(p, "staffing", "SR-STF-1"), "warning", "村医配备不足", id,
			    name, county, NULL, NULL, "%s服务 %lld 人，应配 %lld 名村医，实配 %lld 名。",
			    name, (long long)json_integer_value(json_object_get(s, "population")),
			    needed, posted);
		} else if (strcmp(state, "over") == 0) {
			add(c, group_rule(p, "staffing", "SR-STF-1"), "info", "村医超配", id, name,
			    county, NULL, NULL, "%s服务 %lld 人，最多配 %lld 名村医，实配 %lld 名。",
			    name, (long long)json_integer_value(json_object_get(s, "population")),
			    (long long)json_integer_value(json_object_get(s, "needed_max")), posted);
		}
		if (json_is_true(json_object_get(s, "woman_needed")))
			add(c, group_rule(p, "woman_among_doctors", "LB-STF-2"), "info",
			    "宜配备女性村医", id, name, county, NULL, NULL,
			    "%s有 %lld 名村医，没有女性村医；鼓励至少配备 1 名。", name, posted);
	}
	json_decref(rows);
	return 0;
}

/* True if KINDS (array) holds a licence: 执业医师 or 执业助理医师. */
static bool licensed(const json_t *kinds)
{
	size_t i;
	json_t *k;
	json_array_foreach(kinds, i, k)
	{
		const char *kind = json_string_value(k);
		if (strcmp(kind, "physician") == 0 || strcmp(kind, "assistant_physician") == 0)
			return true;
	}
	return false;
}

/* SR-STF-4: conversion of village doctors into licensed (assistant) physicians, per county
 * whose profile's training group cites it. COUNTS: {county: [doctors, licensed]}. */
static void conversion(struct ctx *c, json_t *counts)
{
	const char *county;
	json_t *pair;
	json_object_foreach(counts, county, pair)
	{
		const json_t *p = org_profile_for(county, c->today);
		if (strcmp(group_rule(p, "training", ""), "SR-STF-4") != 0)
			continue;
		long long doctors = json_integer_value(json_array_get(pair, 0));
		long long licensed_ones = json_integer_value(json_array_get(pair, 1));
		add(c, "SR-STF-4", "info", "乡村医生向执业（助理）医师转化", NULL, NULL, county, NULL,
		    NULL, "在岗村医 %lld 名，其中执业（助理）医师 %lld 名（%lld%%）。", doctors,
		    licensed_ones, doctors ? licensed_ones * 100 / doctors : 0);
	}
}

static int postings(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	json_t *counts = json_object();
	json_t *kinds = staff_kinds_by_person(db, scope);
	if (!kinds || store_postings(db, scope, c->today, &res) < 0) {
		json_decref(kinds);
		json_decref(counts);
		return -1;
	}
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 9);
		const char *person = db_res_text(res, r, 1), *name = db_res_text(res, r, 2);
		const char *clinic = db_res_text(res, r, 5), *clinic_name = db_res_text(res, r, 6);
		if (!wanted(c, county))
			continue;
		json_t *pair = json_object_get(counts, county);
		if (!pair) {
			pair = json_pack("[i, i]", 0, 0);
			json_object_set_new(counts, county, pair);
		}
		json_array_set_new(pair, 0, json_integer(json_integer_value(json_array_get(pair, 0)) + 1));
		if (licensed(json_object_get(kinds, person)))
			json_array_set_new(pair, 1,
					   json_integer(json_integer_value(json_array_get(pair, 1)) + 1));
		const json_t *p = org_profile_for(county, c->today);
		char limit_on[11], horizon[11];
		rules_add_months(c->today, (int)org_profile_param(p, "vacancy_horizon_months", 12),
				 horizon);
		int limit = staff_posting_limit(p, json_object_get(kinds, person),
						db_res_text(res, r, 3), db_res_text(res, r, 4),
						db_res_int(res, r, 13), db_res_int(res, r, 14), limit_on);
		const char *rule = group_rule(p, "age_limit", "SR-STF-3");
		if (limit > 0 && strcmp(limit_on, c->today) <= 0)
			add(c, rule, "error", "已达年龄上限仍在岗", clinic, clinic_name, county, person,
			    name, "%s已于 %s 年满 %d 周岁，合同仍有效；须经批准延长或返聘，否则应退出。",
			    name, limit_on, limit);
		else if (limit > 0 && strcmp(limit_on, horizon) <= 0)
			add(c, rule, "warning", "即将到达年龄上限", clinic, clinic_name, county, person,
			    name, "%s将于 %s 年满 %d 周岁（%s），请提前安排接替人员。", name, limit_on,
			    limit, clinic_name);
		long long min_months = org_profile_param(p, "dispatch_min_months", 0);
		if (min_months > 0 && strcmp(db_res_text(res, r, 10), "dispatched") == 0) {
			char full[11];
			rules_add_months(db_res_text(res, r, 11), (int)min_months, full);
			if (strcmp(db_res_text(res, r, 12), full) < 0)
				add(c, "LB-STF-5", "warning", "派驻时间不足", clinic, clinic_name, county,
				    person, name, "%s派驻%s自 %s 至 %s，不足 %lld 个月。", name,
				    clinic_name, db_res_text(res, r, 11), db_res_text(res, r, 12),
				    min_months);
		}
	}
	db_res_free(res);
	json_decref(kinds);
	conversion(c, counts);
	json_decref(counts);
	return 0;
}

static int certificates(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	if (store_scope_qualifications(db, scope, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 6), *until = db_res_text(res, r, 3);
		if (!until || !wanted(c, county))
			continue;
		const json_t *p = org_profile_for(county, c->today);
		long long warn = org_profile_param_in(p, "qualification", "certificate_warning_days", 90);
		long left = rules_days_between(c->today, until);
		const char *rule = group_rule(p, "qualification", "SR-STF-2");
		if (left < 0)
			add(c, rule, "error", "资格证书已过期", NULL, NULL, county, db_res_text(res, r, 0),
			    db_res_text(res, r, 5), "%s的证书 %s 已于 %s 过期。", db_res_text(res, r, 5),
			    db_res_text(res, r, 2), until);
		else if (left <= warn)
			add(c, rule, "warning", "资格证书即将到期", NULL, NULL, county,
			    db_res_text(res, r, 0), db_res_text(res, r, 5),
			    "%s的证书 %s 将于 %s 到期，还剩 %ld 天。", db_res_text(res, r, 5),
			    db_res_text(res, r, 2), until, left);
	}
	db_res_free(res);
	return 0;
}

static int absences(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	char from[11], to[11];
	snprintf(from, sizeof(from), "%.4s-01-01", c->today);
	snprintf(to, sizeof(to), "%.4s-12-31", c->today);
	if (store_absences(db, scope, from, to, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 2);
		if (!wanted(c, county))
			continue;
		const json_t *p = org_profile_for(county, c->today);
		int days = (int)db_res_int(res, r, 3);
		int alert = (int)org_profile_param(p, "absence_alert_days", 0);
		int exit = (int)org_profile_param(p, "absence_exit_days", 0);
		if (rules_absence(days, alert, exit) == ABSENCE_NONE)
			continue;
		add(c, "LB-STF-7", days >= exit && exit ? "error" : "warning", "擅自离岗天数预警",
		    NULL, NULL, county, db_res_text(res, r, 0), db_res_text(res, r, 1),
		    "%s今年已擅自离岗 %d 天（%d 天预警，累计 %d 天应退出）。", db_res_text(res, r, 1),
		    days, alert, exit);
	}
	db_res_free(res);
	return 0;
}

static int training(struct db *db, const char *scope, struct ctx *c)
{
	/* The last whole year is judged; the current one is still running. */
	struct db_res *res;
	char from[24], to[24];
	int year = atoi(c->today) - 1;
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	if (store_training_totals(db, scope, from, to, 30, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 2), *name = db_res_text(res, r, 1);
		const char *person = db_res_text(res, r, 0);
		if (!wanted(c, county))
			continue;
		const json_t *p = org_profile_for(county, c->today);
		long long courses = org_profile_param_in(p, "training", "per_year_min_courses", 0);
		long long days = org_profile_param_in(p, "training", "per_year_min_days", 0);
		const char *rule = group_rule(p, "training", "SR-STF-4");
		const char *since = db_res_text(res, r, 6);
		if ((courses || days) && since && strncmp(since, to, 10) <= 0 &&
		    !rules_training_year_ok((int)db_res_int(res, r, 3), (int)db_res_int(res, r, 4),
					    (int)courses, (int)days))
			add(c, rule, "warning", "年度培训未达标", NULL, NULL, county, person, name,
			    "%s %d 年参加培训 %lld 次、%lld 天，低于每年 %lld 次、%lld 天。", name, year,
			    (long long)db_res_int(res, r, 3), (long long)db_res_int(res, r, 4), courses,
			    days);
		long long every = org_profile_param_in(p, "training", "further_study_every_years", 0);
		long long warn = org_profile_param_in(p, "training", "further_study_warn_after_years", 0);
		if (!every || !since)
			continue;
		enum further_study st = rules_further_study(db_res_text(res, r, 5), since, c->today,
							    (int)warn, (int)every);
		if (st != STUDY_OK)
			add(c, rule, st == STUDY_OVERDUE ? "warning" : "info",
			    st == STUDY_OVERDUE ? "脱产进修逾期" : "应安排脱产进修", NULL, NULL, county,
			    person, name, "%s上次脱产进修：%s；每 %lld 年应进修至少 1 个月。", name,
			    db_res_text(res, r, 5) ? db_res_text(res, r, 5) : "无", every);
	}
	db_res_free(res);
	return 0;
}

static int decisions(struct db *db, const char *scope, struct ctx *c)
{
	struct db_res *res;
	if (store_pending_contracts(db, scope, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++)
		if (wanted(c, db_res_text(res, r, 3)))
			add(c, "LB-STF-4", "info", "合同待县局审批", NULL, NULL, db_res_text(res, r, 3),
			    db_res_text(res, r, 1), db_res_text(res, r, 2),
			    "%s派驻%s的聘用合同待县（区）卫健局审批，批准后生效。",
			    db_res_text(res, r, 2), db_res_text(res, r, 4));
	db_res_free(res);
	if (store_open_exit_reviews(db, scope, &res) < 0)
		return -1;
	for (size_t r = 0; r < db_res_rows(res); r++)
		if (wanted(c, db_res_text(res, r, 3)))
			add(c, "LB-STF-7", "warning", "退出审核待确认", NULL, NULL,
			    db_res_text(res, r, 3), db_res_text(res, r, 1), db_res_text(res, r, 2),
			    "%s的退出审核（%s）待县（区）卫健局确认。", db_res_text(res, r, 2),
			    db_res_text(res, r, 4));
	db_res_free(res);
	return 0;
}

int staff_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
		 struct app_error *err)
{
	struct ctx c = {.county = county, .alerts = alerts};
	org_today(c.today);
	if (staffing(db, scope, &c, err) != 0)
		return -1;
	if (postings(db, scope, &c) != 0 || certificates(db, scope, &c) != 0 ||
	    absences(db, scope, &c) != 0 || training(db, scope, &c) != 0 ||
	    decisions(db, scope, &c) != 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	return 0;
}

enum MHD_Result staff_h_person_alerts(struct req *r)
{
	struct app_error err;
	char path[512], owner[37];
	const char *id = req_param(r, "id");
	int rc = staff_person_resolve(r->db, id, path, sizeof(path), owner);
	if (rc <= 0)
		return reply_err(r, rc < 0 ? ERR_INTERNAL : ERR_NOT_FOUND, NULL, NULL, NULL);
	json_t *alerts = json_array();
	if (staff_alerts(r->db, path, NULL, alerts, &err) != 0) {
		json_decref(alerts);
		return reply_error(r, &err);
	}
	json_t *mine = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(alerts, i, a)
	{
		const char *person = json_string_value(json_object_get(a, "person_id"));
		if (person && strcmp(person, id) == 0)
			json_array_append(mine, a);
	}
	json_decref(alerts);
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:I, s:n}", "items", mine,
				    "total", (json_int_t)json_array_size(mine), "next_offset"));
}
