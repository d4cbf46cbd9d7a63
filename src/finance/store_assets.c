/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the fixed-asset register (固定资产台账, SR-FIN-5): assets,
 * their transfer and disposal requests, inventory checks (清查) and the monitors over them
 * (asset.c; declared in store.h, section "assets"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "finance/store.h"

/* The institution of a monitor's row is in the subtree bound to $1. */
#define PLACE_IN_SCOPE DB_IN_SUBTREE("i.path")

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that names come with
 * each row in the same statement on both backends. */
const char store_assets_view[] =
	"(SELECT a.id, a.asset_no, a.institution_id, i.name AS institution_name, a.owner_id, "
	"o.name AS owner_name, a.category, a.description, a.value_fen, a.acquired_on, "
	"a.funding_source, a.location, a.state, (SELECT r.id FROM fin_asset_requests r WHERE "
	"r.asset_id = a.id AND r.status = 'pending') AS pending_request_id, a.path, a.created_at, "
	"a.updated_at, a.created_by, a.updated_by FROM fin_assets a JOIN institutions i ON i.id = "
	"a.institution_id JOIN institutions o ON o.id = a.owner_id) fin_assets_v";

const char store_asset_requests_view[] =
	"(SELECT r.id, r.asset_id, a.asset_no, a.description AS asset_description, r.kind, "
	"r.from_institution_id, fi.name AS from_institution_name, r.to_institution_id, ti.name "
	"AS to_institution_name, r.reason, r.status, r.decided_by, r.decided_on, r.decision_note, "
	"r.path, r.created_at, r.updated_at, r.created_by, r.updated_by FROM fin_asset_requests r "
	"JOIN fin_assets a ON a.id = r.asset_id JOIN institutions fi ON fi.id = "
	"r.from_institution_id LEFT JOIN institutions ti ON ti.id = r.to_institution_id) "
	"fin_asset_requests_v";

const char store_asset_checks_view[] =
	"(SELECT c.id, c.institution_id, i.name AS institution_name, c.checked_on, c.status, "
	"c.note, (SELECT COUNT(*) FROM fin_asset_check_lines l WHERE l.check_id = c.id) AS "
	"line_count, (SELECT COUNT(*) FROM fin_asset_check_lines l WHERE l.check_id = c.id AND "
	"l.result = 'found') AS found_count, (SELECT COUNT(*) FROM fin_asset_check_lines l WHERE "
	"l.check_id = c.id AND l.result = 'missing') AS missing_count, (SELECT COUNT(*) FROM "
	"fin_asset_check_lines l WHERE l.check_id = c.id AND l.result = 'damaged') AS "
	"damaged_count, (SELECT COUNT(*) FROM fin_asset_check_lines l WHERE l.check_id = c.id AND "
	"l.result IS NULL) AS unrecorded_count, c.path, c.created_at, c.updated_at, c.created_by, "
	"c.updated_by FROM fin_asset_checks c JOIN institutions i ON i.id = c.institution_id) "
	"fin_asset_checks_v";

/* Rows returned by SQL with one text parameter ID into *RES. */
static int by_id(struct db *db, const char *sql, const char *id, struct db_res **res)
{
	return db_exec(db, sql, DB_PARAMS(DB_TEXT(id)), res);
}

/* The first column of the first row of SQL (one text parameter) as a count, or a negative
 * db_status. */
static int count_of(struct db *db, const char *sql, const char *id)
{
	struct db_res *res = NULL;
	int rc = by_id(db, sql, id, &res);
	if (rc > 0)
		rc = (int)db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}

int store_asset_place(struct db *db, const char *id, struct db_res **res)
{
	return by_id(db,
		     "SELECT id, kind, name, path, county_code, division_code, status, parent_id "
		     "FROM institutions WHERE id = $1",
		     id, res);
}

int store_asset_path(struct db *db, enum store_asset_doc doc, const char *id, char *path,
		     size_t len)
{
	static const char *const sql[] = {
		[STORE_ASSET] = "SELECT path FROM fin_assets WHERE id = $1",
		[STORE_ASSET_REQUEST] = "SELECT path FROM fin_asset_requests WHERE id = $1",
		[STORE_ASSET_CHECK] = "SELECT path FROM fin_asset_checks WHERE id = $1",
	};
	struct db_res *res = NULL;
	int rc = by_id(db, sql[doc], id, &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_asset_counter_next(struct db *db, const char *division_code, long long *next)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "INSERT INTO fin_asset_counters (division_code, last) VALUES ($1, 1) ON "
			 "CONFLICT (division_code) DO UPDATE SET last = fin_asset_counters.last + 1 "
			 "RETURNING last",
			 DB_PARAMS(DB_TEXT(division_code)), &res);
	if (rc == 0)
		rc = DB_HARD;
	if (rc > 0)
		*next = db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}

int store_asset_no_taken(struct db *db, const char *asset_no)
{
	int rc = count_of(db, "SELECT COUNT(*) FROM fin_assets WHERE asset_no = $1", asset_no);
	return rc < 0 ? rc : rc > 0;
}

int store_asset_row(struct db *db, const char *id, struct db_res **res)
{
	return by_id(db,
		     "SELECT id, asset_no, description, institution_id, state, value_fen, path FROM "
		     "fin_assets WHERE id = $1",
		     id, res);
}

int store_asset_touch(struct db *db, const char *id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db, "UPDATE fin_assets SET updated_at = $2, updated_by = $3 WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_asset_set_state(struct db *db, const char *id, const char *state, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_assets SET state = $2, updated_at = $3, updated_by = $4 WHERE id "
		       "= $1 AND state <> 'disposed'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(state), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_asset_move(struct db *db, const char *id, const char *institution_id,
		     const char *path, const char *owner_id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_assets SET institution_id = $2, path = $3, owner_id = $4, "
		       "updated_at = $5, updated_by = $6 WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(institution_id), DB_TEXT(path),
				 DB_TEXT(owner_id), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_asset_pending_count(struct db *db, const char *asset_id)
{
	return count_of(db,
			"SELECT COUNT(*) FROM fin_asset_requests WHERE asset_id = $1 AND status = "
			"'pending'",
			asset_id);
}

int store_asset_open_checks_of(struct db *db, const char *asset_id)
{
	return count_of(db,
			"SELECT COUNT(*) FROM fin_asset_check_lines l JOIN fin_asset_checks c ON c.id "
			"= l.check_id WHERE l.asset_id = $1 AND c.status = 'open'",
			asset_id);
}

int store_asset_request_decide(struct db *db, const char *id, const char *status,
			       const char *note, const char *on, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_asset_requests SET status = $2, decision_note = $3, decided_on = "
		       "$4, decided_by = $5, updated_at = $6, updated_by = $5 WHERE id = $1 AND "
		       "status = 'pending'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(status), DB_TEXT(note), DB_TEXT(on),
				 DB_TEXT(by), DB_TEXT(now)),
		       NULL);
}

