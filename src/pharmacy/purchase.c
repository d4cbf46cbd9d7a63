/* SPDX-License-Identifier: MIT */
/* This file contains the centre's purchases (采购) and its lots (批号): the township centre
 * buys for its clinics on the provincial platform (SR-DRG-2: a clinic never buys), items of
 * its county's catalogue only; goods are received by lot — lot number, expiry date, quantity
 * and unit cost in fen per base unit, which is also the lot's sale price (零差率, SR-DRG-1) —
 * into the centre's store through the ledger (pharm_move); an expired lot is refused
 * (SR-DRG-4) and so is more than was ordered. A lot may be put on hold so that it cannot be
 * dispensed (SR-DRG-5). Also the resolvers and the handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/pharm_rules.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

static const struct ent_enum order_statuses[] = {
	{"open", "未到齐"},
	{"received", "已到齐"},
	{"cancelled", "已取消"},
	{NULL, NULL},
};

/* lines: 1 to 200 objects; each is checked against line_entity when the order is made. */
static bool is_line_list(const json_t *v)
{
	size_t i;
	json_t *line;
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 200)
		return false;
	json_array_foreach(v, i, line) if (!json_is_object(line)) return false;
	return true;
}

static const struct ent_field order_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"centre_id", "采购卫生院", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"centre_name", "采购卫生院名称", ENT_TEXT, EF_READONLY},
	{"supplier", "供应商", ENT_TEXT, EF_REQUIRED | EF_SORT, 2, 100},
	{"platform_order_no", "省平台订单号", ENT_TEXT, EF_NULLABLE | EF_FILTER, 1, 60},
	{"ordered_on", "订购日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = order_statuses},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
	/* [{item_id, quantity (base units), unit_price_fen}] on create; in answers each line
	 * also has its id, the item's name, strength and base unit, and what was received. */
	{"lines", "订单明细", ENT_JSON, EF_REQUIRED | EF_IMMUTABLE | EF_VIRTUAL,
	 .check = is_line_list, .check_message = "应为 1–200 行明细的数组"},
	ENT_STANDARD_FIELDS,
};

const struct entity purchase_order_entity = {
	.name = "purchase_order",
	.label = "采购订单",
	.table = "purchase_orders",
	.view = store_order_view,
	ENT_FIELDS(order_fields),
	.default_sort = "-ordered_on",
};

/* One line of an order as given. */
static const struct ent_field line_fields[] = {
	{"item_id", "品种", ENT_ID, EF_REQUIRED},
	{"quantity", "数量（基本单位）", ENT_INT, EF_REQUIRED, 1, 100000000},
	{"unit_price_fen", "单价（分/基本单位）", ENT_MONEY, EF_REQUIRED, 0, 100000000},
};

static const struct entity line_entity = {
	.name = "purchase_line",
	.label = "订单明细",
	ENT_FIELDS(line_fields),
};

/* One line of a goods receipt (入库). unit_cost_fen defaults to the order line's price. */
static const struct ent_field receipt_fields[] = {
	{"line_id", "订单明细", ENT_ID, EF_REQUIRED},
	{"lot_no", "批号", ENT_TEXT, EF_REQUIRED, 1, 50},
	{"expiry_date", "有效期至", ENT_DATE, EF_REQUIRED},
	{"quantity", "入库数量（基本单位）", ENT_INT, EF_REQUIRED, 1, 100000000},
	{"unit_cost_fen", "进价（分/基本单位）", ENT_MONEY, 0, 0, 100000000},
};

static const struct entity receipt_line_entity = {
	.name = "receipt_line",
	.label = "入库明细",
	ENT_FIELDS(receipt_fields),
};

