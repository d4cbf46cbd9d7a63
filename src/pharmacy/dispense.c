/* SPDX-License-Identifier: MIT */
/* This file contains dispensing (发药) at zero mark-up (零差率): pharm_dispense, which takes
 * each line from the clinic's lots first-expiry-first-out (or from the lot named), refuses
 * an expired lot (SR-DRG-4) or one on hold (SR-DRG-5), prices it at exactly the lot's cost
 * (SR-DRG-1), asks for the indication of an infusion (SR-DRG-6) and posts each pick as a
 * dispense movement through the ledger (so stock never goes negative, SR-DRG-3). It runs
 * inside the caller's transaction: encounters and receipts of later areas call it in
 * theirs. Also the dispense entity and its HTTP handlers. */
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

#define MAX_LINES 100
#define MAX_PICKS 64 /* lots one line may be spread over */

static const struct ent_field dispense_fields[] = {
	{"id", "发药单号", ENT_ID, EF_READONLY | EF_SORT},
	{"clinic_id", "村卫生室", ENT_ID, EF_READONLY | EF_FILTER},
	{"dispensed_on", "发药日期", ENT_DATE, EF_READONLY | EF_FILTER | EF_SORT},
	{"patient_ref", "患者标识", ENT_TEXT, EF_READONLY | EF_NULLABLE | EF_FILTER},
	{"total_fen", "金额（分）", ENT_MONEY, EF_READONLY | EF_SORT},
	/* [{item_id, generic_name, lot_id, lot_no, expiry_date, quantity, base_unit,
	 *   unit_price_fen, amount_fen, indication, movement_id}] */
	{"lines", "明细", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity dispense_entity = {
	.name = "dispense",
	.label = "发药记录",
	.table = "dispenses",
	ENT_FIELDS(dispense_fields),
	.default_sort = "-id",
};

/* A line as stored (dispense_lines) and shown (with the item's and lot's names). */
static const struct ent_field line_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"dispense_id", "发药单", ENT_ID, EF_READONLY},
	{"item_id", "品种", ENT_ID, EF_READONLY},
	{"generic_name", "通用名", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"lot_id", "批号编号", ENT_ID, EF_READONLY},
	{"lot_no", "批号", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"expiry_date", "有效期至", ENT_DATE, EF_READONLY | EF_VIRTUAL},
	{"quantity", "数量", ENT_INT, EF_READONLY},
	{"base_unit", "基本单位", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"unit_price_fen", "单价（分）", ENT_MONEY, EF_READONLY},
	{"amount_fen", "金额（分）", ENT_MONEY, EF_READONLY},
	{"indication", "适应症", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"movement_id", "流水号", ENT_ID, EF_READONLY},
};

static const struct entity line_entity = {
	.name = "dispense_line",
	.label = "发药明细",
	.table = "dispense_lines",
	ENT_FIELDS(line_fields),
};

/* A line as the caller gives it. */
static const struct ent_field input_line_fields[] = {
	{"item_id", "品种", ENT_ID, EF_REQUIRED},
	{"quantity", "数量（基本单位）", ENT_INT, EF_REQUIRED, 1, 1000000000},
	{"lot_id", "批号", ENT_ID, EF_NULLABLE},
	{"unit_price_fen", "单价（分）", ENT_MONEY, EF_NULLABLE, 0, 1000000000},
	{"indication", "适应症", ENT_TEXT, EF_NULLABLE, 2, 200},
};

static const struct entity input_line_entity = {
	.name = "dispense_line_input",
	.label = "发药明细",
	.table = "dispense_lines",
	ENT_FIELDS(input_line_fields),
};

