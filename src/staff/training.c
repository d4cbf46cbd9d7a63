/* SPDX-License-Identifier: MIT */
/* This file contains training (培训): the courses a village doctor took — job training
 * (岗位培训), full-time further study at a central centre (脱产进修) and online courses
 * (网络培训) — with their days and result, and the figures LB-STF-8 asks for: per calendar
 * year at least two courses and two weeks in all, and full-time further study every few
 * years. The minimums are the profile's "training" group; where it holds nulls (Shangrao)
 * the figures are shown and nothing is judged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/staff_rules.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/store.h"

static const struct ent_enum kinds[] = {
	{"job", "岗位培训"},
	{"further_study", "脱产进修"},
	{"online", "网络培训"},
	{NULL, NULL},
};

static const struct ent_enum results[] = {
	{"passed", "合格"},
	{"failed", "不合格"},
	{"attended", "参加"},
	{NULL, NULL},
};

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"person_id", "人员", ENT_ID, EF_READONLY},
	{"title", "培训名称", ENT_TEXT, EF_REQUIRED | EF_SORT, 2, 100},
	{"kind", "类别", ENT_ENUM, EF_REQUIRED | EF_FILTER | EF_SORT, .enums = kinds},
	{"provider", "培训单位", ENT_TEXT, EF_NULLABLE, 1, 100},
	{"starts_on", "开始日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	{"ends_on", "结束日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	{"days", "天数", ENT_INT, EF_REQUIRED | EF_SORT, 1, 366},
	{"result", "结果", ENT_ENUM, EF_REQUIRED | EF_FILTER, .enums = results},
	ENT_STANDARD_FIELDS,
};

const struct entity training_entity = {
	.name = "training",
	.label = "培训",
	.table = "trainings",
	ENT_FIELDS(fields),
	.default_sort = "-starts_on",
};

/* The person's county and the date their file was opened, or ERR (not found → 404). */
struct person_brief {
	char county[16];
	char opened[11];
};

static int load_person(struct db *db, const char *id, struct person_brief *out,
		       struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_time_person(db, id, &res);
	if (rc <= 0) {
		db_res_free(res);
		if (rc == 0)
			err_set(err, ERR_NOT_FOUND, NULL, NULL, "人员不存在");
		else
			err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return rc == 0 ? DB_ABORT : rc;
	}
	snprintf(out->county, sizeof(out->county), "%s", db_res_text(res, 0, 6));
	snprintf(out->opened, sizeof(out->opened), "%s", db_res_text(res, 0, 7));
	db_res_free(res);
	return DB_ONE;
}

/* ---- recording a training ---- */

/* Checks between fields that ent_validate cannot make: the dates in order, no more days
 * than the calendar holds between them, and nothing recorded before it has ended. */
static int check_training(const json_t *rec, struct app_error *err)
{
	const char *starts = json_string_value(json_object_get(rec, "starts_on"));
	const char *ends = json_string_value(json_object_get(rec, "ends_on"));
	json_int_t days = json_integer_value(json_object_get(rec, "days"));
	char today[11];
	org_today(today);
	if (strcmp(ends, starts) < 0)
		return err_set(err, ERR_INVALID, "ends_on", NULL, "结束日期（%s）不能早于开始日期（%s）",
			       ends, starts);
	if (strcmp(ends, today) > 0)
		return err_set(err, ERR_INVALID, "ends_on", NULL,
			       "培训结束后才能登记：结束日期（%s）晚于今天（%s）", ends, today);
	long span = rules_days_between(starts, ends) + 1;
	if (days > span)
		return err_set(err, ERR_INVALID, "days", NULL,
			       "天数（%lld 天）不能超过 %s 至 %s 的日历天数（%ld 天）", (long long)days,
			       starts, ends, span);
	return 0;
}

struct create_txn {
	const struct principal *who;
	const char *person_id;
	const json_t *rec; /* validated body, borrowed */
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	struct person_brief person;
	json_t *copy = NULL, *after = NULL;
	int rc = load_person(db, t->person_id, &person, t->err);
	if (rc < 0)
		return rc;
	/* A retry starts again from the caller's record. */
	copy = json_deep_copy(t->rec);
	db_new_id(t->id);
	json_object_set_new(copy, "id", json_string(t->id));
	json_object_set_new(copy, "person_id", json_string(t->person_id));
	rc = crud_insert(db, &training_entity, copy, NULL, org_by(t->who));
	if (rc < 0)
		goto out;
	rc = crud_get(db, &training_entity, "id", t->id, &after);
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "training", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(copy);
	return rc;
}

