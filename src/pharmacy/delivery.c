/* SPDX-License-Identifier: MIT */
/* This file contains the way stock reaches a clinic (SR-DRG-2: the centre buys and
 * delivers, the clinic never buys on its own): the centre's decision on a clinic's stock
 * request (请领, made in request.c; quantities may be cut), shipping lots first-expiry-
 * first-out from the centre's store, the clinic's receipt with any discrepancy recorded as
 * such (what did not arrive goes back into the centre's store as a reversal, so both ledgers
 * balance). Returns and disposals are in collect.c. Every change of stock is a movement
 * posted through pharm_move (ledger.c). */
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

static const struct ent_enum delivery_statuses[] = {
    {"shipped", "已发出"},
    {"received", "已收货"},
    {NULL, NULL},
};

static const struct ent_field delivery_fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
    {"request_id", "请领单", ENT_ID, EF_READONLY | EF_FILTER},
    {"centre_id", "卫生院", ENT_ID, EF_READONLY | EF_FILTER},
    {"centre_name", "卫生院名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"clinic_id", "村卫生室", ENT_ID, EF_READONLY | EF_FILTER},
    {"clinic_name", "村卫生室名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = delivery_statuses},
    {"shipped_on", "发货日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"received_on", "收货日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"received_by", "收货人", ENT_TEXT, EF_READONLY},
    {"lines", "配送明细", ENT_JSON, EF_VIRTUAL | EF_READONLY | EF_NOLIST},
    ENT_STANDARD_FIELDS,
};

/* A delivery from a centre to one of its clinics (配送单), by lot. */
const struct entity delivery_entity = {
    .name = "delivery",
    .label = "配送单",
    .table = "deliveries",
    ENT_FIELDS(delivery_fields),
    .default_sort = "-shipped_on",
};


static const struct ent_field delivery_line_fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY},
    {"delivery_id", "配送单", ENT_ID, EF_READONLY},
    {"lot_id", "批号", ENT_ID, EF_READONLY},
    {"item_id", "品种", ENT_ID, EF_READONLY},
    {"shipped", "发货数量", ENT_INT, EF_READONLY},
    ENT_STANDARD_FIELDS,
};

static const struct entity delivery_line_entity = {
    .name = "delivery_line",
    .label = "配送明细",
    .table = "delivery_lines",
    ENT_FIELDS(delivery_line_fields),
};


static const struct ent_enum decisions[] = {
    {"approve", "批准"},
    {"reject", "不批准"},
    {NULL, NULL},
};

static const struct ent_field decision_fields[] = {
    {"decision", "审批结果", ENT_ENUM, EF_REQUIRED, .enums = decisions},
    {"lines", "核定数量", ENT_JSON, 0},
};

static const struct entity decision_entity = {
    .name = "stock_request_decision",
    .label = "请领审批",
    ENT_FIELDS(decision_fields),
};

static const struct ent_field decision_line_fields[] = {
    {"line_id", "请领明细", ENT_ID, EF_REQUIRED},
    {"approved", "批准数量", ENT_INT, EF_REQUIRED, 0, 1000000000},
};

static const struct entity decision_line_entity = {
    .name = "stock_request_decision_line",
    .label = "核定数量",
    ENT_FIELDS(decision_line_fields),
};

static const struct ent_field receipt_fields[] = {
    {"lines", "实收明细", ENT_JSON, 0},
};

static const struct entity receipt_entity = {
    .name = "delivery_receipt",
    .label = "确认收货",
    ENT_FIELDS(receipt_fields),
};

static const struct ent_field receipt_line_fields[] = {
    {"line_id", "配送明细", ENT_ID, EF_REQUIRED},
    {"received", "实收数量", ENT_INT, EF_REQUIRED, 0, 1000000000},
    {"discrepancy", "差异说明", ENT_TEXT, EF_NULLABLE, 0, 500},
};

static const struct entity receipt_line_entity = {
    .name = "delivery_receipt_line",
    .label = "实收明细",
    ENT_FIELDS(receipt_line_fields),
};

/* ---- small helpers ---- */

/* The Chinese label of enum VALUE of field NAME of E, or VALUE itself. Borrowed. */
static const char *label_of(const struct entity *e, const char *name, const char *value)
{
	const struct ent_field *f = ent_field(e, name);
	for (const struct ent_enum *en = f ? f->enums : NULL; en && en->value; en++)
		if (value && strcmp(en->value, value) == 0)
			return en->label;
	return value ? value : "";
}