/* The body of POST /api/v1/dispenses. */
static const struct ent_field input_fields[] = {
	{"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED},
	{"patient_ref", "患者标识", ENT_TEXT, EF_NULLABLE, 1, 64},
	{"lines", "明细", ENT_JSON, EF_REQUIRED},
};

static const struct entity input_entity = {
	.name = "dispense_input",
	.label = "发药",
	.table = "dispenses",
	ENT_FIELDS(input_fields),
};

/* Prefix ERR's field with the line it is about: "lines[2].quantity". */
static void line_field(struct app_error *err, size_t i)
{
	char field[sizeof(err->field) + 32];
	snprintf(field, sizeof(field), "lines[%zu]%s%s", i, err->field[0] ? "." : "", err->field);
	snprintf(err->field, sizeof(err->field), "%.*s", (int)sizeof(err->field) - 1, field);
}

/* Check every line before anything is written. Returns 0 or DB_ABORT with ERR. */
static int check_lines(const json_t *lines, struct app_error *err)
{
	size_t i;
	json_t *line;
	if (!json_is_array(lines) || json_array_size(lines) == 0) {
		err_set(err, ERR_REQUIRED, "lines", NULL, "发药明细（lines）至少要有一行");
		return DB_ABORT;
	}
	if (json_array_size(lines) > MAX_LINES) {
		err_set(err, ERR_INVALID, "lines", NULL, "一次发药最多 %d 行", MAX_LINES);
		return DB_ABORT;
	}
	json_array_foreach(lines, i, line)
	{
		if (!json_is_object(line)) {
			err_set(err, ERR_TYPE, NULL, NULL, "每行明细应为对象");
			line_field(err, i);
			return DB_ABORT;
		}
		if (ent_validate(&input_line_entity, line, ENT_CREATE, err) != 0) {
			line_field(err, i);
			return DB_ABORT;
		}
	}
	return 0;
}

/* The lots one line is taken from, and how much of each. */
struct plan {
	size_t n;
	struct store_lot lots[MAX_PICKS];
	long long quantity[MAX_PICKS];
};

/* The lot the caller named: of the item, not expired on TODAY (SR-DRG-4), not on hold
 * (SR-DRG-5). Whether there is enough is the ledger's to say. */
static int plan_named(struct db *db, const char *item_id, const char *lot_id,
		      long long quantity, const char *today, struct plan *p, struct app_error *err)
{
	struct store_lot *lot = &p->lots[0];
	int rc = store_ledger_lot(db, lot_id, lot);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE || strcmp(lot->item_id, item_id) != 0) {
		err_set(err, ERR_INVALID, "lot_id", NULL, "批号 %s 不是该品种的批号", lot_id);
		return DB_ABORT;
	}
	if (pharm_expired(lot->expiry_date, today)) {
		err_set(err, ERR_RULE, "lot_id", "SR-DRG-4",
			"批号 %s 已于 %s 过期（今天 %s），不得发药", lot->lot_no, lot->expiry_date,
			today);
		return DB_ABORT;
	}
	if (lot->on_hold) {
		err_set(err, ERR_RULE, "lot_id", "SR-DRG-5", "批号 %s 已暂停使用，不得发药",
			lot->lot_no);
		return DB_ABORT;
	}
	p->n = 1;
	p->quantity[0] = quantity;
	return 0;
}

/* First-expiry-first-out over the clinic's usable lots of the item. */
static int plan_fefo(struct db *db, const char *place_id, const char *item_id,
		     const struct store_item *item, long long quantity, const char *today,
		     struct plan *p, struct app_error *err)
{
	struct db_res *res = NULL;
	struct fefo_lot lots[MAX_PICKS];
	struct fefo_pick picks[MAX_PICKS];
	long long short_by = 0;
	int rc = store_dispense_lots(db, place_id, item_id, &res);
	if (rc < 0)
		return rc;
	size_t n = db_res_rows(res);
	if (n > MAX_PICKS)
		n = MAX_PICKS;
	/* Strings borrowed from RES until it is freed below. */
	for (size_t i = 0; i < n; i++)
		lots[i] = (struct fefo_lot){
			.lot_id = db_res_text(res, i, 0),
			.expiry_date = db_res_text(res, i, 1),
			.on_hand = db_res_int(res, i, 2),
			.on_hold = db_res_int(res, i, 3) != 0,
		};
	int npicks = pharm_fefo(lots, n, quantity, today, picks, MAX_PICKS, &short_by);
	if (npicks < 0) {
		err_set(err, ERR_RULE, "quantity", "SR-DRG-3",
			"%s库存不足：可发（未过期、未暂停）%lld %s，本次需 %lld %s", item->generic_name,
			quantity - short_by, item->base_unit, quantity, item->base_unit);
		db_res_free(res);
		return DB_ABORT;
	}
	p->n = 0;
	for (int k = 0; k < npicks && rc >= 0; k++) {
		rc = store_ledger_lot(db, lots[picks[k].index].lot_id, &p->lots[k]);
		p->quantity[k] = picks[k].quantity;
		p->n++;
	}
	db_res_free(res);
	return rc < 0 ? rc : 0;
}

/* One line: plan it, check its price, post each pick. Appends the shown lines to RECS and
 * adds to *TOTAL. Returns 0 or a negative db_status (DB_ABORT with ERR, field unprefixed). */
