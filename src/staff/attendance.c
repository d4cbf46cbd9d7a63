/* SPDX-License-Identifier: MIT */
/* This file contains duty, attendance and leave (LB-STF-9, LB-STF-7): a village doctor's
 * day — present (在岗), out on follow-up visits with the schedule posted (入户随访/巡诊), on
 * leave (请假) or absent without leave (擅自离岗) — and the leave requests the centre
 * approves naming a stand-in (值班人员). Absent days are counted per calendar year; at the
 * profile's absence_exit_days an exit review is raised in the same transaction (the alert
 * at absence_alert_days is the area's monitor). */
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

/* The rule absence is counted under (exit at 30 days of unauthorised absence a year). */
#define ABSENCE_RULE "LB-STF-7"
/* Duty, follow-up schedules and leave with a stand-in. */
#define DUTY_RULE "LB-STF-9"

static const struct ent_enum day_statuses[] = {
	{"present", "在岗"},
	{"follow_up", "入户随访/巡诊"},
	{"leave", "请假"},
	{"absent", "擅自离岗"},
	{NULL, NULL},
};

static const struct ent_field day_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"person_id", "人员", ENT_ID, EF_READONLY},
	{"on_date", "日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"status", "出勤", ENT_ENUM, EF_REQUIRED | EF_FILTER, .enums = day_statuses},
	{"schedule_posted", "已张贴随访安排", ENT_BOOL, 0},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 200},
	ENT_STANDARD_FIELDS,
};

const struct entity attendance_entity = {
	.name = "attendance",
	.label = "考勤",
	.table = "attendance",
	ENT_FIELDS(day_fields),
	.default_sort = "on_date",
};

static const struct ent_enum leave_statuses[] = {
	{"pending", "待批"},
	{"approved", "已批准"},
	{"rejected", "未批准"},
	{NULL, NULL},
};