static int complete_delivery(struct db *db, json_t *items)
{
	int rc = pharm_complete_names(db, items);
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		struct db_res *res = NULL;
		if (rc >= 0)
			rc = store_delivery_lines(db, text_of(rec, "id"), &res);
		if (rc < 0)
			return rc;
		json_t *lines = json_array();
		for (size_t row = 0; row < db_res_rows(res); row++) {
			json_t *line = json_pack(
			    "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			    pharm_cell_text(res, row, 0), "lot_id", pharm_cell_text(res, row, 1), "lot_no",
			    pharm_cell_text(res, row, 2), "expiry_date", pharm_cell_text(res, row, 3),
			    "unit_cost_fen", pharm_cell_int(res, row, 4), "item_id", pharm_cell_text(res, row, 5),
			    "item_name", pharm_cell_text(res, row, 6), "strength", pharm_cell_text(res, row, 7),
			    "base_unit", pharm_cell_text(res, row, 8), "shipped", pharm_cell_int(res, row, 9),
			    "received", pharm_cell_int(res, row, 10), "discrepancy",
			    pharm_cell_text(res, row, 11));
			json_array_append_new(lines, line);
		}
		json_object_set_new(rec, "lines", lines);
		db_res_free(res);
	}
	return rc < 0 ? rc : 0;
}

int pharm_delivery_resolve(struct db *db, const char *id, char *path, size_t len,
                           char owner[37])
{
	owner[0] = '\0';
	return store_delivery_path(db, id, path, len);
}

/* ---- decision, shipping, receipt: one request or delivery at a time ---- */

struct change_txn {
	const struct principal *who;
	const char *id;
	const json_t *body; /* validated, borrowed */
	char delivery_id[37];
	struct app_error *err;
};

/* Move request T->id from status FROM to TO (taking its row lock) and read it as it was
 * into *BEFORE (new reference). Not there: 404; in another status: 409 saying which. */
static int advance_request(struct db *db, struct change_txn *t, const char *from,
                           const char *to, const char *doing, json_t **before)
{
	*before = crud_get_view(db, &stock_request_entity, t->id, pharm_complete_request, t->err);
	if (!*before)
		return t->err->code == ERR_NOT_FOUND ? DB_ABORT : DB_HARD;
	int rc = store_request_advance(db, t->id, from, to, org_by(t->who));
	if (rc == 0) {
		/* Another decision or shipment came first: say what it is now. */
		json_t *now = NULL;
		rc = crud_get(db, &stock_request_entity, "id", t->id, &now);
		if (rc >= 0) {
			err_set(t->err, ERR_CONFLICT, "status", NULL,
			        "只能%s%s的请领单，该请领单状态为“%s”", doing,
			        label_of(&stock_request_entity, "status", from),
			        label_of(&stock_request_entity, "status", text_of(now, "status")));
			rc = DB_ABORT;
		}
		json_decref(now);
	}
	return rc;
}

/* The line of LINES (an array of records with "id") whose id is ID, or NULL. */
static json_t *line_by_id(const json_t *lines, const char *id)
{
	size_t i;
	json_t *line;
	json_array_foreach(lines, i, line)
	{
		if (id && strcmp(text_of(line, "id"), id) == 0)
			return line;
	}
	return NULL;
}

/* The body line naming line ID twice is refused; "lines.I.line_id" into FIELD. */
static int body_line_target(const json_t *body_lines, size_t i, const json_t *lines,
                            const char *what, json_t **target, struct app_error *err)
{
	const char *line_id = text_of(json_array_get(body_lines, i), "line_id");
	char field[64];
	snprintf(field, sizeof(field), "lines.%zu.line_id", i);
	*target = line_by_id(lines, line_id);
	if (!*target) {
		err_set(err, ERR_INVALID, field, NULL, "第 %zu 行：%s不属于该%s", i + 1,
		        line_id, what);
		return DB_ABORT;
	}
	for (size_t k = 0; k < i; k++) {
		const char *other = text_of(json_array_get(body_lines, k), "line_id");
		if (strcmp(other, line_id) == 0) {
			err_set(err, ERR_INVALID, field, NULL, "第 %zu 行与第 %zu 行是同一明细",
			        i + 1, k + 1);
			return DB_ABORT;
		}
	}
	return 0;
}

