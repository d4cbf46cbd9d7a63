/* SPDX-License-Identifier: MIT */
/* This file contains the stock ledger (出入库流水, SR-DRG-3): pharm_move, the one way stock
 * changes anywhere — a movement row and the place's stock of the lot in one step, never
 * below zero — the stock and movement entities, and the HTTP handlers of stock lists, a
 * place's stock card (库存卡) and movements, and the manual entries (damage, loss, reversal)
 * a store or clinic may post. Stock enters a clinic only by a delivery from its centre, a
 * stocktake correction or a reversal (SR-DRG-2). Movements are never edited: a correction
 * is a reversing movement. */
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

static const struct ent_enum kinds[] = {
	{"receipt", "采购入库"},
	{"delivery_out", "配送出库"},
	{"delivery_in", "配送入库"},
	{"dispense", "发药"},
	{"return_out", "退回出库"},
	{"return_in", "退回入库"},
	{"damage", "报损"},
	{"loss", "丢失"},
	{"expiry_disposal", "过期销毁"},
	{"stocktake", "盘点调整"},
	{"reversal", "冲销"},
	{NULL, NULL},
};

static const struct ent_field movement_fields[] = {
	{"id", "流水号", ENT_ID, EF_READONLY | EF_SORT},
	{"place_id", "地点", ENT_ID, EF_READONLY},
	{"lot_id", "批号", ENT_ID, EF_READONLY | EF_FILTER},
	{"item_id", "品种", ENT_ID, EF_READONLY | EF_FILTER},
	{"kind", "类别", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = kinds},
	{"quantity", "数量（基本单位，出为负）", ENT_INT, EF_READONLY},
	{"unit_cost_fen", "单位成本（分）", ENT_MONEY, EF_READONLY},
	{"doc_type", "单据类型", ENT_TEXT, EF_READONLY},
	{"doc_id", "单据号", ENT_TEXT, EF_READONLY},
	{"reason", "原因", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"reverses_id", "冲销的流水", ENT_ID, EF_READONLY | EF_NULLABLE},
	ENT_STANDARD_FIELDS,
};

const struct entity movement_entity = {
	.name = "movement",
	.label = "出入库流水",
	.table = "movements",
	ENT_FIELDS(movement_fields),
	.default_sort = "-id",
};

static const struct ent_field stock_fields[] = {
	{"place_id", "地点", ENT_ID, EF_READONLY | EF_FILTER},
	{"place_name", "地点名称", ENT_TEXT, EF_READONLY | EF_SORT},
	{"lot_id", "批号编号", ENT_ID, EF_READONLY | EF_FILTER},
	{"item_id", "品种", ENT_ID, EF_READONLY | EF_FILTER},
	{"generic_name", "通用名", ENT_TEXT, EF_READONLY | EF_SORT},
	{"brand", "商品名", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"dosage_form", "剂型", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"strength", "规格", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"lot_no", "批号", ENT_TEXT, EF_READONLY | EF_SORT},
	{"expiry_date", "有效期至", ENT_DATE, EF_READONLY | EF_SORT},
	{"quantity", "库存（基本单位）", ENT_INT, EF_READONLY | EF_SORT},
	{"base_unit", "基本单位", ENT_TEXT, EF_READONLY},
	{"package_unit", "包装单位", ENT_TEXT, EF_READONLY},
	{"units_per_package", "每包装基本单位数", ENT_INT, EF_READONLY},
	{"unit_cost_fen", "单位成本（分）", ENT_MONEY, EF_READONLY},
	{"value_fen", "金额（分）", ENT_MONEY, EF_READONLY | EF_SORT},
	{"on_hold", "暂停使用", ENT_BOOL, EF_READONLY | EF_FILTER},
	{"hold_reason", "暂停原因", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"essential", "基药", ENT_BOOL, EF_READONLY | EF_FILTER},
	ENT_STANDARD_FIELDS,
};

const struct entity stock_entity = {
	.name = "stock",
	.label = "库存",
	.table = "stock",
	.view = store_stock_view,
	ENT_FIELDS(stock_fields),
	.default_sort = "expiry_date",
};