static const struct ent_field lot_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"item_id", "品种", ENT_ID, EF_READONLY | EF_FILTER},
	{"item_name", "通用名", ENT_TEXT, EF_READONLY},
	{"strength", "规格", ENT_TEXT, EF_READONLY},
	{"base_unit", "基本单位", ENT_TEXT, EF_READONLY},
	{"lot_no", "批号", ENT_TEXT, EF_READONLY | EF_FILTER | EF_SORT},
	{"expiry_date", "有效期至", ENT_DATE, EF_READONLY | EF_SORT},
	{"unit_cost_fen", "进价（分/基本单位）", ENT_MONEY, EF_READONLY},
	{"on_hold", "暂停使用", ENT_BOOL, EF_FILTER},
	{"hold_reason", "暂停原因", ENT_TEXT, EF_NULLABLE, 1, 200},
	{"centre_id", "所属卫生院", ENT_ID, EF_READONLY | EF_FILTER},
	{"centre_name", "所属卫生院名称", ENT_TEXT, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity lot_entity = {
	.name = "lot",
	.label = "批号",
	.table = "lots",
	.view = store_lot_view,
	ENT_FIELDS(lot_fields),
	.default_sort = "expiry_date",
};

/* The body of POST /lots/{id}/hold. */
static const struct ent_field hold_fields[] = {
	{"on_hold", "暂停使用", ENT_BOOL, EF_REQUIRED},
	{"reason", "暂停原因", ENT_TEXT, EF_NULLABLE, 1, 200},
};

static const struct entity hold_entity = {
	.name = "lot_hold",
	.label = "暂停使用",
	ENT_FIELDS(hold_fields),
};

int pharm_order_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_order_scope(db, id, path, len);
}

int pharm_lot_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_lot_scope(db, id, path, len);
}

static const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

static long long int_of(const json_t *rec, const char *name)
{
	return (long long)json_integer_value(json_object_get(rec, name));
}

/* Validate line I of an array against E (mode create); the field named as lines.I.<field>.
 * Returns 0 or -1 with ERR. */
static int validate_line(const struct entity *e, const json_t *line, size_t i,
			 struct app_error *err)
{
	if (ent_validate(e, line, ENT_CREATE, err) == 0)
		return 0;
	char field[64];
	snprintf(field, sizeof(field), "lines.%zu%s%.40s", i, err->field[0] ? "." : "", err->field);
	snprintf(err->field, sizeof(err->field), "%s", field);
	/* The message gains the line it is about; cut so that it still fits. */
	char message[sizeof(err->message)];
	snprintf(message, sizeof(message), "%s", err->message);
	snprintf(err->message, sizeof(err->message), "第 %zu 行明细：%.450s", i + 1, message);
	return -1;
}

/* Add "lines" to each order of ITEMS (borrowed records). Returns 0 or a negative
 * db_status. */
static int complete_orders(struct db *db, json_t *items)
{
	const char *ids[500];
	size_t n = 0, i;
	json_t *rec;
	struct db_res *res = NULL;
	json_array_foreach(items, i, rec)
	{
		if (n < 500)
			ids[n++] = text_of(rec, "id");
		json_object_set_new(rec, "lines", json_array());
	}
	if (n == 0)
		return 0;
	int rc = store_order_lines(db, ids, n, &res);
	if (rc < 0)
		return rc;
	for (size_t row = 0; row < db_res_rows(res); row++) {
		const char *order_id = db_res_text(res, row, 0);
		json_array_foreach(items, i, rec)
		{
			if (strcmp(text_of(rec, "id"), order_id) != 0)
				continue;
			json_t *line = json_pack(
				"{s:s, s:s, s:s, s:s?, s:s, s:I, s:I, s:I}", "id",
				db_res_text(res, row, 1), "item_id", db_res_text(res, row, 2),
				"generic_name", db_res_text(res, row, 3), "strength",
				db_res_text(res, row, 4), "base_unit", db_res_text(res, row, 5),
				"quantity", (json_int_t)db_res_int(res, row, 6), "unit_price_fen",
				(json_int_t)db_res_int(res, row, 7), "received",
				(json_int_t)db_res_int(res, row, 8));
			json_array_append_new(json_object_get(rec, "lines"), line);
			break;
		}
	}
	db_res_free(res);
	return 0;
}

