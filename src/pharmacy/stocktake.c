/* SPDX-License-Identifier: MIT */
/* This file contains stocktakes (盘点) and minimum stock (最低库存). A stocktake of a clinic
 * or of the centre's store lists the book quantity of every lot on hand when it starts; the
 * user enters what was counted, every variance with its reason; posting turns each variance
 * into a "stocktake" movement of the ledger and the stocktake stays as the variance report
 * (SR-DRG-3, 账物相符). Minimum stock per place and item drives the shortage alerts
 * (SR-DRG-4, monitor.c). Also the HTTP handlers of both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

static const struct ent_enum statuses[] = {
	{"open", "盘点中"}, {"posted", "已过账"}, {NULL, NULL},
};

static const struct ent_field stocktake_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"place_id", "盘点地点", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"place_name", "盘点地点名称", ENT_TEXT, EF_READONLY},
	{"counted_on", "盘点日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = statuses},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
	{"line_count", "批号数", ENT_INT, EF_READONLY},
	{"variance_count", "有差异的批号数", ENT_INT, EF_READONLY},
	/* The lines and the variance report come with one stocktake, not with lists. */
	{"lines", "盘点明细", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	{"report", "差异报告", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity stocktake_entity = {
	.name = "stocktake",
	.label = "盘点",
	.table = "stocktakes",
	.view = store_stocktakes_view,
	ENT_FIELDS(stocktake_fields),
	.default_sort = "-counted_on",
};

static const struct ent_field min_stock_fields[] = {
	/* Both from the URL: /institutions/{id}/min-stock/{item}. */
	{"place_id", "机构", ENT_ID, EF_READONLY},
	{"item_id", "药品", ENT_ID, EF_READONLY | EF_SORT},
	{"item_name", "通用名", ENT_TEXT, EF_READONLY | EF_SORT},
	{"base_unit", "最小单位", ENT_TEXT, EF_READONLY},
	{"minimum", "最低库存（最小单位）", ENT_INT, EF_REQUIRED | EF_SORT, 0, 100000000},
	{"on_hand", "现有库存", ENT_INT, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity min_stock_entity = {
	.name = "min_stock",
	.label = "最低库存",
	.table = "min_stock",
	.view = store_min_stock_view,
	ENT_FIELDS(min_stock_fields),
	.default_sort = "item_name",
};

int pharm_stocktake_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37])
{
	owner[0] = '\0';
	return store_stocktake_scope(db, id, path, len);
}

/* A clinic or the centre's store, open or not, into its row (new, freed by the caller).
 * Returns DB_ONE, or DB_ABORT with ERR naming FIELD. */
static int load_place(struct db *db, const char *id, const char *field, struct db_res **res,
		      struct app_error *err)
{
	int rc = store_watch_place(db, id, res);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, field, NULL, "机构 %s 不存在", id);
		return DB_ABORT;
	}
	const char *kind = db_res_text(*res, 0, 1);
	if (strcmp(kind, "clinic") != 0 && strcmp(kind, "centre") != 0) {
		err_set(err, ERR_INVALID, field, NULL,
			"%s不是村卫生室或乡镇卫生院，不保管药品（%s）", db_res_text(*res, 0, 2), field);
		return DB_ABORT;
	}
	return DB_ONE;
}

/* ---- the stocktake as the API shows it ---- */

/* The lines of stocktake ID with their variances, and the variance report (value at cost),
 * set on REC (borrowed). OPEN: also the stock on the shelf now, for the screen to show
 * what changed since the count started. Returns 0 or a negative db_status. */