/* ---- the ledger primitive ---- */

static const char *kind_label(const char *kind)
{
	for (const struct ent_enum *k = kinds; k->value; k++)
		if (strcmp(k->value, kind) == 0)
			return k->label;
	return NULL;
}

/* The sign each kind's quantity must have: +1 in, -1 out, 0 either way. */
static int kind_sign(const char *kind)
{
	static const char *const in[] = {"receipt", "delivery_in", "return_in", NULL};
	static const char *const either[] = {"stocktake", "reversal", NULL};
	for (const char *const *k = in; *k; k++)
		if (!strcmp(*k, kind))
			return 1;
	for (const char *const *k = either; *k; k++)
		if (!strcmp(*k, kind))
			return 0;
	return -1;
}

/* SR-DRG-2: the kinds by which stock may enter a clinic. */
static bool may_enter_clinic(const char *kind)
{
	return !strcmp(kind, "delivery_in") || !strcmp(kind, "stocktake") ||
	       !strcmp(kind, "reversal");
}

int pharm_move(struct db *db, const struct principal *who, const struct pharm_move *m,
	       char id_out[37], struct app_error *err)
{
	char place_kind[16], path[512], now[21], id[37];
	struct store_lot lot;
	json_t *after = NULL;
	const char *by = org_by(who);
	if (!m->kind || !kind_label(m->kind)) {
		err_set(err, ERR_INVALID, "kind", NULL, "流水类别“%s”无效", m->kind ? m->kind : "");
		return DB_ABORT;
	}
	if (m->quantity == 0) {
		err_set(err, ERR_INVALID, "quantity", NULL, "数量（quantity）不能为 0");
		return DB_ABORT;
	}
	int sign = kind_sign(m->kind);
	if (sign != 0 && (m->quantity > 0) != (sign > 0)) {
		err_set(err, ERR_INVALID, "quantity", NULL, "%s的数量（quantity）应为%s数，而不是 %lld",
			kind_label(m->kind), sign > 0 ? "正" : "负", m->quantity);
		return DB_ABORT;
	}
	int rc = store_ledger_place(db, m->place_id, place_kind, path, sizeof(path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "place_id", NULL, "机构不存在");
		return DB_ABORT;
	}
	rc = store_ledger_lot(db, m->lot_id, &lot);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "lot_id", NULL, "批号不存在");
		return DB_ABORT;
	}
	if (m->quantity > 0 && !strcmp(place_kind, "clinic") && !may_enter_clinic(m->kind)) {
		err_set(err, ERR_RULE, "kind", "SR-DRG-2",
			"药械只能由卫生院配送进入村卫生室：不能以“%s”增加村卫生室库存（批号 %s，数量 %lld）",
			kind_label(m->kind), lot.lot_no, m->quantity);
		return DB_ABORT;
	}
	db_now(now);
	/* The stock first: its row lock (PostgreSQL) orders concurrent movements of the same
	 * place and lot, so the checks below see what the one before committed. */
	if (m->quantity < 0) {
		rc = store_stock_take(db, m->place_id, m->lot_id, m->quantity, now, by);
		if (rc == 0 || rc == DB_CONSTRAINT) {
			long long on_hand = 0;
			if (rc == 0 && store_stock_on_hand(db, m->place_id, m->lot_id, &on_hand) < 0)
				return DB_HARD;
			err_set(err, ERR_RULE, "quantity", "SR-DRG-3",
				"库存不足：批号 %s 现有 %lld，本次需 %lld，库存不能为负", lot.lot_no,
				on_hand, -m->quantity);
			return DB_ABORT;
		}
	} else {
		rc = store_stock_add(db, m->place_id, m->lot_id, lot.item_id, m->quantity, path, now,
				     by);
	}
	if (rc < 0)
		return rc;
	if (m->reverses_id) {
		long long count;
		rc = store_movement_reversals(db, m->reverses_id, &count);
		if (rc < 0)
			return rc;
		if (count > 0) {
			err_set(err, ERR_CONFLICT, "reverses_id", NULL,
				"流水 %s 已冲销过，不能重复冲销", m->reverses_id);
			return DB_ABORT;
		}
	}
	db_new_id(id);
	const char *doc_type = m->doc_type ? m->doc_type : "movement";
	const char *doc_id = m->doc_id ? m->doc_id : id;
	rc = store_movement_insert(db, id, m->place_id, &lot, m->kind, m->quantity, doc_type,
				   doc_id, m->reason, m->reverses_id, path, now, by);
	if (rc < 0)
		return rc;
	after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s*, s:s*}", "id", id,
			  "place_id", m->place_id, "lot_id", m->lot_id, "item_id", lot.item_id,
			  "kind", m->kind, "quantity", (json_int_t)m->quantity, "unit_cost_fen",
			  (json_int_t)lot.unit_cost_fen, "doc_type", doc_type, "doc_id", doc_id,
			  "reason", m->reason, "reverses_id", m->reverses_id);
	if (!after)
		return DB_HARD;
	rc = audit_append(db, who, "create", "movement", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		return rc;
	memcpy(id_out, id, 37);
	return 0;
}

