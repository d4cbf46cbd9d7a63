/* SPDX-License-Identifier: MIT */
/* This file contains a clinic's stock request (请领单) to its centre: the request and its
 * lines, checked against the county's catalogue and, where the profile sets one, the share
 * of non-essential items (LB-DRG-1). What happens next (the centre's decision, shipping,
 * the clinic's receipt) is in delivery.c. */
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

static const struct ent_enum request_statuses[] = {
    {"requested", "待审批"}, {"approved", "已批准"}, {"rejected", "未批准"},
    {"shipped", "已配送"},   {"received", "已收货"}, {NULL, NULL},
};

static const struct ent_field request_fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
    {"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
    {"clinic_name", "村卫生室名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"centre_id", "卫生院", ENT_ID, EF_READONLY | EF_FILTER},
    {"centre_name", "卫生院名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = request_statuses},
    {"note", "说明", ENT_TEXT, EF_NULLABLE, 0, 500},
    {"decided_by", "审批人", ENT_TEXT, EF_READONLY},
    {"decided_on", "审批日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"lines", "请领明细", ENT_JSON, EF_VIRTUAL | EF_READONLY | EF_NOLIST},
    ENT_STANDARD_FIELDS,
};

/* A clinic's stock request to its centre (请领单). */
const struct entity stock_request_entity = {
    .name = "stock_request",
    .label = "请领单",
    .table = "stock_requests",
    ENT_FIELDS(request_fields),
    .default_sort = "-created_at",
};

/* The rows written beside them: lines of a request and of a delivery. */
static const struct ent_field request_line_fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY},
    {"request_id", "请领单", ENT_ID, EF_READONLY},
    {"item_id", "品种", ENT_ID, EF_REQUIRED},
    {"requested", "请领数量（基本单位）", ENT_INT, EF_REQUIRED, 1, 1000000000},
    {"approved", "批准数量", ENT_INT, EF_READONLY},
    ENT_STANDARD_FIELDS,
};

static const struct entity request_line_entity = {
    .name = "stock_request_line",
    .label = "请领明细",
    .table = "stock_request_lines",
    ENT_FIELDS(request_line_fields),
};

/* Request bodies, checked by ent_validate; their lines by the line entities. */
static const struct ent_field request_body_fields[] = {
    {"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED},
    {"note", "说明", ENT_TEXT, EF_NULLABLE, 0, 500},
    {"lines", "请领明细", ENT_JSON, EF_REQUIRED},
};

static const struct entity request_body_entity = {
    .name = "stock_request_create",
    .label = "请领单",
    ENT_FIELDS(request_body_fields),
};

/* "3/10 = 30%" or "1/3 = 33.3%": a share in tenths of a percent, rounded down, so that a
 * share just over the limit never reads as the limit itself. OUT: LEN bytes. */
static void share_text(long long part, long long total, char *out, size_t len)
{
	long long tenths = total > 0 ? part * 1000 / total : 0;
	if (tenths % 10)
		snprintf(out, len, "%lld/%lld = %lld.%lld%%", part, total, tenths / 10, tenths % 10);
	else
		snprintf(out, len, "%lld/%lld = %lld%%", part, total, tenths / 10);
}

/* The names, and the lines with their items' names and units. */
int pharm_complete_request(struct db *db, json_t *items)
{
	int rc = pharm_complete_names(db, items);
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		struct db_res *res = NULL;
		if (rc >= 0)
			rc = store_request_lines(db, text_of(rec, "id"), &res);
		if (rc < 0)
			return rc;
		json_t *lines = json_array();
		for (size_t row = 0; row < db_res_rows(res); row++)
			json_array_append_new(
			    lines, json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "id",
			                     pharm_cell_text(res, row, 0), "item_id", pharm_cell_text(res, row, 1),
			                     "item_name", pharm_cell_text(res, row, 2), "strength",
			                     pharm_cell_text(res, row, 3), "base_unit",
			                     pharm_cell_text(res, row, 4), "essential",
			                     db_res_int(res, row, 5) != 0, "requested",
			                     pharm_cell_int(res, row, 6), "approved", pharm_cell_int(res, row, 7)));
		json_object_set_new(rec, "lines", lines);
		db_res_free(res);
	}
	return rc < 0 ? rc : 0;
}