static const struct ent_field leave_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"person_id", "请假人员", ENT_ID, EF_READONLY},
	{"starts_on", "开始日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	{"ends_on", "结束日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	{"reason", "事由", ENT_TEXT, EF_REQUIRED, 1, 200},
	{"stand_in_id", "值班人员", ENT_ID, EF_READONLY},
	{"stand_in_name", "值班人员姓名", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = leave_statuses},
	{"decided_by", "审批人", ENT_TEXT, EF_READONLY},
	{"decided_on", "审批日期", ENT_DATE, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity leave_entity = {
	.name = "leave",
	.label = "请假",
	.table = "leaves",
	ENT_FIELDS(leave_fields),
	.default_sort = "-starts_on",
};

/* What attendance and leave need to know of a person (see store_time_person). */
struct person_brief {
	char name[160];
	char centre_id[37];
	char user_id[37];   /* "" if no sign-in is linked */
	char exited_on[11]; /* "" if still serving */
	char county[16];
};

/* Load PERSON_ID into OUT. Returns DB_ONE, DB_NONE or a negative db_status. */
static int person_brief(struct db *db, const char *person_id, struct person_brief *out)
{
	struct db_res *res = NULL;
	int rc = store_time_person(db, person_id, &res);
	if (rc > 0) {
		const char *user = db_res_text(res, 0, 4), *exited = db_res_text(res, 0, 5);
		snprintf(out->name, sizeof(out->name), "%s", db_res_text(res, 0, 1));
		snprintf(out->centre_id, sizeof(out->centre_id), "%s", db_res_text(res, 0, 2));
		snprintf(out->user_id, sizeof(out->user_id), "%s", user ? user : "");
		snprintf(out->exited_on, sizeof(out->exited_on), "%s", exited ? exited : "");
		snprintf(out->county, sizeof(out->county), "%s", db_res_text(res, 0, 6));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

/* The same, turning "no such person" into ERR (404) and DB_ABORT. */
static int person_or_error(struct db *db, const char *person_id, struct person_brief *out,
			   struct app_error *err)
{
	int rc = person_brief(db, person_id, out);
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "人员不存在");
		return DB_ABORT;
	}
	return rc;
}

/* ---- attendance ---- */

/* The record of PERSON_ID's day ON_DATE into *OUT (new reference, NULL if none).
 * Returns DB_ONE, DB_NONE or a negative db_status. */
static int day_record(struct db *db, const char *person_id, const char *on_date, json_t **out)
{
	struct db_res *res = NULL;
	*out = NULL;
	int rc = store_attendance_day(db, person_id, on_date, &res);
	if (rc > 0) {
		*out = crud_row(&attendance_entity, res, 0);
		rc = *out ? DB_ONE : DB_HARD;
	}
	db_res_free(res);
	return rc;
}

struct day_txn {
	const struct principal *who;
	const char *person_id, *on_date, *status, *note;
	bool schedule_posted;
	json_t *after; /* the day as recorded, new reference (set on success) */
	struct app_error *err;
};

/* After an absent day: count the calendar year's absent days and raise an exit review
 * (LB-STF-7) when they reach the profile's absence_exit_days. */
static int count_absence(struct db *db, struct day_txn *t, const struct person_brief *person)
{
	char from[11], to[11];
	snprintf(from, sizeof(from), "%.4s-01-01", t->on_date);
	snprintf(to, sizeof(to), "%.4s-12-31", t->on_date);
	int days = store_absent_days(db, t->person_id, from, to);
	if (days < 0)
		return days;
	const json_t *p = org_profile_for(person->county, t->on_date);
	int alert = (int)org_profile_param(p, "absence_alert_days", 0);
	int exit_days = (int)org_profile_param(p, "absence_exit_days", 0);
	if (rules_absence(days, alert, exit_days) != ABSENCE_EXIT)
		return 0;
	json_t *evidence = json_pack("{s:i, s:i}", "year", atoi(t->on_date), "days", days);
	int rc = staff_exit_raise(db, t->who, t->person_id, "absence", evidence, t->err);
	json_decref(evidence);
	return rc;
}

static int day_body(struct db *db, void *cls)
{
	struct day_txn *t = cls;
	struct person_brief person;
	json_t *before = NULL;
	char id[37];
	json_decref(t->after); /* from an attempt that was rolled back */
	t->after = NULL;
	int rc = person_or_error(db, t->person_id, &person, t->err);
	if (rc < 0)
		return rc;
	if (person.exited_on[0] && strcmp(t->on_date, person.exited_on) > 0) {
		err_set(t->err, ERR_RULE, "on_date", ABSENCE_RULE,
			"%s已于 %s 退出，不能登记此后（%s）的考勤", person.name, person.exited_on,
			t->on_date);
		return DB_ABORT;
	}
	if (strcmp(t->status, "leave") == 0) {
		rc = store_leaves_overlapping(db, t->person_id, t->on_date, t->on_date, true);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			err_set(t->err, ERR_RULE, "status", DUTY_RULE,
				"%s 没有经卫生院批准的请假，不能登记为请假：离开须向卫生院请假并指定值班人员",
				t->on_date);
			return DB_ABORT;
		}
	}
	rc = day_record(db, t->person_id, t->on_date, &before);
	if (rc < 0)
		return rc;
	db_new_id(id);
	rc = store_attendance_put(db, id, t->person_id, t->on_date, t->status, t->schedule_posted,
				  t->note, org_by(t->who));
	if (rc >= 0)
		rc = day_record(db, t->person_id, t->on_date, &t->after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc >= 0)
		rc = audit_append(db, t->who, before ? "update" : "create", "attendance",
				  json_string_value(json_object_get(t->after, "id")), before, t->after);
	if (rc >= 0 && strcmp(t->status, "absent") == 0)
		rc = count_absence(db, t, &person);
	json_decref(before);
	return rc;
}

/* The checks of a day's record that need no database. Fills T from BODY. */
static int check_day(const char *on_date, const json_t *body, struct day_txn *t,
		     struct app_error *err)
{
	char today[11];
	org_today(today);
	if (!ent_is_date(on_date))
		return err_set(err, ERR_INVALID, "on_date", NULL, "日期（%s）应为 YYYY-MM-DD 格式的有效日期",
			       on_date);
	if (strcmp(on_date, today) > 0)
		return err_set(err, ERR_INVALID, "on_date", NULL, "不能登记未来日期（%s）的考勤，今天是 %s",
			       on_date, today);
	if (ent_validate(&attendance_entity, body, ENT_CREATE, err) != 0)
		return -1;
	t->on_date = on_date;
	t->status = json_string_value(json_object_get(body, "status"));
	t->note = json_string_value(json_object_get(body, "note"));
	t->schedule_posted = json_is_true(json_object_get(body, "schedule_posted"));
	t->err = err;
	if (strcmp(t->status, "follow_up") == 0 && !t->schedule_posted)
		return err_set(err, ERR_RULE, "schedule_posted", DUTY_RULE,
			       "外出入户随访/巡诊须事先张贴随访安排（已张贴随访安排 schedule_posted 应为 true）");
	return 0;
}

int staff_attendance_set(struct db *db, const struct principal *who, const char *person_id,
			 const char *on_date, const json_t *body, struct app_error *err)
{
	struct day_txn t = {.who = who, .person_id = person_id};
	if (check_day(on_date, body, &t, err) != 0)
		return DB_ABORT;
	int rc = day_body(db, &t);
	json_decref(t.after);
	return rc < 0 ? rc : 0;
}

/* Record PERSON_ID's day ON_DATE from BODY (borrowed). *OUT: the day as recorded (new
 * reference). Returns 0 or -1 with ERR. */
static int attendance_put(struct db *db, const struct principal *who, const char *person_id,
			  const char *on_date, const json_t *body, json_t **out,
			  struct app_error *err)
{
	struct day_txn t = {.who = who, .person_id = person_id};
	if (check_day(on_date, body, &t, err) != 0)
		return -1;
	int rc = db_run_transaction(db, "attendance put", day_body, &t);
	if (rc < 0) {
		json_decref(t.after);
		return org_txn_error(rc, err);
	}
	*out = t.after;
	return 0;
}

/* ---- leave requests ---- */

/* Fill stand_in_name in every leave record of ITEMS (all of PERSON_ID). Returns 0 or a
 * negative db_status. */
static int complete_leaves(struct db *db, const char *person_id, json_t *items)
{
	struct db_res *res = NULL;
	int rc = store_leave_stand_ins(db, person_id, &res);
	if (rc < 0)
		return rc;
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		const char *stand_in = json_string_value(json_object_get(rec, "stand_in_id"));
		json_t *name = json_null();
		for (size_t r = 0; stand_in && r < db_res_rows(res); r++)
			if (strcmp(db_res_text(res, r, 0), stand_in) == 0)
				name = json_string(db_res_text(res, r, 1));
		json_object_set_new(rec, "stand_in_name", name);
	}
	db_res_free(res);
	return 0;
}