static int add_lines(struct db *db, json_t *rec, const char *id, bool open)
{
	struct db_res *res = NULL;
	int rc = store_stocktake_lines(db, id, &res);
	if (rc < 0)
		return rc;
	json_t *lines = json_array();
	long long counted = 0, variances = 0, short_units = 0, over_units = 0;
	long long short_fen = 0, over_fen = 0;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		long long cost = db_res_int(res, r, 6), book = db_res_int(res, r, 7);
		json_t *line = json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s?}", "lot_id",
			db_res_text(res, r, 0), "item_id", db_res_text(res, r, 1), "item_name",
			db_res_text(res, r, 2), "base_unit", db_res_text(res, r, 3), "lot_no",
			db_res_text(res, r, 4), "expiry_date", db_res_text(res, r, 5), "unit_cost_fen",
			(json_int_t)cost, "book", (json_int_t)book, "reason", db_res_text(res, r, 9));
		if (!json_object_get(line, "reason"))
			json_object_set_new(line, "reason", json_null());
		if (db_res_null(res, r, 8)) {
			json_object_set_new(line, "counted", json_null());
			json_object_set_new(line, "variance", json_null());
			json_object_set_new(line, "variance_value_fen", json_null());
		} else {
			long long c = db_res_int(res, r, 8), v = c - book;
			counted++;
			json_object_set_new(line, "counted", json_integer(c));
			json_object_set_new(line, "variance", json_integer(v));
			json_object_set_new(line, "variance_value_fen", json_integer(v * cost));
			if (v != 0)
				variances++;
			if (v < 0) {
				short_units -= v;
				short_fen -= v * cost;
			} else {
				over_units += v;
				over_fen += v * cost;
			}
		}
		if (open)
			json_object_set_new(line, "stock_now", json_integer(db_res_int(res, r, 10)));
		json_array_append_new(lines, line);
	}
	json_t *report = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "lines", (json_int_t)db_res_rows(res),
		"counted", (json_int_t)counted, "variances", (json_int_t)variances, "short_units",
		(json_int_t)short_units, "over_units", (json_int_t)over_units, "short_value_fen",
		(json_int_t)short_fen, "over_value_fen", (json_int_t)over_fen, "net_value_fen",
		(json_int_t)(over_fen - short_fen));
	db_res_free(res);
	json_object_set_new(rec, "lines", lines);
	json_object_set_new(rec, "report", report);
	return 0;
}

