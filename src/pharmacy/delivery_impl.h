/* SPDX-License-Identifier: MIT */
/* What the delivery workflow (request.c: requests; delivery.c: approval, shipping, receipt),
 * the returns and disposals (collect.c) share (common.c). */
#ifndef YTH_PHARMACY_DELIVERY_IMPL_H
#define YTH_PHARMACY_DELIVERY_IMPL_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "core/error.h"
#include "db/db.h"
#include "http/handlers.h"

#define MAX_LINES 200 /* lines of one request, receipt, return or disposal */

/* An institution as these rules need it. */
struct place {
	char id[37], kind[16], name[128], parent[37], path[512], county[16], status[16];
};

static inline const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

/* Check LINES (borrowed) of a body against the line entity E: an array of 1..MAX_LINES
 * objects, each valid. A failure names the line ("lines.2.quantity") and says which line
 * it is. Returns 0 or -1 with ERR. */
int pharm_check_lines(const struct entity *e, const json_t *lines, bool required,
		      struct app_error *err);
/* Put line I before ERR's field ("lines.2.quantity") and message ("第 3 行：..."). */
void pharm_prefix_line(struct app_error *err, size_t i);
/* Load institution ID into OUT; if there is none, ERR names FIELD (ERR_INVALID) or says
 * not found (FIELD NULL). Returns DB_ONE or a negative db_status (DB_ABORT with ERR). */
int pharm_load_place(struct db *db, const char *id, const char *field, struct place *out,
		     struct app_error *err);
/* Load clinic ID (a village clinic, not closed, under a centre) and its centre. */
int pharm_load_clinic(struct db *db, const char *id, const char *field, struct place *clinic,
		      struct place *centre, struct app_error *err);
/* A db_res cell as a JSON string / integer or null (new reference). */
json_t *pharm_cell_text(const struct db_res *res, size_t row, size_t col);
json_t *pharm_cell_int(const struct db_res *res, size_t row, size_t col);

/* Add the clinic and centre names to each record of ITEMS (borrowed). */
int pharm_complete_names(struct db *db, json_t *items);
/* The names, and a request's lines with their items' names and units (request.c). */
int pharm_complete_request(struct db *db, json_t *items);
/* Reply with record ID of E completed by COMPLETE (STATUS), or the error. */
enum MHD_Result pharm_reply_record(struct req *r, unsigned status, const struct entity *e,
				   const char *id, int (*complete)(struct db *, json_t *));
/* A page of E in the signed-in user's scope (a village doctor: their clinic only). */
enum MHD_Result pharm_reply_list(struct req *r, const struct entity *e,
				 int (*list)(struct db *, const char *, const struct ent_list *,
					     json_t **, bool *));

#endif
