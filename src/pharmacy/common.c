/* SPDX-License-Identifier: MIT */
/* This file contains what the drug workflows (request.c, delivery.c, collect.c) share: the
 * institutions they act on, the line lists of their bodies, and the records and pages they
 * reply with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/pharm_rules.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/delivery_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

/* A db_res cell as a JSON string or null (new reference). */
json_t *pharm_cell_text(const struct db_res *res, size_t row, size_t col)
{
	const char *s = db_res_text(res, row, col);
	return s ? json_string(s) : json_null();
}

json_t *pharm_cell_int(const struct db_res *res, size_t row, size_t col)
{
	return db_res_null(res, row, col) ? json_null() : json_integer(db_res_int(res, row, col));
}

/* Put line I before ERR's field ("lines.2.quantity") and message ("第 3 行：..."). */
void pharm_prefix_line(struct app_error *err, size_t i)
{
	err_prefix_item(err, "lines", i, "行");
}

/* Check LINES (borrowed) of a body against the line entity E: an array of 1..MAX_LINES
 * objects, each valid. A failure names the line ("lines.2.quantity") and says which line
 * it is. Returns 0 or -1 with ERR. */
int pharm_check_lines(const struct entity *e, const json_t *lines, bool required,
                       struct app_error *err)
{
	if (!lines && !required)
		return 0;
	if (!json_is_array(lines))
		return err_set(err, ERR_TYPE, "lines", NULL, "明细（lines）应为数组");
	size_t n = json_array_size(lines);
	if ((required && n == 0) || n > MAX_LINES)
		return err_set(err, ERR_INVALID, "lines", NULL, "明细（lines）应有 %d 至 %d 行",
		               required ? 1 : 0, MAX_LINES);
	for (size_t i = 0; i < n; i++) {
		if (ent_validate(e, json_array_get(lines, i), ENT_CREATE, err) == 0)
			continue;
		pharm_prefix_line(err, i);
		return -1;
	}
	return 0;
}

/* Load institution ID into OUT; if there is none, ERR names FIELD (ERR_INVALID) or says
 * not found (FIELD NULL). Returns DB_ONE or a negative db_status (DB_ABORT with ERR). */
int pharm_load_place(struct db *db, const char *id, const char *field, struct place *out,
                      struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_dlv_institution(db, id, &res);
	if (rc == 0) {
		if (field)
			err_set(err, ERR_INVALID, field, NULL, "机构 %s 不存在", id);
		else
			err_set(err, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
		rc = DB_ABORT;
	}
	if (rc > 0) {
		const char *parent = db_res_text(res, 0, 3), *county = db_res_text(res, 0, 5);
		snprintf(out->id, sizeof(out->id), "%s", db_res_text(res, 0, 0));
		snprintf(out->kind, sizeof(out->kind), "%s", db_res_text(res, 0, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_res_text(res, 0, 2));
		snprintf(out->parent, sizeof(out->parent), "%s", parent ? parent : "");
		snprintf(out->path, sizeof(out->path), "%s", db_res_text(res, 0, 4));
		snprintf(out->county, sizeof(out->county), "%s", county ? county : "");
		snprintf(out->status, sizeof(out->status), "%s", db_res_text(res, 0, 6));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

/* Load clinic ID (a village clinic, not closed, under a centre) and its centre. */
int pharm_load_clinic(struct db *db, const char *id, const char *field, struct place *clinic,
                       struct place *centre, struct app_error *err)
{
	int rc = pharm_load_place(db, id, field, clinic, err);
	if (rc < 0)
		return rc;
	if (strcmp(clinic->kind, "clinic") != 0 || !clinic->parent[0]) {
		err_set(err, ERR_INVALID, field ? field : "id", NULL,
		        "%s不是村卫生室：只有村卫生室向所属卫生院请领、退回药械", clinic->name);
		return DB_ABORT;
	}
	if (strcmp(clinic->status, "closed") == 0) {
		err_set(err, ERR_INVALID, field ? field : "id", NULL, "村卫生室%s已撤销",
		        clinic->name);
		return DB_ABORT;
	}
	return pharm_load_place(db, clinic->parent, field, centre, err);
}

/* ---- the records the API shows ---- */

/* Add the clinic and centre names to each record of ITEMS (borrowed). */
int pharm_complete_names(struct db *db, json_t *items)
{
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		struct db_res *res = NULL;
		int rc = store_dlv_names(db, text_of(rec, "clinic_id"), text_of(rec, "centre_id"),
		                         &res);
		if (rc < 0)
			return rc;
		if (rc > 0) {
			json_object_set_new(rec, "clinic_name", pharm_cell_text(res, 0, 0));
			json_object_set_new(rec, "centre_name", pharm_cell_text(res, 0, 1));
		}
		db_res_free(res);
	}
	return 0;
}

/* ---- handlers ---- */

/* Reply with record ID of E completed by COMPLETE (STATUS), or the error. */
enum MHD_Result pharm_reply_record(struct req *r, unsigned status, const struct entity *e,
                                   const char *id, int (*complete)(struct db *, json_t *))
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, e, id, complete, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

/* A page of E in the signed-in user's scope (a village doctor: their clinic only). */
enum MHD_Result pharm_reply_list(struct req *r, const struct entity *e,
                                 int (*list)(struct db *, const char *,
                                             const struct ent_list *, json_t **, bool *))
{
	struct app_error err;
	struct ent_list l;
	json_t *items = NULL;
	bool more;
	if (req_list(r, e, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = list(r->db, r->who.scope_path, &l, &items, &more);
	if (rc >= 0)
		rc = pharm_complete_names(r->db, items);
	if (rc < 0) {
		ent_list_clear(&l);
		json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	enum MHD_Result ret = reply_page(r, items, more, &l);
	ent_list_clear(&l);
	return ret;
}