/* Stocktake ID with its lines and report: new reference, or NULL with ERR. */
static json_t *stocktake_view(struct db *db, const char *id, struct app_error *err)
{
	json_t *rec = crud_get_view(db, &stocktake_entity, id, NULL, err);
	if (!rec)
		return NULL;
	const char *status = json_string_value(json_object_get(rec, "status"));
	if (add_lines(db, rec, id, status && strcmp(status, "open") == 0) < 0) {
		json_decref(rec);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	return rec;
}

/* ---- starting a stocktake ---- */

struct create_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	struct db_res *place = NULL, *stock = NULL;
	json_t *extra = NULL, *after = NULL;
	const char *place_id = json_string_value(json_object_get(t->body, "place_id"));
	const char *counted_on = json_string_value(json_object_get(t->body, "counted_on"));
	char today[11];
	org_today(today);
	if (strcmp(counted_on, today) > 0) {
		err_set(t->err, ERR_INVALID, "counted_on", NULL, "盘点日期（counted_on）%s 晚于今天（%s）",
			counted_on, today);
		return DB_ABORT;
	}
	int rc = load_place(db, place_id, "place_id", &place, t->err);
	if (rc < 0)
		goto out;
	rc = store_stocktake_open_count(db, place_id);
	if (rc > 0) {
		err_set(t->err, ERR_CONFLICT, "place_id", NULL,
			"%s已有一份未过账的盘点，请先完成或过账", db_res_text(place, 0, 2));
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s}", "id", t->id, "path", db_res_text(place, 0, 3));
	rc = extra ? crud_insert(db, &stocktake_entity, t->body, extra, org_by(t->who)) : DB_HARD;
	if (rc < 0)
		goto out;
	/* The book quantity of every lot on hand now becomes a line. */
	rc = store_watch_place_stock(db, place_id, &stock);
	for (size_t r = 0; rc >= 0 && r < db_res_rows(stock); r++) {
		char line_id[37];
		db_new_id(line_id);
		rc = store_stocktake_line_insert(db, line_id, t->id, db_res_text(stock, r, 0),
						 db_res_text(stock, r, 1), db_res_int(stock, r, 2),
						 org_by(t->who));
	}
	if (rc < 0)
		goto out;
	rc = crud_get(db, &stocktake_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "stocktake", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(stock);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

/* ---- counts ---- */

struct counts_txn {
	const struct principal *who;
	const char *id;
	const json_t *lines; /* checked for shape, borrowed */
	struct app_error *err;
};

/* Stocktake ID is open: DB_ONE; else DB_ABORT with ERR (not found, or posted: 409). */
static int must_be_open(struct db *db, const char *id, int changed, struct app_error *err)
{
	if (changed < 0)
		return changed;
	if (changed > 0)
		return DB_ONE;
	char path[512];
	int rc = store_stocktake_scope(db, id, path, sizeof(path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE)
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "盘点不存在");
	else
		err_set(err, ERR_CONFLICT, "status", NULL, "盘点已过账，盘点表与差异报告不再修改");
	return DB_ABORT;
}

/* The row of RES whose lot_id (column 0) is LOT_ID, or -1. */
static long find_lot(const struct db_res *res, const char *lot_id)
{
	for (size_t r = 0; r < db_res_rows(res); r++)
		if (strcmp(db_res_text(res, r, 0), lot_id) == 0)
			return (long)r;
	return -1;
}

static int counts_body(struct db *db, void *cls)
{
	struct counts_txn *t = cls;
	struct db_res *lines = NULL;
	int rc = must_be_open(db, t->id, store_stocktake_touch(db, t->id, org_by(t->who)), t->err);
	if (rc < 0)
		return rc;
	rc = store_stocktake_lines(db, t->id, &lines);
	size_t i;
	json_t *in;
	json_array_foreach(t->lines, i, in)
	{
		if (rc < 0)
			break;
		const char *lot_id = json_string_value(json_object_get(in, "lot_id"));
		long long counted = json_integer_value(json_object_get(in, "counted"));
		const char *reason = json_string_value(json_object_get(in, "reason"));
		char field[64];
		long row = find_lot(lines, lot_id);
		if (row < 0) {
			snprintf(field, sizeof(field), "lines[%zu].lot_id", i);
			err_set(t->err, ERR_INVALID, field, NULL, "批次 %s 不在本次盘点表中", lot_id);
			rc = DB_ABORT;
			break;
		}
		long long book = db_res_int(lines, (size_t)row, 7);
		if (reason && !*reason)
			reason = NULL;
		if (counted != book && !reason) {
			snprintf(field, sizeof(field), "lines[%zu].reason", i);
			err_set(t->err, ERR_RULE, field, "SR-DRG-3",
				"%s 批号 %s 账面 %lld%s、实盘 %lld%s，差异 %+lld%s，须注明原因（账物相符）",
				db_res_text(lines, (size_t)row, 2), db_res_text(lines, (size_t)row, 4),
				book, db_res_text(lines, (size_t)row, 3), counted,
				db_res_text(lines, (size_t)row, 3), counted - book,
				db_res_text(lines, (size_t)row, 3));
			rc = DB_ABORT;
			break;
		}
		rc = store_stocktake_count(db, t->id, lot_id, counted, reason, org_by(t->who));
	}
	db_res_free(lines);
	if (rc >= 0) {
		json_t *after = json_pack("{s:O}", "lines", t->lines);
		rc = after ? audit_append(db, t->who, "count", "stocktake", t->id, NULL, after)
			   : DB_HARD;
		json_decref(after);
	}
	return rc < 0 ? rc : 0;
}

/* LINES is [{lot_id, counted, reason?}, ...]: 0, or -1 with ERR naming the bad field. */
static int check_counts(const json_t *lines, struct app_error *err)
{
	if (!json_is_array(lines) || json_array_size(lines) == 0)
		return err_set(err, ERR_REQUIRED, "lines", NULL,
			       "字段“实盘明细”（lines）应为非空数组：[{lot_id, counted, reason}]");
	size_t i;
	json_t *in;
	json_array_foreach(lines, i, in)
	{
		char field[64];
		const json_t *reason = json_object_get(in, "reason");
		const char *key;
		json_t *v;
		if (!json_is_object(in)) {
			snprintf(field, sizeof(field), "lines[%zu]", i);
			return err_set(err, ERR_TYPE, field, NULL, "实盘明细第 %zu 行应为对象", i + 1);
		}
		json_object_foreach((json_t *)in, key, v)
		{
			if (strcmp(key, "lot_id") != 0 && strcmp(key, "counted") != 0 &&
			    strcmp(key, "reason") != 0) {
				snprintf(field, sizeof(field), "lines[%zu].%.24s", i, key);
				return err_set(err, ERR_UNKNOWN_FIELD, field, NULL,
					       "实盘明细第 %zu 行有未知字段 %s", i + 1, key);
			}
		}
		if (!json_is_string(json_object_get(in, "lot_id"))) {
			snprintf(field, sizeof(field), "lines[%zu].lot_id", i);
			return err_set(err, ERR_REQUIRED, field, NULL, "实盘明细第 %zu 行缺少批次（lot_id）",
				       i + 1);
		}
		const json_t *counted = json_object_get(in, "counted");
		if (!json_is_integer(counted) || json_integer_value(counted) < 0) {
			snprintf(field, sizeof(field), "lines[%zu].counted", i);
			return err_set(err, counted ? ERR_INVALID : ERR_REQUIRED, field, NULL,
				       "实盘明细第 %zu 行的实盘数（counted）应为不小于 0 的整数（最小单位）",
				       i + 1);
		}
		if (reason && !json_is_null(reason) &&
		    (!json_is_string(reason) || json_string_length(reason) > 600)) {
			snprintf(field, sizeof(field), "lines[%zu].reason", i);
			return err_set(err, ERR_INVALID, field, NULL,
				       "实盘明细第 %zu 行的差异原因（reason）应为不超过 200 字的文字", i + 1);
		}
	}
	return 0;
}

/* ---- posting ---- */

struct post_txn {
	const struct principal *who;
	const char *id;
	struct app_error *err;
};

static int post_body(struct db *db, void *cls)
{
	struct post_txn *t = cls;
	struct db_res *lines = NULL;
	json_t *rec = NULL;
	/* Closing first takes the row: a second posting waits here and finds it posted. */
	int rc = must_be_open(db, t->id, store_stocktake_close(db, t->id, org_by(t->who)), t->err);
	if (rc < 0)
		return rc;
	rc = crud_get(db, &stocktake_entity, "id", t->id, &rec);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	const char *place_id = json_string_value(json_object_get(rec, "place_id"));
	rc = store_stocktake_lines(db, t->id, &lines);
	if (rc < 0)
		goto out;
	/* Every lot counted, and none moved since the book was taken (the variance would
	 * be against a book that no longer holds). */
	for (size_t r = 0; r < db_res_rows(lines); r++) {
		const char *item = db_res_text(lines, r, 2), *lot_no = db_res_text(lines, r, 4);
		long long book = db_res_int(lines, r, 7), now = db_res_int(lines, r, 10);
		if (db_res_null(lines, r, 8)) {
			err_set(t->err, ERR_RULE, "lines", "SR-DRG-3",
				"%s 批号 %s 尚未登记实盘数；每个批号盘点后才能过账", item, lot_no);
			rc = DB_ABORT;
			goto out;
		}
		if (now != book) {
			err_set(t->err, ERR_CONFLICT, "lines", "SR-DRG-3",
				"%s 批号 %s 开始盘点时账面 %lld%s，现为 %lld%s：盘点期间有出入库，请重新盘点",
				item, lot_no, book, db_res_text(lines, r, 3), now,
				db_res_text(lines, r, 3));
			rc = DB_ABORT;
			goto out;
		}
	}
	for (size_t r = 0; r < db_res_rows(lines); r++) {
		long long variance = db_res_int(lines, r, 8) - db_res_int(lines, r, 7);
		const char *reason = db_res_text(lines, r, 9);
		char movement[37];
		if (variance == 0)
			continue;
		if (!reason) {
			err_set(t->err, ERR_RULE, "lines", "SR-DRG-3", "%s 批号 %s 的差异 %+lld 未注明原因",
				db_res_text(lines, r, 2), db_res_text(lines, r, 4), variance);
			rc = DB_ABORT;
			goto out;
		}
		struct pharm_move m = {
			.place_id = place_id,
			.lot_id = db_res_text(lines, r, 0),
			.quantity = variance,
			.kind = "stocktake",
			.doc_type = "stocktake",
			.doc_id = t->id,
			.reason = reason,
		};
		rc = pharm_move(db, t->who, &m, movement, t->err);
		if (rc < 0)
			goto out;
	}
	json_t *after = json_pack("{s:s, s:s}", "id", t->id, "status", "posted");
	rc = audit_append(db, t->who, "post", "stocktake", t->id, rec, after);
	json_decref(after);
out:
	db_res_free(lines);
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

/* ---- minimum stock ---- */

struct min_txn {
	const struct principal *who;
	const char *place_id, *item_id;
	long long minimum;
	struct app_error *err;
};

static int min_body(struct db *db, void *cls)
{
	struct min_txn *t = cls;
	struct db_res *place = NULL, *item = NULL;
	json_t *before = NULL, *after = NULL;
	int rc = load_place(db, t->place_id, "id", &place, t->err);
	if (rc < 0)
		goto out;
	rc = store_watch_item(db, t->item_id, &item);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, "item", NULL, "药品 %s 不在目录中", t->item_id);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	if (strcmp(db_res_text(item, 0, 1), db_res_text(place, 0, 4)) != 0) {
		err_set(t->err, ERR_INVALID, "item", NULL, "%s属于其他县（区）的药品目录，%s不能使用",
			db_res_text(item, 0, 2), db_res_text(place, 0, 2));
		rc = DB_ABORT;
		goto out;
	}
	rc = store_min_stock_get(db, &min_stock_entity, t->place_id, t->item_id, &before);
	if (rc >= 0)
		rc = store_min_stock_put(db, t->place_id, t->item_id, t->minimum,
					 db_res_text(place, 0, 3), org_by(t->who));
	if (rc >= 0)
		rc = store_min_stock_get(db, &min_stock_entity, t->place_id, t->item_id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, before ? "update" : "create", "min_stock", t->item_id,
				  before, after);
out:
	json_decref(after);
	json_decref(before);
	db_res_free(item);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

enum MHD_Result pharm_h_stocktakes_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &stocktake_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_stocktakes_list(r->db, &stocktake_entity, r->who.scope_path, &l, &items,
				       &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

enum MHD_Result pharm_h_stocktake_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&stocktake_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct create_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "stocktake create", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = stocktake_view(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_stocktake_get(struct req *r)
{
	struct app_error err;
	json_t *rec = stocktake_view(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_stocktake_counts(struct req *r)
{
	struct app_error err;
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "lines") != 0)
			return reply_err(r, ERR_UNKNOWN_FIELD, key, NULL, "未知字段 %s；应为 {lines: [...]}",
					 key);
	}
	const json_t *lines = json_object_get(r->json, "lines");
	if (check_counts(lines, &err) != 0)
		return reply_error(r, &err);
	struct counts_txn t = {.who = &r->who, .id = req_param(r, "id"), .lines = lines, .err = &err};
	int rc = db_run_transaction(r->db, "stocktake counts", counts_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = stocktake_view(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_stocktake_post(struct req *r)
{
	struct app_error err;
	struct post_txn t = {.who = &r->who, .id = req_param(r, "id"), .err = &err};
	int rc = db_run_transaction(r->db, "stocktake post", post_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = stocktake_view(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_min_stock_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &min_stock_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_min_stock_list(r->db, &min_stock_entity, req_param(r, "id"), &l, &items,
				      &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

enum MHD_Result pharm_h_min_stock_put(struct req *r)
{
	struct app_error err;
	if (ent_validate(&min_stock_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct min_txn t = {
		.who = &r->who,
		.place_id = req_param(r, "id"),
		.item_id = req_param(r, "item"),
		.minimum = json_integer_value(json_object_get(r->json, "minimum")),
		.err = &err,
	};
	int rc = db_run_transaction(r->db, "min stock put", min_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = NULL;
	rc = store_min_stock_get(r->db, &min_stock_entity, t.place_id, t.item_id, &rec);
	if (rc <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_OK, rec);
}
