/* SPDX-License-Identifier: MIT */
/* This file contains the inventory checks of fixed assets (资产清查, SR-FIN-5): a check lists
 * every asset kept at an institution that is not disposed of; each is counted found, missing
 * or damaged; closing the check sets the assets' states (a missing one is an alert, one
 * found again is back in use). Also the HTTP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

static const struct ent_enum check_statuses[] = {
	{"open", "清查中"},
	{"closed", "已完成"},
	{NULL, NULL},
};

static const struct ent_field check_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"institution_id", "清查机构", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"institution_name", "清查机构名称", ENT_TEXT, EF_READONLY},
	{"checked_on", "清查日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = check_statuses},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
	{"line_count", "账面资产数", ENT_INT, EF_READONLY},
	{"found_count", "账实相符", ENT_INT, EF_READONLY},
	{"missing_count", "缺失", ENT_INT, EF_READONLY},
	{"damaged_count", "损坏", ENT_INT, EF_READONLY},
	{"unrecorded_count", "未登记结果", ENT_INT, EF_READONLY},
	/* The lines come with one check, not with lists. */
	{"lines", "清查明细", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity asset_check_entity = {
	.name = "asset_check",
	.label = "资产清查",
	.table = "fin_asset_checks",
	.view = store_asset_checks_view,
	ENT_FIELDS(check_fields),
	.default_sort = "-checked_on",
};

/* One line of PUT /api/v1/asset-checks/{id}/results, checked by ent_validate. */
static const struct ent_enum results[] = {
	{"found", "账实相符"},
	{"missing", "缺失"},
	{"damaged", "损坏"},
	{NULL, NULL},
};

static const struct ent_field result_fields[] = {
	{"asset_id", "资产", ENT_ID, EF_REQUIRED},
	{"result", "清查结果", ENT_ENUM, EF_REQUIRED, .enums = results},
	{"note", "说明", ENT_TEXT, EF_NULLABLE, 0, 500},
};

static const struct entity result_entity = {
	.name = "asset_check_result",
	.label = "清查结果",
	ENT_FIELDS(result_fields),
};

/* Columns of store_asset_check_lines. */
enum { LINE_ASSET, LINE_NO, LINE_DESCRIPTION, LINE_CATEGORY, LINE_VALUE, LINE_LOCATION,
       LINE_STATE, LINE_RESULT, LINE_NOTE, LINE_PLACE };

/* Cell R, C of RES as a JSON string or null. New reference. */
static json_t *cell(const struct db_res *res, size_t r, size_t c)
{
	return db_res_null(res, r, c) ? json_null() : json_string(db_res_text(res, r, c));
}

int fin_asset_check_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37])
{
	owner[0] = '\0';
	return store_asset_path(db, STORE_ASSET_CHECK, id, path, len);
}

struct start_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

/* The lines of check ID set on REC (borrowed). Returns 0 or a negative db_status. */
static int add_lines(struct db *db, json_t *rec, const char *id)
{
	struct db_res *res = NULL;
	int rc = store_asset_check_lines(db, id, &res);
	if (rc < 0)
		return rc;
	json_t *lines = json_array();
	for (size_t r = 0; r < db_res_rows(res); r++)
		json_array_append_new(
			lines,
			json_pack("{s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o}", "asset_id",
				  cell(res, r, LINE_ASSET), "asset_no", cell(res, r, LINE_NO),
				  "description", cell(res, r, LINE_DESCRIPTION), "category",
				  cell(res, r, LINE_CATEGORY), "value_fen",
				  (json_int_t)db_res_int(res, r, LINE_VALUE), "location",
				  cell(res, r, LINE_LOCATION), "state", cell(res, r, LINE_STATE),
				  "result", cell(res, r, LINE_RESULT), "note",
				  cell(res, r, LINE_NOTE)));
	db_res_free(res);
	json_object_set_new(rec, "lines", lines);
	return 0;
}

