/* SPDX-License-Identifier: MIT */
/* What the files of the institutions area share with each other, the CLI and the
 * handlers: the area's actions. Each returns 0 or -1 with ERR set, unless it says
 * otherwise; WHO may be NULL for the command line. */
#ifndef YTH_ORG_IMPL_H
#define YTH_ORG_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct principal;

extern const struct ent_enum org_status_enums[];

/* The user name recorded as created_by / updated_by ("cli" without a principal). */
const char *org_by(const struct principal *who);
/* A failed db_run_transaction result as an error for the user (keeps one set by the body
 * for DB_ABORT). Returns -1. */
int org_txn_error(int rc, struct app_error *err);

/* Institutions (institution.c). */
int org_institution_create(struct db *db, const struct principal *who, const json_t *rec,
			   char id_out[37], struct app_error *err);
/* The same inside the caller's transaction; REC is validated and gains "id". Returns 0 or
 * a negative db_status (DB_ABORT with ERR set). */
int org_institution_insert(struct db *db, const struct principal *who, json_t *rec,
			   char id_out[37], struct app_error *err);
int org_institution_update(struct db *db, const struct principal *who, const char *id,
			   const json_t *changes, struct app_error *err);
/* New reference, or NULL with ERR (not found → ERR_NOT_FOUND). */
json_t *org_institution_get(struct db *db, const char *id, struct app_error *err);
int org_institutions_list(struct db *db, const char *scope, const struct ent_list *l,
			  json_t **items, bool *more, struct app_error *err);
/* Add villages served, profile, checklist total and integrated to each record of ITEMS.
 * Returns 0 or a negative db_status. */
int org_institutions_complete(struct db *db, json_t *items);

/* Divisions (division.c). Import a CSV (UTF-8 or GB18030) of code,name,level,parent_code:
 * every row is checked first, then all are written in one transaction; nothing is written
 * if any row is bad (ERR names the line). *ROWS, *CHANGED: rows read and rows written
 * (0 on a re-import); *ENCODING: "UTF-8" or "GB18030". PROGRESS (may be NULL) gets a
 * progress line now and then. */
int org_divisions_import(struct db *db, const struct principal *who, const char *data,
			 size_t len, size_t *rows, size_t *changed, const char **encoding,
			 FILE *progress, struct app_error *err);

/* Checklist (checklist.c). */
json_t *org_checklist_get(struct db *db, const char *institution_id, struct app_error *err);
int org_checklist_tick(struct db *db, const struct principal *who, const char *institution_id,
		       const char *item, const json_t *body, struct app_error *err);
int org_checklist_untick(struct db *db, const struct principal *who,
			 const char *institution_id, const char *item, struct app_error *err);

/* Coverage (coverage.c): one record per county in SCOPE for YEAR (new array). */
json_t *org_coverage(struct db *db, const char *scope, int year, struct app_error *err);

/* Monitors (monitor.c): every alert in SCOPE (new array of alert records), optionally
 * only those of COUNTY (NULL for all). */
json_t *org_alerts(struct db *db, const char *scope, const char *county, struct app_error *err);

/* Plan (plan.c): a planned clinic for every village committee of COUNTY that has none,
 * under the centre of its township (created, planned, when missing). *CREATED: new array
 * of [kind label, name, division code], one per created institution. *CLINICS, *CENTRES:
 * how many were created. */
int org_plan_clinics(struct db *db, const struct principal *who, const char *county,
		     json_t **created, size_t *clinics, size_t *centres, struct app_error *err);

/* Demo (demo.c): for each of the demo counties a bureau and one centre per town (镇/乡),
 * the clinic plan, and a few clinics opened with licences and checklist progress. Fills the
 * ids the demo users belong to. Requires the divisions to be imported. */
struct org_demo {
	char bureau[37];      /* 柳北区卫生健康局 */
	char other_bureau[37]; /* 横峰县卫生健康局 */
	char centre[37];      /* 沙塘镇中心卫生院 */
	char clinic[37];      /* the first opened clinic under that centre */
};
int org_demo_seed(struct db *db, struct org_demo *out, struct app_error *err);
/* True if DB holds any institution (then the demo refuses to run). Negative on error. */
int org_has_institutions(struct db *db);

/* Tree (tree.c): the institutions of SCOPE nested bureau → centre → clinic. */
json_t *org_tree(struct db *db, const char *scope, struct app_error *err);

#endif
