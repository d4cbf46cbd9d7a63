/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the payroll (payroll.c; declared in store.h, section
 * "payroll"): who is on contract in a month, a clinic's income by account from its book,
 * and the runs and pay slips as the API reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "finance/store.h"

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that names come with each
 * row in the same statement on both backends. person_user_id is not a declared field: it
 * lets a village doctor's list keep to their own slips. */
const char store_payroll_runs_view[] =
	"(SELECT r.id, r.centre_id, i.name AS centre_name, r.month, r.profile_id, "
	"r.performance_period, r.slips, r.base_fen, r.performance_fen, r.increment_fen, "
	"r.old_age_subsidy_fen, r.gross_fen, r.employer_si_fen, r.personal_si_fen, r.net_fen, "
	"r.city_fen, r.district_fen, r.path, r.created_at, r.updated_at, r.created_by, "
	"r.updated_by FROM fin_payroll_runs r JOIN institutions i ON i.id = r.centre_id) "
	"payroll_runs_v";

const char store_payslips_view[] =
	"(SELECT s.id, s.run_id, s.person_id, p.name AS person_name, p.user_id AS "
	"person_user_id, s.clinic_id, cl.name AS clinic_name, s.contract_id, s.contract_type, "
	"s.month, s.days_paid, s.days_in_month, s.period_days, s.performance_pool_fen, "
	"s.increment_pool_fen, s.assessment_pct, s.insured, s.base_fen, s.performance_fen, "
	"s.increment_fen, s.old_age_subsidy_fen, s.gross_fen, s.employer_si_fen, "
	"s.personal_si_fen, s.net_fen, s.voucher_id, s.path, s.created_at, s.updated_at, "
	"s.created_by, s.updated_by FROM fin_payslips s JOIN people p ON p.id = s.person_id JOIN "
	"institutions cl ON cl.id = s.clinic_id) payslips_v";

int store_payroll_centre(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, kind, name, path, county_code, status FROM institutions WHERE "
		       "id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_payroll_exists(struct db *db, const char *centre_id, const char *month)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT id FROM fin_payroll_runs WHERE centre_id = $1 AND month = $2",
			 DB_PARAMS(DB_TEXT(centre_id), DB_TEXT(month)), &res);
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

/* The last day a contract ran: an early end (exit, supersession) shortens it. */
#define LAST_DAY                                                                           \
	"CASE WHEN c.status = 'ended' AND c.ended_on IS NOT NULL AND c.ended_on < c.ends_on " \
	"THEN c.ended_on ELSE c.ends_on END"

int store_payroll_contracts(struct db *db, const char *centre_id, const char *first,
			    const char *last, struct db_res **res)
{
	return db_exec(db,
		       "SELECT c.id, p.id, p.name, cl.id, cl.name, cl.path, c.type, c.starts_on, "
		       LAST_DAY ", p.exited_on, p.social_insured FROM contracts c JOIN people p ON "
		       "p.id = c.person_id JOIN institutions cl ON cl.id = c.clinic_id WHERE "
		       "cl.parent_id = $1 AND c.status IN ('active', 'ended') AND c.starts_on <= "
		       "CAST($3 AS TEXT) AND " LAST_DAY " >= CAST($2 AS TEXT) AND (p.exited_on IS "
		       "NULL OR p.exited_on >= CAST($2 AS TEXT)) ORDER BY cl.id, p.id, c.starts_on, "
		       "c.id",
		       DB_PARAMS(DB_TEXT(centre_id), DB_TEXT(first), DB_TEXT(last)), res);
}

int store_payroll_income(struct db *db, const char *institution_id, const char *a,
			 const char *b, const char *first, const char *last, int64_t *out)
{
	struct db_res *res = NULL;
	*out = 0;
	int rc = db_exec(db,
			 "SELECT COALESCE(SUM(po.credit_fen - po.debit_fen), 0) FROM fin_postings po "
			 "JOIN fin_books b ON b.id = po.book_id WHERE b.institution_id = $1 AND "
			 "po.account_code IN ($2, $3) AND po.posted_on >= CAST($4 AS TEXT) AND "
			 "po.posted_on <= CAST($5 AS TEXT)",
			 DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(a), DB_TEXT(b), DB_TEXT(first),
				   DB_TEXT(last)),
			 &res);
	if (rc > 0)
		*out = db_res_int(res, 0, 0);
	db_res_free(res);
	return rc < 0 ? rc : 0;
}

int store_payroll_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT path FROM fin_payroll_runs WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_payslips_list(struct db *db, const struct entity *e, const char *run_id,
			const char *scope, const char *user_id, const struct ent_list *l,
			json_t **items, bool *more)
{
	if (run_id)
		return crud_list(db, e, "id", l, "run_id = $1", DB_PARAMS(DB_TEXT(run_id)), items,
				 more);
	if (user_id)
		return crud_list(db, e, "id", l, "person_user_id = $1", DB_PARAMS(DB_TEXT(user_id)),
				 items, more);
	return crud_list(db, e, "id", l, DB_IN_SUBTREE("path"), DB_PARAMS(DB_TEXT(scope)), items,
			 more);
}

int store_payroll_demo_centres(struct db *db, struct db_res **res)
{
	return db_exec(db,
		       "SELECT ce.id, ce.county_code FROM institutions ce WHERE ce.kind = 'centre' "
		       "AND EXISTS (SELECT 1 FROM contracts c JOIN institutions cl ON cl.id = "
		       "c.clinic_id WHERE cl.parent_id = ce.id AND c.status = 'active') ORDER BY "
		       "ce.id",
		       NULL, 0, res);
}

int store_payroll_demo_people(struct db *db, const char *centre_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT p.id FROM people p WHERE p.exited_on IS NULL AND EXISTS (SELECT 1 "
		       "FROM contracts c JOIN institutions cl ON cl.id = c.clinic_id WHERE "
		       "c.person_id = p.id AND cl.parent_id = $1 AND c.status = 'active') ORDER BY "
		       "p.id",
		       DB_PARAMS(DB_TEXT(centre_id)), res);
}