static int decide_body(struct db *db, void *cls)
{
	struct change_txn *t = cls;
	bool approving = strcmp(text_of(t->body, "decision"), "approve") == 0;
	const json_t *body_lines = json_object_get(t->body, "lines");
	json_t *before = NULL, *after = NULL, *changes = NULL, *approved = NULL;
	char today[11];
	int rc = advance_request(db, t, "requested", approving ? "approved" : "rejected", "审批",
	                         &before);
	if (rc < 0 || !approving)
		goto decided;
	/* The centre may cut quantities, never raise them; lines not named get what was
	 * asked. */
	const json_t *lines = json_object_get(before, "lines");
	approved = json_object();
	size_t i;
	json_t *line;
	json_array_foreach(lines, i, line)
	{
		json_object_set(approved, text_of(line, "id"), json_object_get(line, "requested"));
	}
	for (i = 0; i < json_array_size(body_lines) && rc >= 0; i++) {
		json_t *target = NULL, *in = json_array_get(body_lines, i);
		rc = body_line_target(body_lines, i, lines, "请领单", &target, t->err);
		if (rc < 0)
			break;
		long long asked = json_integer_value(json_object_get(target, "requested"));
		long long granted = json_integer_value(json_object_get(in, "approved"));
		if (granted > asked) {
			char field[64];
			snprintf(field, sizeof(field), "lines.%zu.approved", i);
			err_set(t->err, ERR_INVALID, field, NULL,
			        "第 %zu 行：%s批准 %lld %s，多于请领的 %lld %s：只能核减", i + 1,
			        text_of(target, "item_name"), granted, text_of(target, "base_unit"),
			        asked, text_of(target, "base_unit"));
			rc = DB_ABORT;
			break;
		}
		json_object_set_new(approved, text_of(target, "id"), json_integer(granted));
	}
	long long total = 0;
	const char *line_id;
	json_t *quantity;
	json_object_foreach(approved, line_id, quantity)
	{
		total += json_integer_value(quantity);
	}
	if (rc >= 0 && total == 0) {
		err_set(t->err, ERR_INVALID, "lines", NULL,
		        "每一行都核减为 0：不予配送请选择不批准（decision: reject）");
		rc = DB_ABORT;
	}
	json_object_foreach(approved, line_id, quantity)
	{
		if (rc < 0)
			break;
		rc = store_request_line_approve(db, line_id, json_integer_value(quantity),
		                                org_by(t->who));
	}
decided:
	if (rc < 0)
		goto out;
	org_today(today);
	changes = json_pack("{s:s, s:s}", "decided_by", org_by(t->who), "decided_on", today);
	rc = crud_update(db, &stock_request_entity, "id", t->id, changes, org_by(t->who));
	if (rc >= 0)
		after = crud_get_view(db, &stock_request_entity, t->id, pharm_complete_request, t->err);
	if (rc >= 0)
		rc = after ? audit_append(db, t->who, approving ? "approve" : "reject",
		                          "stock_request", t->id, before, after)
		           : DB_HARD;
out:
	json_decref(approved);
	json_decref(changes);
	json_decref(after);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

/* Ship LINE (a request line record with "approved") from CENTRE's store: lots first-
 * expiry-first-out, expired and held lots skipped; a delivery_out movement and a delivery
 * line per lot. Short stock: SR-DRG-3, and the caller's transaction ships nothing. */
static int ship_line(struct db *db, const struct change_txn *t, const char *centre_id,
                     const json_t *line, size_t index, struct app_error *err)
{
	long long quantity = json_integer_value(json_object_get(line, "approved"));
	const char *item_id = text_of(line, "item_id");
	struct db_res *res = NULL;
	struct fefo_lot *lots = NULL;
	struct fefo_pick *picks = NULL;
	char today[11];
	org_today(today);
	int rc = store_dlv_centre_lots(db, centre_id, item_id, &res);
	if (rc < 0)
		return rc;
	size_t n = db_res_rows(res);
	lots = calloc(n ? n : 1, sizeof(*lots));   /* freed at out */
	picks = calloc(n ? n : 1, sizeof(*picks)); /* freed at out */
	if (!lots || !picks) {
		rc = DB_HARD;
		goto out;
	}
	long long on_hand = 0;
	for (size_t i = 0; i < n; i++) {
		lots[i].lot_id = db_res_text(res, i, 0);
		lots[i].expiry_date = db_res_text(res, i, 1);
		lots[i].on_hand = db_res_int(res, i, 2);
		lots[i].on_hold = db_res_int(res, i, 3) != 0;
		on_hand += lots[i].on_hand;
	}
	long long short_by = 0;
	int npicks = pharm_fefo(lots, n, quantity, today, picks, n, &short_by);
	if (npicks < 0) {
		char field[64];
		snprintf(field, sizeof(field), "lines.%zu.approved", index);
		const char *unit = text_of(line, "base_unit");
		err_set(err, ERR_RULE, field, "SR-DRG-3",
		        "%s库存不足：批准 %lld %s，可发（未过期、未暂停）%lld %s，短缺 %lld "
		        "%s（账面共 %lld %s），未发出任何药械",
		        text_of(line, "item_name"), quantity, unit, quantity - short_by, unit,
		        short_by, unit, on_hand, unit);
		rc = DB_ABORT;
		goto out;
	}
	for (int k = 0; k < npicks && rc >= 0; k++) {
		const struct fefo_lot *lot = &lots[picks[k].index];
		struct pharm_move m = {.place_id = centre_id,
		                       .lot_id = lot->lot_id,
		                       .quantity = -picks[k].quantity,
		                       .kind = "delivery_out",
		                       .doc_type = "delivery",
		                       .doc_id = t->delivery_id};
		char movement[37], line_id[37];
		rc = pharm_move(db, t->who, &m, movement, err);
		if (rc < 0)
			break;
		db_new_id(line_id);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", line_id, "delivery_id",
		                        t->delivery_id, "lot_id", lot->lot_id, "item_id", item_id,
		                        "shipped", (json_int_t)picks[k].quantity);
		rc = crud_insert(db, &delivery_line_entity, row, NULL, org_by(t->who));
		json_decref(row);
	}
out:
	free(picks);
	free(lots);
	db_res_free(res);
	return rc < 0 ? rc : 0;
}

