/* SPDX-License-Identifier: MIT */
/* This file contains returns of stock from a clinic to its centre and the disposal of
 * expired stock at the centre (SR-DRG-4): each line a pair of ledger movements (return_out
 * at the clinic, return_in at the centre) or an expiry_disposal, under one document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/pharm_rules.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/delivery_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

/* Returns to the centre and disposals: {reason, lines: [{lot_id, quantity}]}. */
static const struct ent_field collect_fields[] = {
    {"reason", "原因", ENT_TEXT, EF_REQUIRED, 1, 200},
    {"lines", "明细", ENT_JSON, EF_REQUIRED},
};

static const struct entity collect_entity = {
    .name = "stock_collect",
    .label = "退回 / 销毁",
    ENT_FIELDS(collect_fields),
};

static const struct ent_field collect_line_fields[] = {
    {"lot_id", "批号", ENT_ID, EF_REQUIRED},
    {"quantity", "数量（基本单位）", ENT_INT, EF_REQUIRED, 1, 1000000000},
};

static const struct entity collect_line_entity = {
    .name = "stock_collect_line",
    .label = "明细",
    ENT_FIELDS(collect_line_fields),
};

/* ---- returns to the centre and disposals (SR-DRG-4) ---- */

struct collect_txn {
	const struct principal *who;
	const char *place_id; /* the clinic returning, or the centre disposing */
	bool disposal;
	const json_t *body; /* validated, borrowed */
	char id[37];        /* the document: every movement of it carries this id */
	json_t *record;     /* the answer, new (the handler frees it) */
	struct app_error *err;
};

/* The answer to a return or disposal: its document with its movements (new reference). */
static json_t *collect_record(struct db *db, const struct collect_txn *t, const char *centre_id)
{
	struct db_res *res = NULL;
	const char *doc_type = t->disposal ? "disposal" : "return";
	if (store_dlv_doc_movements(db, doc_type, t->id, &res) < 0)
		return NULL;
	json_t *lines = json_array();
	for (size_t row = 0; row < db_res_rows(res); row++)
		json_array_append_new(
		    lines,
		    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
		              pharm_cell_text(res, row, 0), "place_id", pharm_cell_text(res, row, 1), "kind",
		              pharm_cell_text(res, row, 2), "lot_id", pharm_cell_text(res, row, 3), "lot_no",
		              pharm_cell_text(res, row, 4), "expiry_date", pharm_cell_text(res, row, 5),
		              "item_id", pharm_cell_text(res, row, 6), "item_name",
		              pharm_cell_text(res, row, 7), "base_unit", pharm_cell_text(res, row, 8),
		              "quantity", pharm_cell_int(res, row, 9), "unit_cost_fen",
		              pharm_cell_int(res, row, 10), "reason", pharm_cell_text(res, row, 11)));
	db_res_free(res);
	json_t *rec = json_pack("{s:s, s:s, s:s, s:O, s:o}", "id", t->id, "doc_type", doc_type,
	                        t->disposal ? "centre_id" : "clinic_id", t->place_id, "reason",
	                        json_object_get(t->body, "reason"), "lines", lines);
	if (!t->disposal)
		json_object_set_new(rec, "centre_id", json_string(centre_id));
	return rec;
}

