/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of training (培训), daily attendance (考勤) and leave requests
 * (请假): every statement training.c and attendance.c run, written once for SQLite and
 * PostgreSQL. Result sets are new and freed by the caller with db_res_free. */
#include <stdio.h>
#include <string.h>

#include "db/crud.h"
#include "staff/staff.h"
#include "staff/store.h"

int store_time_person(struct db *db, const char *person_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT p.id, p.name, p.centre_id, p.path, p.user_id, p.exited_on, "
		       "i.county_code, substr(p.created_at, 1, 10) "
		       "FROM people p JOIN institutions i ON i.id = p.centre_id WHERE p.id = $1",
		       DB_PARAMS(DB_TEXT(person_id)), res);
}

int store_trainings_list(struct db *db, const char *person_id, const char *year,
			 const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, &training_entity, "id", l,
			 "person_id = $1 AND (CAST($2 AS TEXT) = '' OR "
			 "substr(starts_on, 1, 4) = CAST($2 AS TEXT))",
			 DB_PARAMS(DB_TEXT(person_id), DB_TEXT(year ? year : "")), items, more);
}

int store_training_years(struct db *db, const char *person_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT substr(starts_on, 1, 4) AS year, COUNT(*), SUM(days) FROM trainings "
		       "WHERE person_id = $1 GROUP BY substr(starts_on, 1, 4) ORDER BY year DESC",
		       DB_PARAMS(DB_TEXT(person_id)), res);
}

int store_further_study(struct db *db, const char *person_id, long long min_days,
			struct db_res **res)
{
	return db_exec(db,
		       "SELECT (SELECT MAX(ends_on) FROM trainings WHERE person_id = $1 "
		       "AND kind = 'further_study' AND days >= $2), "
		       "(SELECT MIN(starts_on) FROM contracts WHERE person_id = $1 "
		       "AND status <> 'rejected')",
		       DB_PARAMS(DB_TEXT(person_id), DB_INT(min_days)), res);
}

#define ATTENDANCE_COLS                                                                     \
	"id, person_id, on_date, status, schedule_posted, note, created_at, updated_at, "   \
	"created_by, updated_by"

int store_attendance_day(struct db *db, const char *person_id, const char *on_date,
			 struct db_res **res)
{
	return db_exec(db,
		       "SELECT " ATTENDANCE_COLS " FROM attendance WHERE person_id = $1 "
		       "AND on_date = $2",
		       DB_PARAMS(DB_TEXT(person_id), DB_TEXT(on_date)), res);
}

int store_attendance_days(struct db *db, const char *person_id, const char *from,
			  const char *to, struct db_res **res)
{
	return db_exec(db,
		       "SELECT " ATTENDANCE_COLS " FROM attendance WHERE person_id = $1 "
		       "AND on_date >= $2 AND on_date <= $3 ORDER BY on_date",
		       DB_PARAMS(DB_TEXT(person_id), DB_TEXT(from), DB_TEXT(to)), res);
}

int store_attendance_put(struct db *db, const char *id, const char *person_id,
			 const char *on_date, const char *status, bool schedule_posted,
			 const char *note, const char *by)
{
	char now[21];
	db_now(now);
	/* One row per person and day (UNIQUE (person_id, on_date)): a second record of the
	 * same day replaces the first and keeps its id and creation stamp. */
	return db_exec(db,
		       "INSERT INTO attendance (id, person_id, on_date, status, schedule_posted, "
		       "note, created_at, updated_at, created_by, updated_by) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8) "
		       "ON CONFLICT (person_id, on_date) DO UPDATE SET status = excluded.status, "
		       "schedule_posted = excluded.schedule_posted, note = excluded.note, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(person_id), DB_TEXT(on_date), DB_TEXT(status),
				 DB_INT(schedule_posted ? 1 : 0), DB_TEXT(note), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

/* The single integer a COUNT query returns, or its negative db_status. */
static int count_of(int rc, struct db_res *res)
{
	int n = rc < 0 ? rc : (int)db_res_int(res, 0, 0);
	db_res_free(res);
	return n;
}

int store_absent_days(struct db *db, const char *person_id, const char *from, const char *to)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COUNT(*) FROM attendance WHERE person_id = $1 AND status = 'absent' "
			 "AND on_date >= $2 AND on_date <= $3",
			 DB_PARAMS(DB_TEXT(person_id), DB_TEXT(from), DB_TEXT(to)), &res);
	return count_of(rc, res);
}

int store_leaves_list(struct db *db, const char *person_id, const struct ent_list *l,
		      json_t **items, bool *more)
{
	return crud_list(db, &leave_entity, "id", l, "person_id = $1",
			 DB_PARAMS(DB_TEXT(person_id)), items, more);
}

int store_leave_stand_ins(struct db *db, const char *person_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT p.id, p.name FROM people p WHERE p.id IN "
		       "(SELECT stand_in_id FROM leaves WHERE person_id = $1)",
		       DB_PARAMS(DB_TEXT(person_id)), res);
}

int store_leaves_overlapping(struct db *db, const char *person_id, const char *from,
			     const char *to, bool approved_only)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COUNT(*) FROM leaves WHERE person_id = $1 AND starts_on <= $3 "
			 "AND ends_on >= $2 AND (status = 'approved' OR ($4 = 0 AND status = "
			 "'pending'))",
			 DB_PARAMS(DB_TEXT(person_id), DB_TEXT(from), DB_TEXT(to),
				   DB_INT(approved_only ? 1 : 0)),
			 &res);
	return count_of(rc, res);
}

int store_leave_scope(struct db *db, const char *leave_id, char *path, size_t len,
		      char owner[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT p.path, p.user_id FROM leaves l JOIN people p ON p.id = l.person_id "
			 "WHERE l.id = $1",
			 DB_PARAMS(DB_TEXT(leave_id)), &res);
	if (rc <= 0) {
		db_res_free(res);
		return rc;
	}
	snprintf(path, len, "%s", db_res_text(res, 0, 0));
	snprintf(owner, 37, "%s", db_res_text(res, 0, 1) ? db_res_text(res, 0, 1) : "");
	db_res_free(res);
	return DB_ONE;
}
