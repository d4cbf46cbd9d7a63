/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the personnel area's staffing table, recruitment plan and
 * monitors (see store.h). Every query is limited to an institution subtree ($1). */
#include "staff/store.h"

#define IN_SCOPE(col) DB_IN_SUBTREE(col)

/* An active contract on $2 of a person who has not exited by then. */
#define ON_DUTY                                                                            \
	"c.status = 'active' AND c.starts_on <= CAST($2 AS TEXT) AND c.ends_on >= CAST($2 AS " \
	"TEXT) AND (pe.exited_on IS NULL OR pe.exited_on > CAST($2 AS TEXT))"

int store_staffing(struct db *db, const char *scope, const char *date, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.parent_id, p.name, i.county_code, i.population, "
		       "i.status, (SELECT COUNT(*) FROM contracts c JOIN people pe ON pe.id = "
		       "c.person_id WHERE c.clinic_id = i.id AND " ON_DUTY "), (SELECT COUNT(*) FROM "
		       "contracts c JOIN people pe ON pe.id = c.person_id WHERE c.clinic_id = i.id "
		       "AND pe.sex = 'female' AND " ON_DUTY "), i.division_code FROM institutions i "
		       "LEFT JOIN institutions p ON p.id = i.parent_id WHERE i.kind = 'clinic' AND "
		       "i.status <> 'closed' AND " IN_SCOPE("i.path") " ORDER BY i.division_code",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(date)), res);
}

int store_postings(struct db *db, const char *scope, const char *date, struct db_res **res)
{
	return db_exec(db,
		       "SELECT c.id, pe.id, pe.name, pe.sex, pe.birth_date, c.clinic_id, cl.name, "
		       "c.employer_id, ce.name, cl.county_code, c.type, c.starts_on, c.ends_on, "
		       "c.head_of_clinic, c.age_extension FROM contracts c JOIN people pe ON pe.id = "
		       "c.person_id JOIN institutions cl ON cl.id = c.clinic_id JOIN institutions ce "
		       "ON ce.id = c.employer_id WHERE " ON_DUTY " AND " IN_SCOPE("c.path")
		       " ORDER BY cl.division_code, pe.name",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(date)), res);
}

int store_scope_qualifications(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT q.person_id, q.kind, q.certificate_no, q.valid_until, "
		       "q.district_training_passed, pe.name, ce.county_code FROM qualifications q "
		       "JOIN people pe ON pe.id = q.person_id JOIN institutions ce ON ce.id = "
		       "pe.centre_id WHERE pe.exited_on IS NULL AND " IN_SCOPE("pe.path")
		       " ORDER BY q.person_id",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_absences(struct db *db, const char *scope, const char *from, const char *to,
		   struct db_res **res)
{
	return db_exec(db,
		       "SELECT pe.id, pe.name, ce.county_code, COUNT(*) FROM attendance a JOIN "
		       "people pe ON pe.id = a.person_id JOIN institutions ce ON ce.id = "
		       "pe.centre_id WHERE a.status = 'absent' AND a.on_date >= CAST($2 AS TEXT) AND "
		       "a.on_date <= CAST($3 AS TEXT) AND pe.exited_on IS NULL AND " IN_SCOPE("pe.path")
		       " GROUP BY pe.id, pe.name, ce.county_code ORDER BY pe.id",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(from), DB_TEXT(to)), res);
}

int store_training_totals(struct db *db, const char *scope, const char *from, const char *to,
			  long min_days, struct db_res **res)
{
	return db_exec(
		db,
		"SELECT pe.id, pe.name, ce.county_code, (SELECT COUNT(*) FROM trainings t WHERE "
		"t.person_id = pe.id AND t.starts_on >= CAST($2 AS TEXT) AND t.starts_on <= "
		"CAST($3 AS TEXT)), (SELECT COALESCE(SUM(t.days), 0) FROM trainings t WHERE "
		"t.person_id = pe.id AND t.starts_on >= CAST($2 AS TEXT) AND t.starts_on <= "
		"CAST($3 AS TEXT)), (SELECT MAX(t.ends_on) FROM trainings t WHERE t.person_id = pe.id "
		"AND t.kind = 'further_study' AND t.days >= $4 AND t.result <> 'failed'), (SELECT "
		"MIN(c.starts_on) FROM contracts c WHERE c.person_id = pe.id AND c.status IN "
		"('active', 'ended')) FROM people pe JOIN institutions ce ON ce.id = pe.centre_id "
		"WHERE pe.exited_on IS NULL AND EXISTS (SELECT 1 FROM contracts c WHERE c.person_id = "
		"pe.id AND c.status = 'active') AND " IN_SCOPE("pe.path") " ORDER BY pe.id",
		DB_PARAMS(DB_TEXT(scope), DB_TEXT(from), DB_TEXT(to), DB_INT(min_days)), res);
}

int store_pending_contracts(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT c.id, pe.id, pe.name, cl.county_code, cl.name, c.created_at FROM "
		       "contracts c JOIN people pe ON pe.id = c.person_id JOIN institutions cl ON "
		       "cl.id = c.clinic_id WHERE c.status = 'pending' AND " IN_SCOPE("c.path")
		       " ORDER BY c.created_at",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_open_exit_reviews(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT r.id, pe.id, pe.name, ce.county_code, r.reason, r.created_at FROM "
		       "exit_reviews r JOIN people pe ON pe.id = r.person_id JOIN institutions ce ON "
		       "ce.id = pe.centre_id WHERE r.status = 'open' AND " IN_SCOPE("r.path")
		       " ORDER BY r.created_at",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_people_count(struct db *db)
{
	struct db_res *res;
	int rc = db_exec(db, "SELECT COUNT(*) FROM people", NULL, 0, &res);
	if (rc >= 0)
		rc = (int)db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}
