/* SPDX-License-Identifier: MIT */
/* The institutions area's storage: every SQL statement of org/ is in store.c. Functions
 * return a db_status (or a row count); result sets are new and freed by the caller with
 * db_res_free. SCOPE is an institution path ("/" for everything): rows are limited to that
 * subtree. */
#ifndef YTH_ORG_STORE_H
#define YTH_ORG_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "db/db.h"

/* The WHERE fragment that limits a generic list (db/crud.c) of institutions to the subtree
 * bound to $1. */
#define STORE_IN_SCOPE DB_IN_SUBTREE("path")

/* Divisions (行政区划). Insert or change up to STORE_DIVISION_BATCH divisions (parents
 * before children), stamped NOW by BY; returns how many rows were written: a division
 * already the same is not (re-import changes nothing). */
#define STORE_DIVISION_BATCH 100
struct store_division {
	const char *code, *name, *level, *parent_code; /* parent_code NULL for a province */
};
int store_divisions_put(struct db *db, const struct store_division *rows, size_t n,
			const char *now, const char *by);
/* code, name, level, parent_code of one division. */
int store_division_get(struct db *db, const char *code, struct db_res **res);
/* code, name of every division of LEVEL whose code starts with PREFIX, by code. */
int store_divisions_under(struct db *db, const char *prefix, const char *level,
			  struct db_res **res);

/* Institutions. */
int store_institution_path(struct db *db, const char *id, char *path, size_t len);
/* id, kind, name, division_code, county_code, parent_id, path, status of one institution. */
int store_institution_brief(struct db *db, const char *id, struct db_res **res);
/* Same columns for the centre (centre / community) of a township, or the bureau of a
 * county (KIND "bureau"). */
int store_institution_at(struct db *db, const char *kind, const char *division_code,
			 struct db_res **res);
/* Same columns for every institution in SCOPE, ordered by path (the tree). Also
 * checklist_done as the 9th column. */
int store_institutions_in_scope(struct db *db, const char *scope, struct db_res **res);

/* Villages a clinic serves. */
int store_village_owner(struct db *db, const char *village_code, struct db_res **res);
int store_villages_clear(struct db *db, const char *clinic_id);
int store_village_add(struct db *db, const char *clinic_id, const char *village_code,
		      const char *by);
/* clinic_id, village_code, village name for the clinics IDS (N of them, ≤ 500). */
int store_villages_of(struct db *db, const char *const *ids, size_t n, struct db_res **res);

/* Checklist (一体化清单): item, done_on, note, updated_by, updated_at of one institution. */
int store_checklist(struct db *db, const char *institution_id, struct db_res **res);
int store_checklist_put(struct db *db, const char *institution_id, const char *item,
			const char *done_on, const char *note, const char *by);
int store_checklist_delete(struct db *db, const char *institution_id, const char *item);
/* county_code, clinic id, number of items done on or before DATE, for every clinic in
 * SCOPE that is not closed. */
int store_clinic_progress(struct db *db, const char *scope, const char *date,
			  struct db_res **res);

/* Monitors. Village committees and other villages in SCOPE's counties with no clinic:
 * village code, village name, township code, township name, county code, id and path of
 * the institution the alert goes to (the township's centre, else the county bureau). */
int store_villages_without_clinic(struct db *db, const char *scope, struct db_res **res);
/* id, name, division_code, county_code, status, optional, licence_no, licence_valid_until
 * of every clinic in SCOPE that is not closed. */
int store_clinics_for_monitor(struct db *db, const char *scope, struct db_res **res);
/* county_code, county name of every county whose bureau is in SCOPE (coverage is measured
 * for whole counties only). */
int store_counties_in_scope(struct db *db, const char *scope, struct db_res **res);

#endif