static int ship_body(struct db *db, void *cls)
{
	struct change_txn *t = cls;
	json_t *before = NULL, *after = NULL, *delivery = NULL, *extra = NULL, *shipped = NULL;
	char today[11], path[512];
	int rc = advance_request(db, t, "approved", "shipped", "配送", &before);
	if (rc < 0)
		goto out;
	rc = store_request_path(db, t->id, path, sizeof(path));
	if (rc <= 0) {
		rc = DB_HARD;
		goto out;
	}
	org_today(today);
	db_new_id(t->delivery_id);
	delivery = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", t->delivery_id, "request_id",
	                     t->id, "centre_id", text_of(before, "centre_id"), "clinic_id",
	                     text_of(before, "clinic_id"), "status", "shipped", "shipped_on",
	                     today);
	extra = json_pack("{s:s}", "path", path);
	rc = crud_insert(db, &delivery_entity, delivery, extra, org_by(t->who));
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(before, "lines"), i, line)
	{
		if (rc < 0)
			break;
		if (json_integer_value(json_object_get(line, "approved")) > 0)
			rc = ship_line(db, t, text_of(before, "centre_id"), line, i, t->err);
	}
	if (rc >= 0)
		after = crud_get_view(db, &stock_request_entity, t->id, pharm_complete_request, t->err);
	if (rc >= 0)
		shipped = crud_get_view(db, &delivery_entity, t->delivery_id, complete_delivery,
		                        t->err);
	if (rc >= 0 && (!after || !shipped))
		rc = DB_HARD;
	if (rc >= 0)
		rc = audit_append(db, t->who, "ship", "stock_request", t->id, before, after);
	if (rc >= 0)
		rc = audit_append(db, t->who, "create", "delivery", t->delivery_id, NULL, shipped);
out:
	json_decref(shipped);
	json_decref(after);
	json_decref(extra);
	json_decref(delivery);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

/* Post what arrived of delivery line LINE (a record of complete_delivery) with RECEIVED
 * and DISCREPANCY: delivery_in at the clinic, and the shortfall back into the centre's
 * store as a reversal of the delivery_out, so that both ledgers balance. */