int staff_training_insert(struct db *db, const struct principal *who, const char *person_id,
			  const json_t *body, char id_out[37], struct app_error *err)
{
	if (ent_validate(&training_entity, body, ENT_CREATE, err) != 0 ||
	    check_training(body, err) != 0)
		return DB_ABORT;
	struct create_txn t = {.who = who, .person_id = person_id, .rec = body, .err = err};
	int rc = create_body(db, &t);
	if (rc >= 0)
		memcpy(id_out, t.id, 37);
	return rc < 0 ? rc : 0;
}

/* Record training BODY (borrowed) of PERSON_ID. Sets ID_OUT. Returns 0 or -1 with ERR. */
static int training_create(struct db *db, const struct principal *who, const char *person_id,
			   const json_t *body, char id_out[37], struct app_error *err)
{
	if (ent_validate(&training_entity, body, ENT_CREATE, err) != 0)
		return -1;
	if (check_training(body, err) != 0)
		return -1;
	struct create_txn t = {.who = who, .person_id = person_id, .rec = body, .err = err};
	int rc = db_run_transaction(db, "training create", create_body, &t);
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

/* ---- the figures of LB-STF-8 ---- */

/* The date a year's figures are judged on: the profile in force at its end, or today for
 * the current year. OUT: 11 bytes. */
static void judged_on(int year, const char *today, char out[11])
{
	if (year >= atoi(today))
		snprintf(out, 11, "%s", today);
	else
		snprintf(out, 11, "%04u-12-31", (unsigned)year % 10000u);
}

/* A parameter as JSON: its value, or null where the profile leaves it out. */
static json_t *param_or_null(long long v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

/* One year's figures: {"year", "courses", "days", "ok", "min_courses", "min_days", "rule"}.
 * ok and rule are null where the profile sets no yearly minimum. New reference. */
static json_t *year_figures(const char *county, int year, long long courses, long long days,
			    const char *today)
{
	char on[11];
	judged_on(year, today, on);
	const json_t *p = org_profile_for(county, on);
	long long min_courses = org_profile_param_in(p, "training", "per_year_min_courses", -1);
	long long min_days = org_profile_param_in(p, "training", "per_year_min_days", -1);
	bool applies = min_courses >= 0 || min_days >= 0;
	const char *rule = json_string_value(json_object_get(org_profile_group(p, "training"), "rule"));
	json_t *ok = applies ? json_boolean(rules_training_year_ok(
				       (int)courses, (int)days, min_courses > 0 ? (int)min_courses : 0,
				       min_days > 0 ? (int)min_days : 0))
			     : json_null();
	return json_pack("{s:i, s:I, s:I, s:o, s:o, s:o, s:o}", "year", year, "courses",
			 (json_int_t)courses, "days", (json_int_t)days, "ok", ok, "min_courses",
			 param_or_null(min_courses), "min_days", param_or_null(min_days), "rule",
			 applies && rule ? json_string(rule) : json_null());
}

/* Every year with a training, newest first, and the current year even without one (so
 * that a doctor sees what is still missing). New array, or NULL on a database failure. */
static json_t *training_years(struct db *db, const char *person_id, const char *county,
			      const char *today)
{
	struct db_res *res = NULL;
	if (store_training_years(db, person_id, &res) < 0)
		return NULL;
	json_t *years = json_array();
	int this_year = atoi(today);
	size_t n = db_res_rows(res);
	if (n == 0 || atoi(db_res_text(res, 0, 0)) < this_year)
		json_array_append_new(years, year_figures(county, this_year, 0, 0, today));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(years, year_figures(county, atoi(db_res_text(res, i, 0)),
							  db_res_int(res, i, 1), db_res_int(res, i, 2),
							  today));
	db_res_free(res);
	return years;
}

static const char *study_status_name(enum further_study s)
{
	return s == STUDY_OVERDUE ? "overdue" : s == STUDY_DUE_SOON ? "due_soon" : "ok";
}

/* Full-time further study (LB-STF-8): {"last", "since", "status", "rule", "every_years",
 * "warn_after_years", "min_days"}. "last" is the end of the latest further study long
 * enough to count; without one the clock runs from the first contract, else from the day
 * the person's file was opened. status and rule are null where the profile sets no
 * interval. New reference, or NULL on a database failure. */
static json_t *further_study(struct db *db, const char *person_id,
			     const struct person_brief *person, const char *today)
{
	const json_t *p = org_profile_for(person->county, today);
	long long every = org_profile_param_in(p, "training", "further_study_every_years", -1);
	long long warn = org_profile_param_in(p, "training", "further_study_warn_after_years", every);
	long long min_days = org_profile_param_in(p, "training", "further_study_min_days", 1);
	const char *rule = json_string_value(json_object_get(org_profile_group(p, "training"), "rule"));
	struct db_res *res = NULL;
	if (store_further_study(db, person_id, min_days, &res) < 0)
		return NULL;
	const char *last = db_res_text(res, 0, 0);
	const char *since = db_res_text(res, 0, 1) ? db_res_text(res, 0, 1) : person->opened;
	json_t *status = json_null();
	if (every >= 0)
		status = json_string(study_status_name(
			rules_further_study(last, since, today, (int)warn, (int)every)));
	json_t *out = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:I}", "last",
				last ? json_string(last) : json_null(), "since", since, "status",
				status, "rule", every >= 0 && rule ? json_string(rule) : json_null(),
				"every_years", param_or_null(every), "warn_after_years",
				param_or_null(every >= 0 ? warn : -1), "min_days", (json_int_t)min_days);
	db_res_free(res);
	return out;
}