/* Leave request ID as the API shows it into *OUT (new reference). Returns DB_ONE, DB_NONE
 * or a negative db_status. */
static int leave_record(struct db *db, const char *id, json_t **out)
{
	int rc = crud_get(db, &leave_entity, "id", id, out);
	if (rc <= 0)
		return rc;
	json_t *one = json_pack("[O]", *out);
	rc = complete_leaves(db, json_string_value(json_object_get(*out, "person_id")), one);
	json_decref(one);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	return DB_ONE;
}

struct leave_txn {
	const struct principal *who;
	const char *person_id; /* create */
	const json_t *rec;     /* create: validated body, borrowed */
	const char *leave_id;  /* decide */
	bool approve;          /* decide */
	const char *stand_in_id;
	char id[37];
	struct app_error *err;
};

static int leave_create_body(struct db *db, void *cls)
{
	struct leave_txn *t = cls;
	struct person_brief person;
	json_t *copy = NULL, *after = NULL;
	const char *starts = json_string_value(json_object_get(t->rec, "starts_on"));
	const char *ends = json_string_value(json_object_get(t->rec, "ends_on"));
	int rc = person_or_error(db, t->person_id, &person, t->err);
	if (rc < 0)
		return rc;
	if (person.exited_on[0] && strcmp(starts, person.exited_on) > 0) {
		err_set(t->err, ERR_RULE, "starts_on", ABSENCE_RULE, "%s已于 %s 退出，不能再请假",
			person.name, person.exited_on);
		return DB_ABORT;
	}
	rc = store_leaves_overlapping(db, t->person_id, starts, ends, false);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		err_set(t->err, ERR_CONFLICT, "starts_on", NULL,
			"%s 至 %s 与%s已提出或已批准的请假重叠", starts, ends, person.name);
		return DB_ABORT;
	}
	copy = json_deep_copy(t->rec); /* a retry starts again from the caller's record */
	db_new_id(t->id);
	json_object_set_new(copy, "id", json_string(t->id));
	json_object_set_new(copy, "person_id", json_string(t->person_id));
	json_object_set_new(copy, "status", json_string("pending"));
	rc = crud_insert(db, &leave_entity, copy, NULL, org_by(t->who));
	if (rc >= 0)
		rc = crud_get(db, &leave_entity, "id", t->id, &after);
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "leave", t->id, NULL, after);
	json_decref(after);
	json_decref(copy);
	return rc;
}