static int receive_line(struct db *db, const struct change_txn *t, const json_t *delivery,
                        const json_t *line, long long received, const char *discrepancy)
{
	long long shipped = json_integer_value(json_object_get(line, "shipped"));
	const char *lot_id = text_of(line, "lot_id");
	char movement[37], out_id[37];
	int rc = 0;
	if (received > 0) {
		struct pharm_move in = {.place_id = text_of(delivery, "clinic_id"),
		                        .lot_id = lot_id,
		                        .quantity = received,
		                        .kind = "delivery_in",
		                        .doc_type = "delivery",
		                        .doc_id = t->id,
		                        .reason = discrepancy};
		rc = pharm_move(db, t->who, &in, movement, t->err);
	}
	if (rc >= 0 && received < shipped) {
		rc = store_dlv_out_movement(db, t->id, text_of(delivery, "centre_id"), lot_id,
		                            out_id);
		if (rc == 0)
			rc = DB_HARD; /* a delivery line without its movement: a defect */
		char reason[600];
		snprintf(reason, sizeof(reason), "配送短少 %lld：%s", shipped - received,
		         discrepancy ? discrepancy : "");
		struct pharm_move back = {.place_id = text_of(delivery, "centre_id"),
		                          .lot_id = lot_id,
		                          .quantity = shipped - received,
		                          .kind = "reversal",
		                          .doc_type = "delivery",
		                          .doc_id = t->id,
		                          .reason = reason,
		                          .reverses_id = out_id};
		if (rc >= 0)
			rc = pharm_move(db, t->who, &back, movement, t->err);
	}
	if (rc >= 0)
		rc = store_delivery_line_receive(db, text_of(line, "id"), received, discrepancy,
		                                 org_by(t->who));
	return rc < 0 ? rc : 0;
}