/* ---- manual entries: damage, loss, reversal ---- */

static const struct ent_enum manual_kinds[] = {
	{"damage", "报损"},
	{"loss", "丢失"},
	{"reversal", "冲销"},
	{NULL, NULL},
};

/* The body of POST /institutions/{id}/movements. kind accepts every ledger kind so that a
 * positive entry of another kind is answered with the rule that forbids it (SR-DRG-2). */
static const struct ent_field manual_fields[] = {
	{"lot_id", "批号", ENT_ID, 0},
	{"quantity", "数量（基本单位，出为负）", ENT_INT, 0},
	{"kind", "类别", ENT_ENUM, EF_REQUIRED, .enums = kinds},
	{"reason", "原因", ENT_TEXT, EF_REQUIRED, 2, 200},
	{"reverses_id", "冲销的流水", ENT_ID, 0},
};

static const struct entity manual_entity = {
	.name = "movement_entry",
	.label = "手工流水",
	.table = "movements",
	ENT_FIELDS(manual_fields),
};

static bool is_manual(const char *kind)
{
	for (const struct ent_enum *k = manual_kinds; k->value; k++)
		if (!strcmp(k->value, kind))
			return true;
	return false;
}

struct manual_txn {
	const struct principal *who;
	const char *place_id;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

/* A reversal: the opposite of movement REVERSES_ID of the same place, once. */
static int reversal_body(struct db *db, struct manual_txn *t, const char *reverses_id,
			 const char *reason)
{
	json_t *orig = NULL;
	int rc = store_movement_get(db, reverses_id, &orig);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE ||
	    strcmp(json_string_value(json_object_get(orig, "place_id")), t->place_id) != 0) {
		json_decref(orig);
		err_set(t->err, ERR_NOT_FOUND, "reverses_id", NULL, "本机构没有流水 %s", reverses_id);
		return DB_ABORT;
	}
	if (!strcmp(json_string_value(json_object_get(orig, "kind")), "reversal")) {
		json_decref(orig);
		err_set(t->err, ERR_INVALID, "reverses_id", NULL,
			"流水 %s 本身是冲销，不能再冲销", reverses_id);
		return DB_ABORT;
	}
	struct pharm_move m = {
		.place_id = t->place_id,
		.lot_id = json_string_value(json_object_get(orig, "lot_id")),
		.quantity = -(long long)json_integer_value(json_object_get(orig, "quantity")),
		.kind = "reversal",
		.doc_type = "movement",
		.doc_id = reverses_id,
		.reason = reason,
		.reverses_id = reverses_id,
	};
	rc = pharm_move(db, t->who, &m, t->id, t->err);
	json_decref(orig);
	return rc;
}