/* Order ID as the API shows it (new reference), or NULL with ERR. */
static json_t *order_get(struct db *db, const char *id, struct app_error *err)
{
	return crud_get_view(db, &purchase_order_entity, id, complete_orders, err);
}

struct order_txn {
	const struct principal *who;
	const json_t *rec;
	char id[37];
	struct app_error *err;
};

/* The buyer must be a township centre (SR-DRG-2: the centre buys for its clinics; a clinic
 * may not buy on its own). Its county into COUNTY, its path into PATH. Returns 0 or a
 * negative db_status (DB_ABORT with ERR). */
static int check_buyer(struct db *db, const char *centre_id, char county[16], char *path,
		       size_t len, struct app_error *err)
{
	char kind[16];
	int rc = store_items_institution(db, centre_id, kind, path, len, county);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_INVALID, "centre_id", NULL, "采购卫生院（centre_id）不存在");
		return DB_ABORT;
	}
	if (strcmp(kind, "centre") != 0 && strcmp(kind, "community") != 0) {
		err_set(err, ERR_RULE, "centre_id", "SR-DRG-2",
			"采购卫生院（centre_id）须为乡镇卫生院或社区卫生服务中心：药械由卫生院统一"
			"采购、配送到村卫生室，村卫生室不得自行采购");
		return DB_ABORT;
	}
	return 0;
}

static int order_body(struct db *db, void *cls)
{
	struct order_txn *t = cls;
	char county[16], path[512], line_id[37];
	json_t *extra = NULL, *after = NULL;
	const char *centre_id = text_of(t->rec, "centre_id");
	int rc = check_buyer(db, centre_id, county, path, sizeof(path), t->err);
	if (rc < 0)
		return rc;
	const json_t *lines = json_object_get(t->rec, "lines");
	size_t i;
	json_t *line;
	/* Every line first, so that a refusal writes nothing. */
	json_array_foreach(lines, i, line)
	{
		struct db_res *res = NULL;
		rc = store_item_brief(db, text_of(line, "item_id"), &res);
		if (rc < 0)
			return rc;
		bool found = rc > 0, same = found && strcmp(db_res_text(res, 0, 0), county) == 0;
		bool active = found && db_res_int(res, 0, 1) != 0;
		db_res_free(res);
		if (!same || !active) {
			err_set(t->err, ERR_INVALID, NULL, NULL,
				"第 %zu 行明细：品种（item_id）%s", i + 1,
				!same ? "不在本县（区）药械目录中：卫生院只能采购本县目录内的品种"
				      : "已停用，不能采购");
			snprintf(t->err->field, sizeof(t->err->field), "lines.%zu.item_id", i);
			return DB_ABORT;
		}
	}
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s, s:s}", "id", t->id, "path", path, "status", "open");
	rc = extra ? crud_insert(db, &purchase_order_entity, t->rec, extra, org_by(t->who)) : DB_HARD;
	json_array_foreach(lines, i, line)
	{
		if (rc < 0)
			break;
		db_new_id(line_id);
		rc = store_order_line_insert(db, line_id, t->id, text_of(line, "item_id"),
					     int_of(line, "quantity"), int_of(line, "unit_price_fen"),
					     org_by(t->who));
	}
	if (rc < 0)
		goto out;
	after = order_get(db, t->id, t->err);
	rc = after ? audit_append(db, t->who, "create", "purchase_order", t->id, NULL, after)
		   : DB_HARD;
out:
	json_decref(after);
	json_decref(extra);
	return rc < 0 ? rc : 0;
}

struct receipt_txn {
	const struct principal *who;
	const char *order_id;
	const json_t *lines;
	struct app_error *err;
};