static int collect_body(struct db *db, void *cls)
{
	struct collect_txn *t = cls;
	const json_t *lines = json_object_get(t->body, "lines");
	const char *reason = text_of(t->body, "reason");
	struct place place, centre;
	char today[11];
	int rc;
	/* A retried transaction starts again from nothing. */
	json_decref(t->record);
	t->record = NULL;
	org_today(today);
	if (t->disposal) {
		rc = pharm_load_place(db, t->place_id, NULL, &place, t->err);
		if (rc >= 0 && strcmp(place.kind, "centre") != 0 &&
		    strcmp(place.kind, "community") != 0) {
			err_set(t->err, ERR_INVALID, "id", NULL,
			        "%s不是卫生院：过期药械由村卫生室退回卫生院，在卫生院集中销毁",
			        place.name);
			rc = DB_ABORT;
		}
		centre = place;
	} else {
		rc = pharm_load_clinic(db, t->place_id, NULL, &place, &centre, t->err);
	}
	if (rc < 0)
		return rc;
	db_new_id(t->id);
	for (size_t i = 0; i < json_array_size(lines) && rc >= 0; i++) {
		const json_t *in = json_array_get(lines, i);
		const char *lot_id = text_of(in, "lot_id");
		long long quantity = json_integer_value(json_object_get(in, "quantity"));
		char field[64], movement[37];
		struct db_res *res = NULL;
		rc = store_dlv_lot(db, lot_id, &res);
		if (rc == 0) {
			snprintf(field, sizeof(field), "lines.%zu.lot_id", i);
			err_set(t->err, ERR_INVALID, field, NULL, "第 %zu 行：批号 %s 不存在", i + 1,
			        lot_id);
			rc = DB_ABORT;
		}
		if (rc >= 0 && t->disposal && !pharm_expired(db_res_text(res, 0, 2), today)) {
			/* Destroying stock that may still be used is a loss or damage, not an
			 * expiry disposal: the ledger must say which. */
			snprintf(field, sizeof(field), "lines.%zu.lot_id", i);
			err_set(t->err, ERR_RULE, field, "SR-DRG-4",
			        "第 %zu 行：%s 批号 %s 有效期至 %s，尚未过期，不能作过期销毁"
			        "（破损、丢失请报损）",
			        i + 1, db_res_text(res, 0, 5), db_res_text(res, 0, 1),
			        db_res_text(res, 0, 2));
			rc = DB_ABORT;
		}
		db_res_free(res);
		if (rc < 0)
			break;
		struct pharm_move out = {.place_id = place.id,
		                         .lot_id = lot_id,
		                         .quantity = -quantity,
		                         .kind = t->disposal ? "expiry_disposal" : "return_out",
		                         .doc_type = t->disposal ? "disposal" : "return",
		                         .doc_id = t->id,
		                         .reason = reason};
		rc = pharm_move(db, t->who, &out, movement, t->err);
		if (rc >= 0 && !t->disposal) {
			struct pharm_move in = out;
			in.place_id = centre.id;
			in.quantity = quantity;
			in.kind = "return_in";
			rc = pharm_move(db, t->who, &in, movement, t->err);
		}
		if (rc == DB_ABORT && strcmp(t->err->field, "quantity") == 0)
			pharm_prefix_line(t->err, i); /* name the line the ledger refused */
	}
	if (rc < 0)
		return rc;
	t->record = collect_record(db, t, centre.id);
	if (!t->record)
		return DB_HARD;
	rc = audit_append(db, t->who, "create", t->disposal ? "disposal" : "return", t->id, NULL,
	                  t->record);
	return rc < 0 ? rc : 0;
}


/* A return (clinic → centre) or a disposal (at the centre) at institution {id}. */
static enum MHD_Result collect(struct req *r, bool disposal)
{
	struct app_error err;
	if (ent_validate(&collect_entity, r->json, ENT_CREATE, &err) != 0 ||
	    pharm_check_lines(&collect_line_entity, json_object_get(r->json, "lines"), true, &err) != 0)
		return reply_error(r, &err);
	struct collect_txn t = {.who = &r->who,
	                        .place_id = req_param(r, "id"),
	                        .disposal = disposal,
	                        .body = r->json,
	                        .err = &err};
	int rc = db_run_transaction(r->db, disposal ? "disposal" : "return", collect_body, &t);
	if (rc < 0) {
		json_decref(t.record);
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_json(r, MHD_HTTP_CREATED, t.record);
}

enum MHD_Result pharm_h_returns_create(struct req *r)
{
	return collect(r, false);
}

enum MHD_Result pharm_h_disposals_create(struct req *r)
{
	return collect(r, true);
}