static int receive_body(struct db *db, void *cls)
{
	struct change_txn *t = cls;
	const json_t *body_lines = json_object_get(t->body, "lines");
	json_t *before = NULL, *after = NULL, *changes = NULL, *counts = NULL;
	char today[11];
	int rc;
	before = crud_get_view(db, &delivery_entity, t->id, complete_delivery, t->err);
	if (!before) {
		rc = t->err->code == ERR_NOT_FOUND ? DB_ABORT : DB_HARD;
		goto out;
	}
	rc = store_delivery_advance(db, t->id, "shipped", "received", org_by(t->who));
	if (rc == 0) {
		json_t *now = NULL;
		rc = crud_get(db, &delivery_entity, "id", t->id, &now);
		if (rc >= 0) {
			const char *on = text_of(now, "received_on");
			err_set(t->err, ERR_CONFLICT, "status", NULL,
			        "该配送单已于 %s 由 %s 确认收货，不能重复确认", on ? on : "",
			        text_of(now, "received_by") ? text_of(now, "received_by") : "");
			rc = DB_ABORT;
		}
		json_decref(now);
	}
	if (rc < 0)
		goto out;
	/* What each line received: as shipped unless the body says otherwise. A difference
	 * must be explained (SR-DRG-3: the books say what really happened). */
	const json_t *lines = json_object_get(before, "lines");
	counts = json_object();
	size_t i;
	json_t *line;
	for (i = 0; i < json_array_size(body_lines) && rc >= 0; i++) {
		json_t *target = NULL, *in = json_array_get(body_lines, i);
		rc = body_line_target(body_lines, i, lines, "配送单", &target, t->err);
		if (rc < 0)
			break;
		long long shipped = json_integer_value(json_object_get(target, "shipped"));
		long long received = json_integer_value(json_object_get(in, "received"));
		const char *why = text_of(in, "discrepancy");
		const char *unit = text_of(target, "base_unit");
		char field[64];
		if (received > shipped) {
			snprintf(field, sizeof(field), "lines.%zu.received", i);
			err_set(t->err, ERR_INVALID, field, NULL,
			        "第 %zu 行：%s（批号 %s）实收 %lld %s，多于发出的 %lld %s", i + 1,
			        text_of(target, "item_name"), text_of(target, "lot_no"), received,
			        unit, shipped, unit);
			rc = DB_ABORT;
		} else if (received != shipped && (!why || !why[0])) {
			snprintf(field, sizeof(field), "lines.%zu.discrepancy", i);
			err_set(t->err, ERR_RULE, field, "SR-DRG-3",
			        "第 %zu 行：%s（批号 %s）发出 %lld %s，实收 %lld %s，须填写差异说明",
			        i + 1, text_of(target, "item_name"), text_of(target, "lot_no"),
			        shipped, unit, received, unit);
			rc = DB_ABORT;
		}
		if (rc >= 0)
			json_object_set_new(counts, text_of(target, "id"),
			                    json_pack("{s:I, s:s?}", "received", (json_int_t)received,
			                              "discrepancy", why && why[0] ? why : NULL));
	}
	json_array_foreach(lines, i, line)
	{
		if (rc < 0)
			break;
		json_t *count = json_object_get(counts, text_of(line, "id"));
		long long received = count ? json_integer_value(json_object_get(count, "received"))
		                           : json_integer_value(json_object_get(line, "shipped"));
		rc = receive_line(db, t, before, line, received,
		                  count ? text_of(count, "discrepancy") : NULL);
	}
	if (rc < 0)
		goto out;
	org_today(today);
	changes = json_pack("{s:s, s:s}", "received_on", today, "received_by", org_by(t->who));
	rc = crud_update(db, &delivery_entity, "id", t->id, changes, org_by(t->who));
	if (rc >= 0 && text_of(before, "request_id"))
		rc = store_request_advance(db, text_of(before, "request_id"), "shipped", "received",
		                           org_by(t->who));
	if (rc >= 0)
		after = crud_get_view(db, &delivery_entity, t->id, complete_delivery, t->err);
	if (rc >= 0)
		rc = after ? audit_append(db, t->who, "receive", "delivery", t->id, before, after)
		           : DB_HARD;
out:
	json_decref(counts);
	json_decref(changes);
	json_decref(after);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

enum MHD_Result pharm_h_deliveries_list(struct req *r)
{
	return pharm_reply_list(r, &delivery_entity, store_deliveries_list);
}

enum MHD_Result pharm_h_delivery_get(struct req *r)
{
	return pharm_reply_record(r, MHD_HTTP_OK, &delivery_entity, req_param(r, "id"),
	                          complete_delivery);
}

/* Run FN on request or delivery {id} of R with R's body checked against BODY and its
 * lines against LINE. */
static int run_change(struct req *r, const struct entity *body, const struct entity *line,
                      bool lines_required, db_txn_fn fn, const char *what,
                      struct change_txn *t, struct app_error *err)
{
	if (ent_validate(body, r->json, ENT_CREATE, err) != 0 ||
	    pharm_check_lines(line, json_object_get(r->json, "lines"), lines_required, err) != 0)
		return -1;
	*t = (struct change_txn){
	    .who = &r->who, .id = req_param(r, "id"), .body = r->json, .err = err};
	int rc = db_run_transaction(r->db, what, fn, t);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

enum MHD_Result pharm_h_request_decide(struct req *r)
{
	struct app_error err;
	struct change_txn t;
	if (run_change(r, &decision_entity, &decision_line_entity, false, decide_body,
	               "stock request decision", &t, &err) != 0)
		return reply_error(r, &err);
	return pharm_reply_record(r, MHD_HTTP_OK, &stock_request_entity, t.id,
	                          pharm_complete_request);
}

enum MHD_Result pharm_h_request_ship(struct req *r)
{
	struct app_error err;
	struct change_txn t;
	/* The body, if any, is empty: what ships is what was approved. */
	static const struct entity empty = {.name = "stock_request_ship", .label = "配送"};
	if (run_change(r, &empty, &empty, false, ship_body, "stock request ship",
	               &t, &err) != 0)
		return reply_error(r, &err);
	return pharm_reply_record(r, MHD_HTTP_CREATED, &delivery_entity, t.delivery_id,
	                          complete_delivery);
}

enum MHD_Result pharm_h_delivery_receive(struct req *r)
{
	struct app_error err;
	struct change_txn t;
	if (run_change(r, &receipt_entity, &receipt_line_entity, false, receive_body,
	               "delivery receipt", &t, &err) != 0)
		return reply_error(r, &err);
	return pharm_reply_record(r, MHD_HTTP_OK, &delivery_entity, t.id, complete_delivery);
}