/* Request leave for PERSON_ID (pending until the centre decides). Sets ID_OUT. Returns 0
 * or -1 with ERR. */
static int leave_create(struct db *db, const struct principal *who, const char *person_id,
			const json_t *body, char id_out[37], struct app_error *err)
{
	if (ent_validate(&leave_entity, body, ENT_CREATE, err) != 0)
		return -1;
	const char *starts = json_string_value(json_object_get(body, "starts_on"));
	const char *ends = json_string_value(json_object_get(body, "ends_on"));
	if (strcmp(ends, starts) < 0)
		return err_set(err, ERR_INVALID, "ends_on", NULL, "结束日期（%s）不能早于开始日期（%s）",
			       ends, starts);
	struct leave_txn t = {.who = who, .person_id = person_id, .rec = body, .err = err};
	int rc = db_run_transaction(db, "leave create", leave_create_body, &t);
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

/* The stand-in named for a leave of PERSON from STARTS to ENDS (LB-STF-9): another person
 * of the same centre, still serving over those days, not on approved leave themself then.
 * Returns 0, DB_ABORT with ERR, or a negative db_status. */
static int check_stand_in(struct db *db, const char *stand_in_id, const char *person_id,
			  const struct person_brief *person, const char *starts, const char *ends,
			  struct app_error *err)
{
	struct person_brief s;
	if (!stand_in_id) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE,
			"批准请假须指定值班人员（值班人员 stand_in_id 必填）");
		return DB_ABORT;
	}
	if (strcmp(stand_in_id, person_id) == 0) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE, "值班人员不能是请假人%s本人",
			person->name);
		return DB_ABORT;
	}
	int rc = person_brief(db, stand_in_id, &s);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE, "值班人员 %s 不存在", stand_in_id);
		return DB_ABORT;
	}
	if (strcmp(s.centre_id, person->centre_id) != 0) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE,
			"值班人员%s不属于%s所在的卫生院，须由本院人员值班", s.name, person->name);
		return DB_ABORT;
	}
	if (s.exited_on[0] && strcmp(s.exited_on, ends) <= 0) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE, "值班人员%s已于 %s 退出，不能值班",
			s.name, s.exited_on);
		return DB_ABORT;
	}
	rc = store_leaves_overlapping(db, stand_in_id, starts, ends, true);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		err_set(err, ERR_RULE, "stand_in_id", DUTY_RULE,
			"值班人员%s在 %s 至 %s 期间本人也在已批准的请假中", s.name, starts, ends);
		return DB_ABORT;
	}
	return 0;
}