/* Check ID with its lines: new reference, or NULL with ERR. */
static json_t *check_view(struct db *db, const char *id, struct app_error *err)
{
	json_t *rec = crud_get_view(db, &asset_check_entity, id, NULL, err);
	if (rec && add_lines(db, rec, id) < 0) {
		json_decref(rec);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	return rec;
}

static int check_create_body(struct db *db, void *cls)
{
	struct start_txn *t = cls;
	struct db_res *place = NULL, *assets = NULL;
	json_t *extra = NULL, *after = NULL;
	const char *place_id = fin_text(t->body, "institution_id");
	int rc = fin_asset_place(db, place_id, "institution_id", &place, t->err);
	if (rc < 0)
		goto out;
	rc = store_asset_check_open_count(db, place_id);
	if (rc > 0) {
		err_set(t->err, ERR_CONFLICT, "institution_id", NULL,
			"%s已有一份未完成的资产清查，请先完成", db_res_text(place, 0, FIN_PLACE_NAME));
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s, s:s}", "id", t->id, "status", "open", "path",
			  db_res_text(place, 0, FIN_PLACE_PATH));
	rc = extra ? crud_insert(db, &asset_check_entity, t->body, extra, org_by(t->who)) : DB_HARD;
	if (rc >= 0)
		rc = store_asset_ids_at(db, place_id, &assets);
	/* Every asset on the books there, disposed of ones aside, becomes a line. */
	for (size_t r = 0; rc >= 0 && r < db_res_rows(assets); r++) {
		char line_id[37];
		db_new_id(line_id);
		rc = store_asset_check_line_insert(db, line_id, t->id, db_res_text(assets, r, 0),
						   org_by(t->who));
	}
	if (rc >= 0)
		rc = crud_get(db, &asset_check_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "asset_check", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(assets);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

/* Start a check BODY (borrowed, not yet validated) for WHO. Inside a transaction when
 * IN_TXN. Sets ID_OUT. Returns 0 or -1 with ERR. */
static int check_start(struct db *db, const struct principal *who, const json_t *body,
		       bool in_txn, char id_out[37], struct app_error *err)
{
	if (ent_validate(&asset_check_entity, body, ENT_CREATE, err) != 0 ||
	    fin_not_future(fin_text(body, "checked_on"), "checked_on", "清查日期", err) != 0)
		return -1;
	struct start_txn t = {.who = who, .body = body, .err = err};
	int rc = in_txn ? check_create_body(db, &t)
			: db_run_transaction(db, "asset check create", check_create_body, &t);
	if (rc == DB_CONSTRAINT)
		/* Another check of the same institution started first (one open at a time). */
		return err_set(err, ERR_CONFLICT, "institution_id", NULL,
			       "该机构已有一份未完成的资产清查，请先完成");
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

/* Check ID is open (CHANGED: rows a statement on the open check changed): DB_ONE; else
 * DB_ABORT with ERR (not found, or closed: 409). */
static int must_be_open(struct db *db, const char *id, int changed, struct app_error *err)
{
	if (changed < 0)
		return changed;
	if (changed > 0)
		return DB_ONE;
	char path[512];
	int rc = store_asset_path(db, STORE_ASSET_CHECK, id, path, sizeof(path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE)
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "资产清查不存在");
	else
		err_set(err, ERR_CONFLICT, "status", NULL, "资产清查已完成，清查结果不再修改");
	return DB_ABORT;
}

/* LINES is [{asset_id, result, note?}, ...], each line valid: 0, or -1 with ERR naming the
 * line's field ("lines[2].result"). */
static int check_results(const json_t *lines, struct app_error *err)
{
	if (!json_is_array(lines) || json_array_size(lines) == 0)
		return err_set(err, ERR_REQUIRED, "lines", NULL,
			       "字段“清查明细”（lines）应为非空数组：[{asset_id, result, note}]");
	size_t i;
	json_t *in;
	json_array_foreach(lines, i, in)
	{
		char field[64];
		if (!json_is_object(in)) {
			snprintf(field, sizeof(field), "lines[%zu]", i);
			return err_set(err, ERR_TYPE, field, NULL, "清查明细第 %zu 行应为对象", i + 1);
		}
		if (ent_validate(&result_entity, in, ENT_CREATE, err) != 0) {
			struct app_error line = *err;
			snprintf(field, sizeof(field), "lines[%zu].%.24s", i, line.field);
			return err_set(err, line.code, field, line.rule[0] ? line.rule : NULL,
				       "清查明细第 %zu 行：%s", i + 1, line.message);
		}
	}
	return 0;
}

struct results_txn {
	const struct principal *who;
	const char *id;
	const json_t *lines; /* checked, borrowed */
	struct app_error *err;
};

/* The row of RES whose asset_id is ASSET_ID, or -1. */
static long find_asset(const struct db_res *res, const char *asset_id)
{
	for (size_t r = 0; r < db_res_rows(res); r++)
		if (strcmp(db_res_text(res, r, LINE_ASSET), asset_id) == 0)
			return (long)r;
	return -1;
}

static int results_body(struct db *db, void *cls)
{
	struct results_txn *t = cls;
	struct db_res *lines = NULL;
	int rc = must_be_open(db, t->id, store_asset_check_touch(db, t->id, org_by(t->who)), t->err);
	if (rc < 0)
		return rc;
	rc = store_asset_check_lines(db, t->id, &lines);
	size_t i;
	json_t *in;
	json_array_foreach(t->lines, i, in)
	{
		if (rc < 0)
			break;
		const char *asset_id = fin_text(in, "asset_id");
		const char *note = fin_text(in, "note");
		if (find_asset(lines, asset_id) < 0) {
			char field[64];
			snprintf(field, sizeof(field), "lines[%zu].asset_id", i);
			err_set(t->err, ERR_INVALID, field, NULL, "资产 %s 不在本次清查的账面资产中",
				asset_id);
			rc = DB_ABORT;
			break;
		}
		rc = store_asset_check_result(db, t->id, asset_id, fin_text(in, "result"),
					      note && *note ? note : NULL, org_by(t->who));
	}
	db_res_free(lines);
	if (rc >= 0) {
		json_t *after = json_pack("{s:O}", "lines", t->lines);
		rc = after ? audit_append(db, t->who, "results", "asset_check", t->id, NULL, after)
			   : DB_HARD;
		json_decref(after);
	}
	return rc < 0 ? rc : 0;
}

struct close_txn {
	const struct principal *who;
	const char *id;
	struct app_error *err;
};

/* What RESULT at a closed check makes of an asset in STATE: the new state, or NULL to leave
 * it. A found asset that was missing is back in use; found otherwise changes nothing (idle
 * stays idle, damaged stays damaged until repaired). */
static const char *state_after(const char *result, const char *state)
{
	if (strcmp(result, "missing") == 0)
		return strcmp(state, "missing") != 0 ? "missing" : NULL;
	if (strcmp(result, "damaged") == 0)
		return strcmp(state, "damaged") != 0 ? "damaged" : NULL;
	return strcmp(state, "missing") == 0 ? "in_use" : NULL;
}

static int close_body(struct db *db, void *cls)
{
	struct close_txn *t = cls;
	struct db_res *lines = NULL;
	json_t *before = NULL, *changed = NULL;
	/* Closing first takes the row: a second close waits here and finds it closed. */
	int rc = must_be_open(db, t->id, store_asset_check_close(db, t->id, org_by(t->who)), t->err);
	if (rc < 0)
		return rc;
	rc = crud_get(db, &asset_check_entity, "id", t->id, &before);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc >= 0)
		rc = store_asset_check_lines(db, t->id, &lines);
	if (rc < 0)
		goto out;
	const char *place_id = fin_text(before, "institution_id");
	for (size_t r = 0; r < db_res_rows(lines); r++) {
		if (db_res_null(lines, r, LINE_RESULT)) {
			err_set(t->err, ERR_RULE, "lines", "SR-FIN-5",
				"资产 %s（%s）尚未登记清查结果；每项资产都清查后才能完成清查",
				db_res_text(lines, r, LINE_NO),
				db_res_text(lines, r, LINE_DESCRIPTION));
			rc = DB_ABORT;
			goto out;
		}
	}
	changed = json_array();
	for (size_t r = 0; rc >= 0 && r < db_res_rows(lines); r++) {
		const char *state = db_res_text(lines, r, LINE_STATE);
		const char *to = state_after(db_res_text(lines, r, LINE_RESULT), state);
		/* An asset disposed of or moved since the check began is no longer this
		 * institution's to account for. */
		if (!to || strcmp(state, "disposed") == 0 ||
		    strcmp(db_res_text(lines, r, LINE_PLACE), place_id) != 0)
			continue;
		rc = store_asset_set_state(db, db_res_text(lines, r, LINE_ASSET), to, org_by(t->who));
		json_array_append_new(changed, json_pack("{s:s, s:s, s:s, s:s}", "asset_id",
							 db_res_text(lines, r, LINE_ASSET), "asset_no",
							 db_res_text(lines, r, LINE_NO), "from", state,
							 "to", to));
	}
	if (rc >= 0) {
		json_t *after = json_pack("{s:s, s:s, s:O}", "id", t->id, "status", "closed",
					  "assets_changed", changed);
		rc = after ? audit_append(db, t->who, "close", "asset_check", t->id, before, after)
			   : DB_HARD;
		json_decref(after);
	}
out:
	json_decref(changed);
	json_decref(before);
	db_res_free(lines);
	return rc < 0 ? rc : 0;
}

int fin_asset_check_demo(struct db *db, const char *clinic, const char *on, char ids[][37],
			 int n, int missing, int damaged, struct app_error *err)
{
	char check_id[37];
	json_t *body = json_pack("{s:s, s:s, s:s}", "institution_id", clinic, "checked_on", on,
				 "note", "乡镇卫生院年度固定资产清查");
	int rc = body ? check_start(db, NULL, body, true, check_id, err) : -1;
	json_decref(body);
	if (rc != 0)
		return DB_ABORT;
	json_t *lines = json_array();
	for (int k = 0; k < n; k++) {
		const char *result = k == missing ? "missing" : k == damaged ? "damaged" : "found";
		const char *note = k == missing ? "清查时未找到，村医称已借给邻村卫生室，未办理调拨手续"
				   : k == damaged ? "柜门损坏，需维修"
						  : NULL;
		json_t *line = json_pack("{s:s, s:s}", "asset_id", ids[k], "result", result);
		if (note)
			json_object_set_new(line, "note", json_string(note));
		json_array_append_new(lines, line);
	}
	struct results_txn rt = {.id = check_id, .lines = lines, .err = err};
	rc = check_results(lines, err) == 0 ? results_body(db, &rt) : DB_ABORT;
	json_decref(lines);
	struct close_txn ct = {.id = check_id, .err = err};
	return rc < 0 ? rc : close_body(db, &ct);
}

/* ---- handlers ---- */

enum MHD_Result fin_h_asset_checks_list(struct req *r)
{
	return reply_scoped_list(r, &asset_check_entity);
}

enum MHD_Result fin_h_asset_check_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (check_start(r->db, &r->who, r->json, false, id, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = check_view(r->db, id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_asset_check_get(struct req *r)
{
	struct app_error err;
	json_t *rec = check_view(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_asset_check_results(struct req *r)
{
	struct app_error err;
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "lines") != 0)
			return reply_err(r, ERR_UNKNOWN_FIELD, key, NULL,
					 "未知字段 %s；应为 {lines: [{asset_id, result, note}]}", key);
	}
	const json_t *lines = json_object_get(r->json, "lines");
	if (check_results(lines, &err) != 0)
		return reply_error(r, &err);
	struct results_txn t = {.who = &r->who, .id = req_param(r, "id"), .lines = lines,
				.err = &err};
	int rc = db_run_transaction(r->db, "asset check results", results_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = check_view(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_asset_check_close(struct req *r)
{
	struct app_error err;
	struct close_txn t = {.who = &r->who, .id = req_param(r, "id"), .err = &err};
	int rc = db_run_transaction(r->db, "asset check close", close_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = check_view(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}