int store_asset_request_row(struct db *db, const char *id, struct db_res **res)
{
	return by_id(db,
		     "SELECT id, asset_id, kind, to_institution_id, status FROM fin_asset_requests "
		     "WHERE id = $1",
		     id, res);
}

int store_asset_ids_at(struct db *db, const char *institution_id, struct db_res **res)
{
	return by_id(db,
		     "SELECT id FROM fin_assets WHERE institution_id = $1 AND state <> 'disposed' "
		     "ORDER BY asset_no",
		     institution_id, res);
}

int store_asset_check_open_count(struct db *db, const char *institution_id)
{
	return count_of(db,
			"SELECT COUNT(*) FROM fin_asset_checks WHERE institution_id = $1 AND status "
			"= 'open'",
			institution_id);
}

int store_asset_check_line_insert(struct db *db, const char *id, const char *check_id,
				  const char *asset_id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO fin_asset_check_lines (id, check_id, asset_id, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $4, $5, $5)",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(check_id), DB_TEXT(asset_id), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

int store_asset_check_lines(struct db *db, const char *id, struct db_res **res)
{
	return by_id(db,
		     "SELECT l.asset_id, a.asset_no, a.description, a.category, a.value_fen, "
		     "a.location, a.state, l.result, l.note, a.institution_id FROM "
		     "fin_asset_check_lines l JOIN fin_assets a ON a.id = l.asset_id WHERE "
		     "l.check_id = $1 ORDER BY a.asset_no",
		     id, res);
}

int store_asset_check_result(struct db *db, const char *id, const char *asset_id,
			     const char *result, const char *note, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_asset_check_lines SET result = $3, note = $4, updated_at = $5, "
		       "updated_by = $6 WHERE check_id = $1 AND asset_id = $2",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(asset_id), DB_TEXT(result), DB_TEXT(note),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_asset_check_touch(struct db *db, const char *id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_asset_checks SET updated_at = $2, updated_by = $3 WHERE id = $1 "
		       "AND status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_asset_check_close(struct db *db, const char *id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE fin_asset_checks SET status = 'closed', updated_at = $2, updated_by = "
		       "$3 WHERE id = $1 AND status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

/* ---- monitors ---- */

int store_asset_watch_missing(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, a.asset_no, "
		       "a.description, a.value_fen, (SELECT MAX(c.checked_on) FROM fin_asset_checks "
		       "c JOIN fin_asset_check_lines l ON l.check_id = c.id WHERE l.asset_id = a.id "
		       "AND l.result = 'missing' AND c.status = 'closed') FROM fin_assets a JOIN "
		       "institutions i ON i.id = a.institution_id WHERE a.state = 'missing' AND "
		       PLACE_IN_SCOPE " ORDER BY i.division_code, i.id, a.asset_no",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_asset_watch_checks(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, COUNT(*), "
		       "MIN(a.created_at), (SELECT MAX(c.checked_on) FROM fin_asset_checks c WHERE "
		       "c.institution_id = i.id AND c.status = 'closed') FROM fin_assets a JOIN "
		       "institutions i ON i.id = a.institution_id WHERE a.state <> 'disposed' AND "
		       PLACE_IN_SCOPE " GROUP BY i.id, i.name, i.county_code, i.division_code ORDER "
		       "BY i.division_code, i.id",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

/* ---- demo ---- */

int store_asset_demo_clinics(struct db *db, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, path, county_code, parent_id, division_code, name FROM "
		       "institutions WHERE kind = 'clinic' AND status = 'open' ORDER BY county_code, "
		       "division_code, id",
		       NULL, 0, res);
}

int store_asset_demo_backdate(struct db *db, const char *institution_id, const char *when)
{
	return db_exec(db,
		       "UPDATE fin_assets SET created_at = $2, updated_at = $2 WHERE institution_id "
		       "= $1",
		       DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(when)), NULL);
}
