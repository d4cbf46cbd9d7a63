/* SPDX-License-Identifier: MIT */
/* This file contains every SQL statement of the institutions area (see store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/store.h"

#define IN_SCOPE(col) DB_IN_SUBTREE(col)

int store_divisions_put(struct db *db, const struct store_division *rows, size_t n,
			const char *now, const char *by)
{
	/* Many rows per statement: an import is thousands of rows, and a statement per row
	 * costs more than the row. Few distinct texts (one per batch size), each prepared
	 * once. The WHERE makes an unchanged row a no-op: re-importing changes nothing. */
	struct db_val params[2 + 4 * STORE_DIVISION_BATCH];
	char sql[256 + 40 * STORE_DIVISION_BATCH + 512];
	if (n == 0 || n > STORE_DIVISION_BATCH)
		return DB_HARD;
	params[0] = DB_TEXT(now);
	params[1] = DB_TEXT(by);
	size_t used = (size_t)snprintf(sql, sizeof(sql),
				       "INSERT INTO divisions (code, name, level, parent_code, "
				       "created_at, updated_at, created_by, updated_by) VALUES ");
	for (size_t i = 0; i < n; i++) {
		size_t k = 2 + 4 * i;
		params[k] = DB_TEXT(rows[i].code);
		params[k + 1] = DB_TEXT(rows[i].name);
		params[k + 2] = DB_TEXT(rows[i].level);
		params[k + 3] = DB_TEXT(rows[i].parent_code);
		used += (size_t)snprintf(sql + used, sizeof(sql) - used,
					 "%s($%zu, $%zu, $%zu, $%zu, $1, $1, $2, $2)", i ? ", " : "",
					 k + 1, k + 2, k + 3, k + 4);
	}
	snprintf(sql + used, sizeof(sql) - used,
		 " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, "
		 "parent_code = excluded.parent_code, updated_at = excluded.updated_at, "
		 "updated_by = excluded.updated_by WHERE divisions.name <> excluded.name OR "
		 "divisions.level <> excluded.level OR "
		 "COALESCE(divisions.parent_code, '') <> COALESCE(excluded.parent_code, '')");
	return db_exec(db, sql, params, 2 + 4 * n, NULL);
}

int store_division_get(struct db *db, const char *code, struct db_res **res)
{
	return db_exec(db, "SELECT code, name, level, parent_code FROM divisions WHERE code = $1",
		       DB_PARAMS(DB_TEXT(code)), res);
}

int store_divisions_under(struct db *db, const char *prefix, const char *level,
			  struct db_res **res)
{
	return db_exec(db,
		       "SELECT code, name FROM divisions WHERE level = $2 AND "
		       "substr(code, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) ORDER BY code",
		       DB_PARAMS(DB_TEXT(prefix), DB_TEXT(level)), res);
}