static int leave_decide_body(struct db *db, void *cls)
{
	struct leave_txn *t = cls;
	struct person_brief person;
	json_t *before = NULL, *after = NULL, *changes = NULL;
	char today[11];
	org_today(today);
	int rc = leave_record(db, t->leave_id, &before);
	if (rc <= 0) {
		if (rc == DB_NONE)
			err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "请假申请不存在");
		return rc == DB_NONE ? DB_ABORT : rc;
	}
	const char *person_id = json_string_value(json_object_get(before, "person_id"));
	const char *status = json_string_value(json_object_get(before, "status"));
	const char *starts = json_string_value(json_object_get(before, "starts_on"));
	const char *ends = json_string_value(json_object_get(before, "ends_on"));
	if (strcmp(status, "pending") != 0) {
		err_set(t->err, ERR_CONFLICT, "status", NULL, "该请假申请已审批（%s），不能再次审批",
			strcmp(status, "approved") == 0 ? "已批准" : "未批准");
		rc = DB_ABORT;
		goto out;
	}
	rc = person_or_error(db, person_id, &person, t->err);
	if (rc < 0)
		goto out;
	/* Someone who is both a manager and on the staff does not approve their own leave. */
	if (person.user_id[0] && t->who && strcmp(person.user_id, t->who->user_id) == 0) {
		err_set(t->err, ERR_FORBIDDEN, NULL, NULL, "不能审批本人的请假申请");
		rc = DB_ABORT;
		goto out;
	}
	if (t->approve) {
		rc = check_stand_in(db, t->stand_in_id, person_id, &person, starts, ends, t->err);
		if (rc < 0)
			goto out;
	}
	changes = json_pack("{s:s, s:o, s:s, s:s}", "status", t->approve ? "approved" : "rejected",
			    "stand_in_id", t->approve ? json_string(t->stand_in_id) : json_null(),
			    "decided_by", org_by(t->who), "decided_on", today);
	rc = crud_update(db, &leave_entity, "id", t->leave_id, changes, org_by(t->who));
	if (rc >= 0)
		rc = leave_record(db, t->leave_id, &after);
	if (rc > 0)
		rc = audit_append(db, t->who, t->approve ? "approve" : "reject", "leave", t->leave_id,
				  before, after);
out:
	json_decref(changes);
	json_decref(after);
	json_decref(before);
	return rc;
}

/* The centre's decision on leave request LEAVE_ID from BODY (borrowed):
 * {"decision": "approve" | "reject", "stand_in_id"}. Returns 0 or -1 with ERR. */
static int leave_decide(struct db *db, const struct principal *who, const char *leave_id,
			const json_t *body, struct app_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "decision") != 0 && strcmp(key, "stand_in_id") != 0)
			return err_set(err, ERR_UNKNOWN_FIELD, key, NULL,
				       "审批请假只接受字段 decision 和 stand_in_id，不包含“%s”", key);
	}
	json_t *decision = json_object_get(body, "decision");
	json_t *stand_in = json_object_get(body, "stand_in_id");
	if (!decision || json_is_null(decision))
		return err_set(err, ERR_REQUIRED, "decision", NULL, "缺少必填字段：审批结果 decision");
	const char *d = json_string_value(decision);
	if (!d || (strcmp(d, "approve") != 0 && strcmp(d, "reject") != 0))
		return err_set(err, ERR_INVALID, "decision", NULL,
			       "审批结果 decision 应为 approve（批准）或 reject（不批准）");
	if (stand_in && !json_is_null(stand_in) && !json_is_string(stand_in))
		return err_set(err, ERR_TYPE, "stand_in_id", NULL, "值班人员 stand_in_id 应为人员编号（文本）");
	struct leave_txn t = {.who = who,
			      .leave_id = leave_id,
			      .approve = strcmp(d, "approve") == 0,
			      .stand_in_id = json_string_value(stand_in),
			      .err = err};
	int rc = db_run_transaction(db, "leave decide", leave_decide_body, &t);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

int staff_leave_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return store_leave_scope(db, id, path, len, owner);
}

/* ---- handlers ---- */