/* Receive line I (RL, validated) of a receipt of order T->ORDER_ID at CENTRE_ID on TODAY.
 * Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int receive_line(struct db *db, struct receipt_txn *t, const char *centre_id,
			const char *today, size_t i, const json_t *rl)
{
	struct db_res *res = NULL;
	char field[64], lot_id[37], new_id[37], lot_expiry[11], move_id[37];
	const char *expiry = text_of(rl, "expiry_date"), *lot_no = text_of(rl, "lot_no");
	long long quantity = int_of(rl, "quantity");
	if (pharm_expired(expiry, today)) {
		snprintf(field, sizeof(field), "lines.%zu.expiry_date", i);
		err_set(t->err, ERR_RULE, field, "SR-DRG-4",
			"第 %zu 行明细：批号 %s 有效期至 %s，今天（%s）已过期，过期药械不得入库", i + 1,
			lot_no, expiry, today);
		return DB_ABORT;
	}
	int rc = store_order_line(db, t->order_id, text_of(rl, "line_id"), &res);
	if (rc <= 0) {
		db_res_free(res);
		if (rc < 0)
			return rc;
		snprintf(field, sizeof(field), "lines.%zu.line_id", i);
		err_set(t->err, ERR_INVALID, field, NULL, "第 %zu 行明细：订单明细（line_id）不是本订单的明细",
			i + 1);
		return DB_ABORT;
	}
	char item_id[37];
	snprintf(item_id, sizeof(item_id), "%s", db_res_text(res, 0, 0));
	long long ordered = db_res_int(res, 0, 1), received = db_res_int(res, 0, 2);
	long long cost = json_object_get(rl, "unit_cost_fen") ? int_of(rl, "unit_cost_fen")
							       : db_res_int(res, 0, 3);
	db_res_free(res);
	rc = store_order_line_receive(db, text_of(rl, "line_id"), quantity, org_by(t->who));
	if (rc < 0)
		return rc;
	if (rc == 0) {
		snprintf(field, sizeof(field), "lines.%zu.quantity", i);
		err_set(t->err, ERR_INVALID, field, NULL,
			"第 %zu 行明细：入库数量 %lld 超过未到数量：订购 %lld，已入库 %lld，最多还能入库 %lld",
			i + 1, quantity, ordered, received, ordered - received);
		return DB_ABORT;
	}
	db_new_id(new_id);
	rc = store_lot_put(db, new_id, centre_id, item_id, lot_no, expiry, cost, org_by(t->who),
			   lot_id, lot_expiry);
	if (rc < 0)
		return rc;
	if (strcmp(lot_expiry, expiry) != 0) {
		snprintf(field, sizeof(field), "lines.%zu.expiry_date", i);
		err_set(t->err, ERR_INVALID, field, NULL,
			"第 %zu 行明细：批号 %s 已登记有效期至 %s，与本次填写的 %s 不一致", i + 1, lot_no,
			lot_expiry, expiry);
		return DB_ABORT;
	}
	struct pharm_move m = {.place_id = centre_id,
			       .lot_id = lot_id,
			       .quantity = quantity,
			       .kind = "receipt",
			       .doc_type = "purchase_order",
			       .doc_id = t->order_id,
			       .reason = "采购入库"};
	return pharm_move(db, t->who, &m, move_id, t->err);
}

static int receipt_body(struct db *db, void *cls)
{
	struct receipt_txn *t = cls;
	char status[16], centre_id[37], today[11];
	json_t *before = NULL, *after = NULL;
	int rc = store_order_head(db, t->order_id, status, centre_id);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "采购订单不存在");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	if (strcmp(status, "open") != 0) {
		err_set(t->err, ERR_CONFLICT, "status", NULL, "采购订单%s，不能再入库",
			strcmp(status, "received") == 0 ? "已全部到货" : "已取消");
		return DB_ABORT;
	}
	before = order_get(db, t->order_id, t->err);
	if (!before)
		return DB_HARD;
	org_today(today);
	size_t i;
	json_t *rl;
	json_array_foreach(t->lines, i, rl)
	{
		rc = receive_line(db, t, centre_id, today, i, rl);
		if (rc < 0)
			goto out;
	}
	rc = store_order_open_lines(db, t->order_id);
	if (rc == 0)
		rc = store_order_set_status(db, t->order_id, "received", org_by(t->who));
	if (rc < 0)
		goto out;
	after = order_get(db, t->order_id, t->err);
	rc = after ? audit_append(db, t->who, "receipt", "purchase_order", t->order_id, before,
				  after)
		   : DB_HARD;
out:
	json_decref(after);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

struct hold_txn {
	const struct principal *who;
	const char *lot_id;
	bool on_hold;
	const char *reason;
	struct app_error *err;
};

static int hold_body(struct db *db, void *cls)
{
	struct hold_txn *t = cls;
	json_t *before = NULL, *after = NULL;
	int rc = crud_get(db, &lot_entity, "id", t->lot_id, &before);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "批号不存在");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	rc = store_lot_hold(db, t->lot_id, t->on_hold, t->on_hold ? t->reason : NULL,
			    org_by(t->who));
	if (rc < 0)
		goto out;
	rc = crud_get(db, &lot_entity, "id", t->lot_id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	rc = audit_append(db, t->who, t->on_hold ? "hold" : "release", "lot", t->lot_id, before,
			  after);
out:
	json_decref(after);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

enum MHD_Result pharm_h_orders_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &purchase_order_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_orders_list(r->db, &purchase_order_entity, r->who.scope_path, &l, &items,
				   &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	if (complete_orders(r->db, items) < 0) {
		json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return reply_page(r, items, more, &l);
}

enum MHD_Result pharm_h_order_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&purchase_order_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(r->json, "lines"), i, line)
	{
		if (validate_line(&line_entity, line, i, &err) != 0)
			return reply_error(r, &err);
	}
	struct order_txn t = {.who = &r->who, .rec = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "purchase order create", order_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = order_get(r->db, t.id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_order_get(struct req *r)
{
	struct app_error err;
	json_t *rec = order_get(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_order_receipt(struct req *r)
{
	struct app_error err;
	const json_t *lines = json_object_get(r->json, "lines");
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "lines") != 0)
			return reply_err(r, ERR_UNKNOWN_FIELD, key, NULL, "未知字段 %s：入库只需 lines",
					 key);
	}
	if (!lines)
		return reply_err(r, ERR_REQUIRED, "lines", NULL, "入库明细（lines）必填");
	if (!is_line_list(lines))
		return reply_err(r, ERR_INVALID, "lines", NULL, "入库明细（lines）应为 1–200 行明细的数组");
	size_t i;
	json_t *line;
	json_array_foreach(lines, i, line)
	{
		if (validate_line(&receipt_line_entity, line, i, &err) != 0)
			return reply_error(r, &err);
	}
	const char *id = req_param(r, "id");
	struct receipt_txn t = {.who = &r->who, .order_id = id, .lines = lines, .err = &err};
	int rc = db_run_transaction(r->db, "purchase receipt", receipt_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = order_get(r->db, id, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_lot_get(struct req *r)
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, &lot_entity, req_param(r, "id"), NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_lot_hold(struct req *r)
{
	struct app_error err;
	if (ent_validate(&hold_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	bool on_hold = json_is_true(json_object_get(r->json, "on_hold"));
	const char *reason = text_of(r->json, "reason");
	if (on_hold && !reason)
		return reply_err(r, ERR_REQUIRED, "reason", NULL,
				 "暂停使用某批号须写明原因（reason），如不良反应报告");
	const char *id = req_param(r, "id");
	struct hold_txn t = {.who = &r->who, .lot_id = id, .on_hold = on_hold, .reason = reason,
			     .err = &err};
	int rc = db_run_transaction(r->db, "lot hold", hold_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &lot_entity, id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}