/* ---- handlers ---- */

/* ?year=YYYY of R into YEAR (5 bytes), "" when absent. Returns 0 or -1 with ERR (400). */
static int year_query(struct req *r, char year[5], struct app_error *err)
{
	const char *y = req_query(r, "year");
	year[0] = '\0';
	if (!y)
		return 0;
	char *end;
	long v = strtol(y, &end, 10);
	if (*end || end == y || v < 2000 || v > 2100)
		return err_set(err, ERR_BAD_REQUEST, "year", NULL, "年度 year 应为 2000–2100 的整数");
	snprintf(year, 5, "%ld", v);
	return 0;
}

enum MHD_Result staff_h_trainings_list(struct req *r)
{
	static const char *const own[] = {"year", NULL};
	const char *person_id = req_param(r, "id");
	struct app_error err;
	struct ent_list l;
	struct person_brief person;
	json_t *items = NULL, *years = NULL, *study = NULL;
	bool more;
	char year[5], today[11];
	org_today(today);
	if (year_query(r, year, &err) != 0)
		return reply_error(r, &err);
	if (req_list(r, &training_entity, own, &l, &err) != 0)
		return reply_error(r, &err);
	if (load_person(r->db, person_id, &person, &err) < 0)
		goto out_error;
	/* From here on a failure is the database's. */
	err_set(&err, ERR_INTERNAL, NULL, NULL, NULL);
	if (store_trainings_list(r->db, person_id, year[0] ? year : NULL, &l, &items, &more) < 0)
		goto out_error;
	years = training_years(r->db, person_id, person.county, today);
	if (!years)
		goto out_error;
	study = further_study(r->db, person_id, &person, today);
	if (!study)
		goto out_error;
	json_t *body = json_pack("{s:o, s:o, s:o, s:o}", "items", items, "years", years,
				 "further_study", study, "next_offset",
				 more ? json_integer(l.offset + l.limit) : json_null());
	ent_list_clear(&l);
	return reply_json(r, MHD_HTTP_OK, body);
out_error:
	json_decref(years);
	json_decref(items);
	ent_list_clear(&l);
	return reply_error(r, &err);
}

enum MHD_Result staff_h_training_create(struct req *r)
{
	struct app_error err;
	char id[37];
	json_t *rec = NULL;
	if (training_create(r->db, &r->who, req_param(r, "id"), r->json, id, &err) != 0)
		return reply_error(r, &err);
	if (crud_get(r->db, &training_entity, "id", id, &rec) <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_CREATED, rec);
}
