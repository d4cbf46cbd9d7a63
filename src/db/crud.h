/* SPDX-License-Identifier: MIT */
/* SQL derived from an entity declaration (core/entity.h): insert, update, get and paged
 * list, and a database row turned back into a JSON record. Column names come only from
 * declarations, never from input; every value is bound. Area store files call these and
 * add their own WHERE fragments (e.g. the scope filter). */
#ifndef YTH_DB_CRUD_H
#define YTH_DB_CRUD_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "db/db.h"

/* Insert REC (borrowed; validated) into E's table: every declared field present in REC
 * plus EXTRA (borrowed, may be NULL: server-side columns such as "path" that are not
 * declared fields, as a JSON object of text/integer values). Standard columns
 * created_at/updated_at/created_by/updated_by are set from NOW and BY. Returns 1, or a
 * negative db_status (DB_CONSTRAINT for a duplicate). */
int crud_insert(struct db *db, const struct entity *e, const json_t *rec, const json_t *extra,
		const char *by);

/* Update the row whose KEY_FIELD equals KEY with every declared field present in
 * CHANGES (borrowed), setting updated_at/updated_by. Returns rows changed (0 or 1) or a
 * negative db_status. */
int crud_update(struct db *db, const struct entity *e, const char *key_field, const char *key,
		const json_t *changes, const char *by);

/* The row whose KEY_FIELD equals KEY as a record of E (every declared field that is a
 * column, EF_SECRET fields included: strip them before replying). *OUT is a new reference
 * or NULL. Returns DB_ONE, DB_NONE or a negative db_status. */
int crud_get(struct db *db, const struct entity *e, const char *key_field, const char *key,
	     json_t **out);

/* A page of E's rows for the parsed list L, further restricted by WHERE (an SQL fragment
 * written by the calling store file, using placeholders $1..$NWHERE bound to WHERE_PARAMS;
 * NULL for none). Sorted by L's sort field, then by the table's primary key KEY_FIELD so
 * that pages are stable. *ITEMS is a new JSON array of records; *MORE is true if another
 * page follows. Returns the number of items or a negative db_status. */
int crud_list(struct db *db, const struct entity *e, const char *key_field,
	      const struct ent_list *l, const char *where, const struct db_val *where_params,
	      size_t nwhere, json_t **items, bool *more);

/* A page of E's records whose "path" column (an institution path) lies in the subtree
 * SCOPE: crud_list with the scope filter every area's lists share. */
int crud_list_scoped(struct db *db, const struct entity *e, const char *scope,
		     const struct ent_list *l, json_t **items, bool *more);

/* The record of E whose "id" is ID as the API shows it: COMPLETE (may be NULL) adds what is
 * not a column to an array of records (the same function the area's list uses). New
 * reference, or NULL with ERR: ERR_NOT_FOUND saying "<E's label>不存在", or ERR_INTERNAL. */
json_t *crud_get_view(struct db *db, const struct entity *e, const char *id,
		      int (*complete)(struct db *db, json_t *items), struct app_error *err);

/* Row ROW of RES as a record of E: columns named like declared fields are converted by
 * type (INT/MONEY → integer, BOOL → true/false, JSON → parsed), others ignored. New
 * reference. */
json_t *crud_row(const struct entity *e, const struct db_res *res, size_t row);

/* Bind value V (borrowed) of field F as a db_val; TEXT values point into V. For BOOL the
 * integer 0/1; for JSON the caller must use crud_json_text. */
struct db_val crud_bind(const struct ent_field *f, const json_t *v);

#endif