enum MHD_Result staff_h_attendance_list(struct req *r)
{
	const char *person_id = req_param(r, "id");
	struct person_brief person;
	struct db_res *res = NULL;
	char today[11], from[11], to[11], on[11];
	org_today(today);
	int year = atoi(today);
	const char *y = req_query(r, "year");
	if (y) {
		char *end;
		long v = strtol(y, &end, 10);
		if (*end || end == y || v < 2000 || v > 2100)
			return reply_err(r, ERR_BAD_REQUEST, "year", NULL, "年度 year 应为 2000–2100 的整数");
		year = (int)v;
	}
	int rc = person_brief(r->db, person_id, &person);
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "人员不存在");
	snprintf(from, sizeof(from), "%04u-01-01", (unsigned)year % 10000u);
	snprintf(to, sizeof(to), "%04u-12-31", (unsigned)year % 10000u);
	if (rc > 0)
		rc = store_attendance_days(r->db, person_id, from, to, &res);
	if (rc < 0) {
		db_res_free(res);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	json_t *items = json_array();
	int absent = 0;
	for (size_t i = 0; i < db_res_rows(res); i++) {
		json_t *day = crud_row(&attendance_entity, res, i);
		if (strcmp(json_string_value(json_object_get(day, "status")), "absent") == 0)
			absent++;
		json_array_append_new(items, day);
	}
	db_res_free(res);
	/* The thresholds in force at the year's end (today for the current year). */
	snprintf(on, sizeof(on), "%s", year >= atoi(today) ? today : to);
	const json_t *p = org_profile_for(person.county, on);
	long long alert = org_profile_param(p, "absence_alert_days", -1);
	long long exit_days = org_profile_param(p, "absence_exit_days", -1);
	enum absence_level level = rules_absence(absent, alert > 0 ? (int)alert : 0,
						 exit_days > 0 ? (int)exit_days : 0);
	bool applies = alert > 0 || exit_days > 0;
	json_t *body = json_pack(
		"{s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:n}", "items", items, "year", year,
		"absent_days", absent, "alert_days", alert > 0 ? json_integer(alert) : json_null(),
		"exit_days", exit_days > 0 ? json_integer(exit_days) : json_null(), "level",
		!applies		 ? json_null()
		: level == ABSENCE_EXIT	 ? json_string("exit")
		: level == ABSENCE_ALERT ? json_string("alert")
					 : json_string("none"),
		"rule", applies ? json_string(ABSENCE_RULE) : json_null(), "next_offset");
	/* The duty hours the days are held against (LB-STF-9), when the profile sets them. */
	const json_t *duty = org_profile_group(p, "duty_hours");
	json_object_set_new(body, "duty_hours", json_is_object(duty) ? json_deep_copy(duty)
								       : json_null());
	return reply_json(r, MHD_HTTP_OK, body);
}

enum MHD_Result staff_h_attendance_put(struct req *r)
{
	struct app_error err;
	json_t *day = NULL;
	if (attendance_put(r->db, &r->who, req_param(r, "id"), req_param(r, "date"), r->json, &day,
			   &err) != 0)
		return reply_error(r, &err);
	return reply_json(r, MHD_HTTP_OK, day);
}

enum MHD_Result staff_h_leaves_list(struct req *r)
{
	const char *person_id = req_param(r, "id");
	struct app_error err;
	struct ent_list l;
	json_t *items = NULL;
	bool more;
	if (req_list(r, &leave_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_leaves_list(r->db, person_id, &l, &items, &more);
	if (rc >= 0)
		rc = complete_leaves(r->db, person_id, items);
	if (rc < 0) {
		json_decref(items);
		ent_list_clear(&l);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	enum MHD_Result ret = reply_page(r, items, more, &l);
	ent_list_clear(&l);
	return ret;
}

enum MHD_Result staff_h_leave_create(struct req *r)
{
	struct app_error err;
	char id[37];
	json_t *rec = NULL;
	if (leave_create(r->db, &r->who, req_param(r, "id"), r->json, id, &err) != 0)
		return reply_error(r, &err);
	if (leave_record(r->db, id, &rec) <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_CREATED, rec);
}

enum MHD_Result staff_h_leave_decide(struct req *r)
{
	struct app_error err;
	json_t *rec = NULL;
	const char *id = req_param(r, "id");
	if (leave_decide(r->db, &r->who, id, r->json, &err) != 0)
		return reply_error(r, &err);
	if (leave_record(r->db, id, &rec) <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_OK, rec);
}
