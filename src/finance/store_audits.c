/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of audit visits (财务检查, SR-FIN-4), their findings and
 * rectification, and the monitor of rectifications past their deadline (audit_visit.c;
 * declared in store.h, section "audit visits"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "finance/store.h"

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that names and counts
 * come with each row in the same statement on both backends. */
const char store_audit_visits_view[] =
	"(SELECT v.id, v.institution_id, i.name AS institution_name, v.visited_on, v.by_level, "
	"v.regular, v.scope, v.summary, (SELECT COUNT(*) FROM fin_audit_findings f WHERE "
	"f.visit_id = v.id) AS finding_count, (SELECT COUNT(*) FROM fin_audit_findings f WHERE "
	"f.visit_id = v.id AND f.status = 'open') AS open_count, v.path, v.created_at, "
	"v.updated_at, v.created_by, v.updated_by FROM fin_audit_visits v JOIN institutions i ON "
	"i.id = v.institution_id) fin_audit_visits_v";

const char store_audit_findings_view[] =
	"(SELECT f.id, f.visit_id, f.institution_id, i.name AS institution_name, v.visited_on, "
	"v.by_level, f.description, f.rectification, f.deadline, f.status, f.rectified_on, "
	"f.rectified_note, f.path, f.created_at, f.updated_at, f.created_by, f.updated_by FROM "
	"fin_audit_findings f JOIN fin_audit_visits v ON v.id = f.visit_id JOIN institutions i ON "
	"i.id = f.institution_id) fin_audit_findings_v";

int store_audit_path(struct db *db, bool finding, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 finding ? "SELECT path FROM fin_audit_findings WHERE id = $1"
				 : "SELECT path FROM fin_audit_visits WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_audit_findings_of(struct db *db, const struct entity *e, const char *visit_id,
			    json_t **items)
{
	/* A visit's findings are few: one page of the most a list may ask for. */
	struct ent_list l = {.e = e, .limit = 500, .sort = ent_field(e, "deadline")};
	bool more;
	return crud_list(db, e, "id", &l, "visit_id = $1", DB_PARAMS(DB_TEXT(visit_id)), items,
			 &more);
}

int store_audit_visit_row(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, institution_id, visited_on, path FROM fin_audit_visits WHERE id = "
		       "$1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_audit_finding_row(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT f.id, f.status, v.visited_on FROM fin_audit_findings f JOIN "
		       "fin_audit_visits v ON v.id = f.visit_id WHERE f.id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_audit_rectify(struct db *db, const char *id, const char *on, const char *note,
			const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_audit_findings SET status = 'rectified', rectified_on = $2, "
		       "rectified_note = $3, updated_at = $4, updated_by = $5 WHERE id = $1 AND "
		       "status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(on), DB_TEXT(note), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_audit_watch_overdue(struct db *db, const char *scope, const char *today,
			      struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, f.description, "
		       "f.rectification, f.deadline, v.visited_on, v.by_level FROM "
		       "fin_audit_findings f JOIN fin_audit_visits v ON v.id = f.visit_id JOIN "
		       "institutions i ON i.id = f.institution_id WHERE f.status = 'open' AND "
		       "f.deadline < CAST($2 AS TEXT) AND " DB_IN_SUBTREE("i.path")
		       " ORDER BY i.division_code, i.id, f.deadline, f.id",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(today)), res);
}