/* ---- resolvers: a request or delivery belongs to its clinic ---- */

int pharm_request_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_request_path(db, id, path, len);
}

/* ---- a request (LB-DRG-1) ---- */

/* One item a request names. */
struct item {
	char id[37], name[160], unit[32], county[16];
	bool essential, active;
};

static int load_item(struct db *db, const char *id, size_t line, struct item *out,
                     struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_dlv_item(db, id, &res);
	if (rc == 0) {
		char field[64];
		snprintf(field, sizeof(field), "lines.%zu.item_id", line);
		err_set(err, ERR_INVALID, field, NULL, "第 %zu 行：品种 %s 不在目录中", line + 1, id);
		rc = DB_ABORT;
	}
	if (rc > 0) {
		const char *strength = db_res_text(res, 0, 2);
		snprintf(out->id, sizeof(out->id), "%s", db_res_text(res, 0, 0));
		snprintf(out->name, sizeof(out->name), "%s%s%s", db_res_text(res, 0, 1),
		         strength ? " " : "", strength ? strength : "");
		snprintf(out->unit, sizeof(out->unit), "%s", db_res_text(res, 0, 3));
		out->essential = db_res_int(res, 0, 4) != 0;
		out->active = db_res_int(res, 0, 5) != 0;
		snprintf(out->county, sizeof(out->county), "%s", db_res_text(res, 0, 6));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

/* LB-DRG-1: with the profile's non-essential share set, the distinct items the clinic
 * would then hold or have under way may hold at most that share of non-essential ones. A
 * request of essential items only is never refused: it cannot raise the share, and a
 * clinic over the limit (the limit lowered, say) must still get its essential medicines. */
static int check_share(struct db *db, const struct place *clinic, const struct item *items,
                       size_t n, struct app_error *err)
{
	char today[11];
	org_today(today);
	const json_t *profile = org_profile_for(clinic->county, today);
	const json_t *group = org_profile_group(profile, "drugs");
	long long max = org_profile_param_in(profile, "drugs", "non_essential_max_share_pct", -1);
	bool adds_non_essential = false;
	for (size_t i = 0; i < n; i++)
		adds_non_essential = adds_non_essential || !items[i].essential;
	if (!json_is_object(group) || max < 0 || !adds_non_essential)
		return 0;
	struct db_res *res = NULL;
	int rc = store_dlv_clinic_lock(db, clinic->id);
	if (rc >= 0)
		rc = store_dlv_clinic_items(db, clinic->id, &res);
	if (rc < 0)
		return rc;
	long long total = (long long)db_res_rows(res), non_essential = 0;
	for (size_t row = 0; row < db_res_rows(res); row++)
		non_essential += db_res_int(res, row, 1) == 0;
	for (size_t i = 0; i < n; i++) {
		bool held = false;
		for (size_t row = 0; row < db_res_rows(res) && !held; row++)
			held = strcmp(db_res_text(res, row, 0), items[i].id) == 0;
		if (held)
			continue;
		total++;
		non_essential += !items[i].essential;
	}
	db_res_free(res);
	if (pharm_share_ok(non_essential, total, max))
		return 0;
	char share[64];
	share_text(non_essential, total, share, sizeof(share));
	const char *rule = text_of(group, "rule_share");
	err_set(err, ERR_RULE, "lines", rule ? rule : "LB-DRG-1",
	        "%s在库及请领中的非基本药物品种 %s，超过规定比例 %lld%%：请减少非基本药物品种",
	        clinic->name, share, max);
	return DB_ABORT;
}

struct request_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

static int request_create_body(struct db *db, void *cls)
{
	struct request_txn *t = cls;
	const json_t *lines = json_object_get(t->body, "lines");
	size_t n = json_array_size(lines);
	struct place clinic, centre;
	struct item *items = calloc(n ? n : 1, sizeof(*items)); /* freed at out */
	json_t *rec = NULL, *extra = NULL, *after = NULL;
	int rc = items ? pharm_load_clinic(db, text_of(t->body, "clinic_id"), "clinic_id", &clinic,
	                             &centre, t->err)
	               : DB_HARD;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		const char *item_id = text_of(json_array_get(lines, i), "item_id");
		char field[64];
		snprintf(field, sizeof(field), "lines.%zu.item_id", i);
		rc = load_item(db, item_id, i, &items[i], t->err);
		if (rc < 0)
			break;
		if (strcmp(items[i].county, clinic.county) != 0) {
			err_set(t->err, ERR_INVALID, field, NULL,
			        "第 %zu 行：%s不在%s所在县（区）的药械目录中", i + 1, items[i].name,
			        clinic.name);
			rc = DB_ABORT;
		} else if (!items[i].active) {
			err_set(t->err, ERR_INVALID, field, NULL, "第 %zu 行：%s已停用，不能请领",
			        i + 1, items[i].name);
			rc = DB_ABORT;
		}
		for (size_t k = 0; k < i && rc >= 0; k++) {
			if (strcmp(items[k].id, items[i].id) != 0)
				continue;
			err_set(t->err, ERR_INVALID, field, NULL,
			        "第 %zu 行：%s已在第 %zu 行请领，同一品种请合并为一行", i + 1,
			        items[i].name, k + 1);
			rc = DB_ABORT;
		}
	}
	if (rc >= 0)
		rc = check_share(db, &clinic, items, n, t->err);
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	rec = json_pack("{s:s, s:s, s:s, s:s, s:O?}", "id", t->id, "clinic_id", clinic.id,
	                "centre_id", centre.id, "status", "requested", "note",
	                json_object_get(t->body, "note"));
	extra = json_pack("{s:s}", "path", clinic.path);
	rc = crud_insert(db, &stock_request_entity, rec, extra, org_by(t->who));
	for (size_t i = 0; i < n && rc >= 0; i++) {
		char line_id[37];
		db_new_id(line_id);
		json_t *line = json_pack("{s:s, s:s, s:s, s:O}", "id", line_id, "request_id", t->id,
		                         "item_id", items[i].id, "requested",
		                         json_object_get(json_array_get(lines, i), "requested"));
		rc = crud_insert(db, &request_line_entity, line, NULL, org_by(t->who));
		json_decref(line);
	}
	if (rc >= 0)
		after = crud_get_view(db, &stock_request_entity, t->id, pharm_complete_request,
		                      t->err);
	if (rc >= 0)
		rc = after ? audit_append(db, t->who, "create", "stock_request", t->id, NULL, after)
		           : DB_HARD;
out:
	json_decref(after);
	json_decref(extra);
	json_decref(rec);
	free(items);
	return rc < 0 ? rc : 0;
}

enum MHD_Result pharm_h_requests_list(struct req *r)
{
	return pharm_reply_list(r, &stock_request_entity, store_requests_list);
}

enum MHD_Result pharm_h_request_get(struct req *r)
{
	return pharm_reply_record(r, MHD_HTTP_OK, &stock_request_entity, req_param(r, "id"),
	                          pharm_complete_request);
}

enum MHD_Result pharm_h_request_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&request_body_entity, r->json, ENT_CREATE, &err) != 0 ||
	    pharm_check_lines(&request_line_entity, json_object_get(r->json, "lines"), true, &err) != 0)
		return reply_error(r, &err);
	struct request_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "stock request create", request_create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return pharm_reply_record(r, MHD_HTTP_CREATED, &stock_request_entity, t.id,
	                          pharm_complete_request);
}