static int manual_body(struct db *db, void *cls)
{
	struct manual_txn *t = cls;
	const char *kind = json_string_value(json_object_get(t->body, "kind"));
	const char *reason = json_string_value(json_object_get(t->body, "reason"));
	const char *lot_id = json_string_value(json_object_get(t->body, "lot_id"));
	const char *reverses_id = json_string_value(json_object_get(t->body, "reverses_id"));
	json_t *qv = json_object_get(t->body, "quantity");
	long long quantity = json_integer_value(qv);
	if (!strcmp(kind, "reversal")) {
		if (!reverses_id) {
			err_set(t->err, ERR_REQUIRED, "reverses_id", NULL, "冲销须指明所冲销的流水（reverses_id）");
			return DB_ABORT;
		}
		return reversal_body(db, t, reverses_id, reason);
	}
	if (quantity > 0) {
		err_set(t->err, ERR_RULE, "quantity", "SR-DRG-2",
			"手工流水不能增加库存（数量 %lld）：药械只能经采购入库或由卫生院配送进入村卫生室",
			quantity);
		return DB_ABORT;
	}
	if (!is_manual(kind)) {
		err_set(t->err, ERR_INVALID, "kind", NULL,
			"手工只能登记报损、丢失或冲销，不能登记“%s”", kind_label(kind));
		return DB_ABORT;
	}
	if (!lot_id) {
		err_set(t->err, ERR_REQUIRED, "lot_id", NULL, "缺少批号（lot_id）");
		return DB_ABORT;
	}
	if (!qv || quantity == 0) {
		err_set(t->err, ERR_REQUIRED, "quantity", NULL, "缺少数量（quantity，报损、丢失为负数）");
		return DB_ABORT;
	}
	struct pharm_move m = {
		.place_id = t->place_id,
		.lot_id = lot_id,
		.quantity = quantity,
		.kind = kind,
		.reason = reason,
	};
	return pharm_move(db, t->who, &m, t->id, t->err);
}

/* ---- handlers ---- */

enum MHD_Result pharm_h_movement_create(struct req *r)
{
	struct app_error err;
	json_t *out = NULL;
	if (ent_validate(&manual_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct manual_txn t = {
		.who = &r->who, .place_id = req_param(r, "id"), .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "movement create", manual_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	if (store_movement_get(r->db, t.id, &out) <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_CREATED, out);
}

/* A stock list: of the place in the URL, or of every place in the user's scope. */
static enum MHD_Result stock_page(struct req *r, const char *place_id)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &stock_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_stock_list(r->db, r->who.scope_path, place_id, &l, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

enum MHD_Result pharm_h_stock_list(struct req *r)
{
	return stock_page(r, NULL);
}

enum MHD_Result pharm_h_place_stock(struct req *r)
{
	return stock_page(r, req_param(r, "id"));
}

static bool is_id(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789abcdefABCDEF-", *p))
			return false;
	return true;
}

enum MHD_Result pharm_h_place_movements(struct req *r)
{
	static const char *const own[] = {"cursor", NULL};
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	const char *cursor = req_query(r, "cursor");
	if (cursor && !*cursor)
		cursor = NULL;
	if (cursor && !is_id(cursor))
		return reply_err(r, ERR_BAD_REQUEST, "cursor", NULL,
				 "cursor 应为上一页返回的 next_cursor");
	if (req_list(r, &movement_entity, own, &l, &err) != 0)
		return reply_error(r, &err);
	if (l.sort || l.offset) {
		ent_list_clear(&l);
		return reply_err(r, ERR_BAD_REQUEST, l.sort ? "sort" : "offset", NULL,
				 "流水按时间倒序、以 cursor 翻页，不支持 sort / offset");
	}
	const char *lot_id = req_query(r, "lot_id");
	const char *item_id = req_query(r, "item_id");
	const char *kind = req_query(r, "kind");
	int rc = store_place_movements(r->db, req_param(r, "id"), lot_id, item_id, kind, cursor,
				       l.limit, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	json_t *last = json_array_get(items, json_array_size(items) - 1);
	json_t *next = more && last ? json_incref(json_object_get(last, "id")) : json_null();
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:o, s:n}", "items", items, "next_cursor", next,
				    "next_offset"));
}