static int dispense_line(struct db *db, const struct principal *who, const char *place_id,
			 const char *dispense_id, const json_t *line, const char *today,
			 json_t *recs, long long *total, struct app_error *err)
{
	struct store_item item;
	struct plan p;
	const char *item_id = json_string_value(json_object_get(line, "item_id"));
	const char *lot_id = json_string_value(json_object_get(line, "lot_id"));
	const char *indication = json_string_value(json_object_get(line, "indication"));
	json_t *price = json_object_get(line, "unit_price_fen");
	long long quantity = json_integer_value(json_object_get(line, "quantity"));
	int rc = store_dispense_item(db, item_id, &item);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "item_id", NULL, "品种不存在");
		return DB_ABORT;
	}
	if (item.infusion && !indication) {
		err_set(err, ERR_RULE, "indication", "SR-DRG-6",
			"%s为输液用药，须登记适应症（indication）方可发药", item.generic_name);
		return DB_ABORT;
	}
	rc = lot_id ? plan_named(db, item_id, lot_id, quantity, today, &p, err)
		    : plan_fefo(db, place_id, item_id, &item, quantity, today, &p, err);
	if (rc < 0)
		return rc;
	for (size_t k = 0; k < p.n; k++) {
		if (json_is_integer(price) &&
		    !pharm_price_ok(json_integer_value(price), p.lots[k].unit_cost_fen)) {
			err_set(err, ERR_RULE, "unit_price_fen", "SR-DRG-1",
				"零差率：%s批号 %s 只能按进价 %lld 分/%s 发药，不能按 %lld 分",
				item.generic_name, p.lots[k].lot_no, p.lots[k].unit_cost_fen,
				item.base_unit, (long long)json_integer_value(price));
			return DB_ABORT;
		}
	}
	for (size_t k = 0; k < p.n; k++) {
		char movement_id[37], line_id[37];
		long long amount;
		struct pharm_move m = {
			.place_id = place_id,
			.lot_id = p.lots[k].id,
			.quantity = -p.quantity[k],
			.kind = "dispense",
			.doc_type = "dispense",
			.doc_id = dispense_id,
		};
		rc = pharm_move(db, who, &m, movement_id, err);
		if (rc < 0)
			return rc;
		if (__builtin_mul_overflow(p.quantity[k], p.lots[k].unit_cost_fen, &amount) ||
		    __builtin_add_overflow(*total, amount, total)) {
			err_set(err, ERR_INVALID, "quantity", NULL, "金额超出范围");
			return DB_ABORT;
		}
		db_new_id(line_id);
		json_array_append_new(
			recs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:s*, s:s}",
					"id", line_id, "item_id", item_id, "generic_name",
					item.generic_name, "lot_id", p.lots[k].id, "lot_no",
					p.lots[k].lot_no, "expiry_date", p.lots[k].expiry_date,
					"quantity", (json_int_t)p.quantity[k], "base_unit",
					item.base_unit, "unit_price_fen",
					(json_int_t)p.lots[k].unit_cost_fen, "amount_fen",
					(json_int_t)amount, "indication", indication, "movement_id",
					movement_id));
	}
	return 0;
}

int pharm_dispense(struct db *db, const struct principal *who, const char *clinic_id,
		   const json_t *lines, const char *patient_ref, json_t **out,
		   struct app_error *err)
{
	char place_kind[16], path[512], today[11], id[37];
	json_t *recs = NULL, *header = NULL, *extra = NULL;
	long long total = 0;
	size_t i;
	json_t *line;
	*out = NULL;
	int rc = check_lines(lines, err);
	if (rc < 0)
		return rc;
	rc = store_ledger_place(db, clinic_id, place_kind, path, sizeof(path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "clinic_id", NULL, "机构不存在");
		return DB_ABORT;
	}
	org_today(today);
	db_new_id(id);
	recs = json_array();
	if (!recs)
		return DB_HARD;
	json_array_foreach(lines, i, line)
	{
		rc = dispense_line(db, who, clinic_id, id, line, today, recs, &total, err);
		if (rc < 0) {
			if (rc == DB_ABORT)
				line_field(err, i);
			goto out;
		}
	}
	/* The header after the lines' movements (it holds their total), the lines after the
	 * header (they refer to it). */
	header = json_pack("{s:s, s:s, s:s, s:s*, s:I}", "id", id, "clinic_id", clinic_id,
			   "dispensed_on", today, "patient_ref", patient_ref, "total_fen",
			   (json_int_t)total);
	extra = json_pack("{s:s}", "path", path);
	rc = header && extra ? crud_insert(db, &dispense_entity, header, extra, org_by(who)) : DB_HARD;
	json_decref(extra);
	extra = json_pack("{s:s}", "dispense_id", id);
	json_array_foreach(recs, i, line)
	{
		if (rc < 0)
			break;
		rc = extra ? crud_insert(db, &line_entity, line, extra, org_by(who)) : DB_HARD;
	}
	if (rc < 0)
		goto out;
	json_object_set(header, "lines", recs);
	rc = audit_append(db, who, "create", "dispense", id, NULL, header);
	if (rc < 0)
		goto out;
	*out = header;
	header = NULL;
	rc = 0;
out:
	json_decref(extra);
	json_decref(header);
	json_decref(recs);
	return rc;
}

/* ---- handlers ---- */

struct create_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	json_t *out;        /* the dispense, new; replaced if the transaction runs again */
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	json_decref(t->out);
	t->out = NULL;
	return pharm_dispense(db, t->who,
			      json_string_value(json_object_get(t->body, "clinic_id")),
			      json_object_get(t->body, "lines"),
			      json_string_value(json_object_get(t->body, "patient_ref")), &t->out,
			      t->err);
}

enum MHD_Result pharm_h_dispense_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&input_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct create_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "dispense", create_body, &t);
	if (rc < 0) {
		json_decref(t.out);
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_json(r, MHD_HTTP_CREATED, t.out);
}

enum MHD_Result pharm_h_dispenses_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &dispense_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_dispenses_list(r->db, r->who.scope_path, &l, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}