int store_institution_path(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res;
	int rc = db_exec(db, "SELECT path FROM institutions WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc <= 0) {
		db_res_free(res);
		return rc;
	}
	snprintf(path, len, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return DB_ONE;
}

#define BRIEF_COLS "i.id, i.kind, i.name, i.division_code, i.county_code, i.parent_id, i.path, i.status"

int store_institution_brief(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db, "SELECT " BRIEF_COLS " FROM institutions i WHERE i.id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_institution_at(struct db *db, const char *kind, const char *division_code,
			 struct db_res **res)
{
	if (strcmp(kind, "bureau") == 0)
		return db_exec(db,
			       "SELECT " BRIEF_COLS " FROM institutions i WHERE i.kind = 'bureau' "
			       "AND i.division_code = $1",
			       DB_PARAMS(DB_TEXT(division_code)), res);
	return db_exec(db,
		       "SELECT " BRIEF_COLS " FROM institutions i WHERE i.kind IN ('centre', "
		       "'community') AND i.division_code = $1",
		       DB_PARAMS(DB_TEXT(division_code)), res);
}

int store_institutions_in_scope(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT " BRIEF_COLS ", (SELECT COUNT(*) FROM checklist c WHERE "
		       "c.institution_id = i.id) FROM institutions i WHERE " IN_SCOPE("i.path")
		       " ORDER BY i.path",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_village_owner(struct db *db, const char *village_code, struct db_res **res)
{
	return db_exec(db,
		       "SELECT cv.clinic_id, i.name FROM clinic_villages cv JOIN institutions i ON "
		       "i.id = cv.clinic_id WHERE cv.village_code = $1",
		       DB_PARAMS(DB_TEXT(village_code)), res);
}

int store_villages_clear(struct db *db, const char *clinic_id)
{
	return db_exec(db, "DELETE FROM clinic_villages WHERE clinic_id = $1",
		       DB_PARAMS(DB_TEXT(clinic_id)), NULL);
}

int store_village_add(struct db *db, const char *clinic_id, const char *village_code,
		      const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO clinic_villages (village_code, clinic_id, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $3, $4, $4)",
		       DB_PARAMS(DB_TEXT(village_code), DB_TEXT(clinic_id), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

int store_villages_of(struct db *db, const char *const *ids, size_t n, struct db_res **res)
{
	/* One statement per page size (1..500 placeholders): few distinct texts, each
	 * prepared once per connection. */
	struct db_val params[500];
	char sql[8192];
	if (n == 0 || n > 500)
		return DB_HARD;
	size_t used = (size_t)snprintf(sql, sizeof(sql),
				       "SELECT cv.clinic_id, cv.village_code, d.name FROM "
				       "clinic_villages cv JOIN divisions d ON d.code = "
				       "cv.village_code WHERE cv.clinic_id IN (");
	for (size_t i = 0; i < n && used < sizeof(sql) - 64; i++) {
		params[i] = DB_TEXT(ids[i]);
		used += (size_t)snprintf(sql + used, sizeof(sql) - used, "%s$%zu", i ? ", " : "",
					 i + 1);
	}
	snprintf(sql + used, sizeof(sql) - used, ") ORDER BY cv.village_code");
	return db_exec(db, sql, params, n, res);
}

int store_checklist(struct db *db, const char *institution_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT item, done_on, note, updated_by, updated_at FROM checklist WHERE "
		       "institution_id = $1 ORDER BY item",
		       DB_PARAMS(DB_TEXT(institution_id)), res);
}

int store_checklist_put(struct db *db, const char *institution_id, const char *item,
			const char *done_on, const char *note, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO checklist (institution_id, item, done_on, note, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5, $6, $6) "
		       "ON CONFLICT (institution_id, item) DO UPDATE SET done_on = excluded.done_on, "
		       "note = excluded.note, updated_at = excluded.updated_at, "
		       "updated_by = excluded.updated_by",
		       DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(item), DB_TEXT(done_on),
				 DB_TEXT(note), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_checklist_delete(struct db *db, const char *institution_id, const char *item)
{
	return db_exec(db, "DELETE FROM checklist WHERE institution_id = $1 AND item = $2",
		       DB_PARAMS(DB_TEXT(institution_id), DB_TEXT(item)), NULL);
}

int store_clinic_progress(struct db *db, const char *scope, const char *date,
			  struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.county_code, i.id, (SELECT COUNT(*) FROM checklist c WHERE "
		       "c.institution_id = i.id AND c.done_on <= $2) FROM institutions i WHERE "
		       "i.kind = 'clinic' AND i.status <> 'closed' AND " IN_SCOPE("i.path")
		       " ORDER BY i.county_code",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(date)), res);
}

int store_villages_without_clinic(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT v.code, v.name, t.code, t.name, t.parent_code, "
		       "COALESCE(c.id, b.id), COALESCE(c.path, b.path) FROM divisions v "
		       "JOIN divisions t ON t.code = v.parent_code "
		       "JOIN institutions b ON b.kind = 'bureau' AND b.division_code = t.parent_code "
		       "LEFT JOIN institutions c ON c.kind IN ('centre', 'community') AND "
		       "c.division_code = t.code "
		       "WHERE v.level = 'village' AND NOT EXISTS (SELECT 1 FROM clinic_villages cv "
		       "WHERE cv.village_code = v.code) AND " IN_SCOPE("COALESCE(c.path, b.path)")
		       " ORDER BY v.code",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_clinics_for_monitor(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.division_code, i.county_code, i.status, i.optional, "
		       "i.licence_no, i.licence_valid_until FROM institutions i WHERE "
		       "i.kind = 'clinic' AND i.status <> 'closed' AND " IN_SCOPE("i.path")
		       " ORDER BY i.division_code",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_counties_in_scope(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.county_code, d.name FROM institutions i JOIN divisions d "
		       "ON d.code = i.county_code WHERE i.kind = 'bureau' AND " IN_SCOPE("i.path")
		       " ORDER BY i.county_code",
		       DB_PARAMS(DB_TEXT(scope)), res);
}
