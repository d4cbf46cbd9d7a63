/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the stock ledger (出入库流水), stock per place and lot, and
 * dispensing (发药): every statement ledger.c and dispense.c run, written once for SQLite
 * and PostgreSQL. Result sets are new and freed by the caller with db_res_free. */
#include <stdio.h>
#include <string.h>

#include "db/crud.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

/* A stock record with the lot's and the item's details beside the quantity: the .view of
 * stock_entity (a derived table, so that list filters and sorts apply to the joined
 * columns by their own names). */
const char store_stock_view[] =
	"(SELECT s.place_id, s.lot_id, s.item_id, s.quantity, s.path, s.created_at, "
	"s.updated_at, s.created_by, s.updated_by, p.name AS place_name, l.lot_no, "
	"l.expiry_date, l.unit_cost_fen, s.quantity * l.unit_cost_fen AS value_fen, l.on_hold, "
	"l.hold_reason, i.generic_name, i.brand, i.dosage_form, i.strength, i.base_unit, "
	"i.package_unit, i.units_per_package, i.essential "
	"FROM stock s JOIN lots l ON l.id = s.lot_id JOIN items i ON i.id = s.item_id "
	"JOIN institutions p ON p.id = s.place_id) AS stock_view";

int store_ledger_place(struct db *db, const char *place_id, char kind[16], char *path,
		       size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT kind, path FROM institutions WHERE id = $1",
			 DB_PARAMS(DB_TEXT(place_id)), &res);
	if (rc > 0) {
		snprintf(kind, 16, "%s", db_res_text(res, 0, 0));
		snprintf(path, len, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_ledger_lot(struct db *db, const char *lot_id, struct store_lot *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT item_id, lot_no, expiry_date, unit_cost_fen, on_hold "
			 "FROM lots WHERE id = $1",
			 DB_PARAMS(DB_TEXT(lot_id)), &res);
	if (rc > 0) {
		snprintf(out->id, sizeof(out->id), "%s", lot_id);
		snprintf(out->item_id, sizeof(out->item_id), "%s", db_res_text(res, 0, 0));
		snprintf(out->lot_no, sizeof(out->lot_no), "%s", db_res_text(res, 0, 1));
		snprintf(out->expiry_date, sizeof(out->expiry_date), "%s", db_res_text(res, 0, 2));
		out->unit_cost_fen = db_res_int(res, 0, 3);
		out->on_hold = db_res_int(res, 0, 4) != 0;
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_stock_take(struct db *db, const char *place_id, const char *lot_id,
		     long long quantity, const char *now, const char *by)
{
	/* Conditional: the row lock (PostgreSQL) or the write lock (SQLite) makes the check
	 * and the change one step, so two takers of the last units cannot both succeed. */
	return db_exec(db,
		       "UPDATE stock SET quantity = quantity + $3, updated_at = $4, updated_by = $5 "
		       "WHERE place_id = $1 AND lot_id = $2 AND quantity + $3 >= 0",
		       DB_PARAMS(DB_TEXT(place_id), DB_TEXT(lot_id), DB_INT(quantity),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_stock_add(struct db *db, const char *place_id, const char *lot_id,
		    const char *item_id, long long quantity, const char *path, const char *now,
		    const char *by)
{
	return db_exec(db,
		       "INSERT INTO stock (place_id, lot_id, item_id, quantity, path, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $7) "
		       "ON CONFLICT (place_id, lot_id) DO UPDATE SET "
		       "quantity = stock.quantity + excluded.quantity, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		       DB_PARAMS(DB_TEXT(place_id), DB_TEXT(lot_id), DB_TEXT(item_id),
				 DB_INT(quantity), DB_TEXT(path), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_stock_on_hand(struct db *db, const char *place_id, const char *lot_id,
			long long *quantity)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT quantity FROM stock WHERE place_id = $1 AND lot_id = $2",
			 DB_PARAMS(DB_TEXT(place_id), DB_TEXT(lot_id)), &res);
	*quantity = rc > 0 ? db_res_int(res, 0, 0) : 0;
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_movement_insert(struct db *db, const char *id, const char *place_id,
			  const struct store_lot *lot, const char *kind, long long quantity,
			  const char *doc_type, const char *doc_id, const char *reason,
			  const char *reverses_id, const char *path, const char *now,
			  const char *by)
{
	return db_exec(db,
		       "INSERT INTO movements (id, place_id, lot_id, item_id, kind, quantity, "
		       "unit_cost_fen, doc_type, doc_id, reason, reverses_id, path, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
		       "$9, $10, $11, $12, $13, $13, $14, $14)",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(place_id), DB_TEXT(lot->id),
				 DB_TEXT(lot->item_id), DB_TEXT(kind), DB_INT(quantity),
				 DB_INT(lot->unit_cost_fen), DB_TEXT(doc_type), DB_TEXT(doc_id),
				 DB_TEXT(reason), DB_TEXT(reverses_id), DB_TEXT(path), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

int store_movement_reversals(struct db *db, const char *id, long long *count)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT COUNT(*) FROM movements WHERE reverses_id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	*count = rc > 0 ? db_res_int(res, 0, 0) : 0;
	db_res_free(res);
	return rc < 0 ? rc : DB_ONE;
}

int store_stock_list(struct db *db, const char *scope, const char *place_id,
		     const struct ent_list *l, json_t **items, bool *more)
{
	if (place_id)
		return crud_list(db, &stock_entity, "place_id, lot_id", l,
				 "place_id = $1", DB_PARAMS(DB_TEXT(place_id)), items, more);
	return crud_list(db, &stock_entity, "place_id, lot_id", l, DB_IN_SUBTREE("path"),
			 DB_PARAMS(DB_TEXT(scope)), items, more);
}

#define MOVEMENT_COLS                                                                       \
	"id, place_id, lot_id, item_id, kind, quantity, unit_cost_fen, doc_type, doc_id, "  \
	"reason, reverses_id, created_at, updated_at, created_by, updated_by"

int store_place_movements(struct db *db, const char *place_id, const char *lot_id,
			  const char *item_id, const char *kind, const char *before,
			  long long limit, json_t **items, bool *more)
{
	struct db_res *res = NULL;
	int rc;
	/* Keyset paging on the time-ordered ids: "id < $2" is a range of the (place_id, id) or
	 * (place_id, lot_id, id) index read backwards, so a page costs the same however deep
	 * it lies. "g" sorts after every id (hex digits and hyphens). */
	const char *cursor = before ? before : "g";
	*items = NULL;
	*more = false;
	if (lot_id)
		rc = db_exec(db,
			     "SELECT " MOVEMENT_COLS " FROM movements WHERE place_id = $1 "
			     "AND lot_id = $3 AND id < $2 "
			     "AND (CAST($4 AS TEXT) = '' OR item_id = $4) "
			     "AND (CAST($5 AS TEXT) = '' OR kind = $5) "
			     "ORDER BY place_id DESC, lot_id DESC, id DESC LIMIT $6",
			     DB_PARAMS(DB_TEXT(place_id), DB_TEXT(cursor), DB_TEXT(lot_id),
				       DB_TEXT(item_id ? item_id : ""), DB_TEXT(kind ? kind : ""),
				       DB_INT(limit + 1)),
			     &res);
	else
		rc = db_exec(db,
			     "SELECT " MOVEMENT_COLS " FROM movements WHERE place_id = $1 "
			     "AND id < $2 AND (CAST($3 AS TEXT) = '' OR item_id = $3) "
			     "AND (CAST($4 AS TEXT) = '' OR kind = $4) "
			     "ORDER BY place_id DESC, id DESC LIMIT $5",
			     DB_PARAMS(DB_TEXT(place_id), DB_TEXT(cursor),
				       DB_TEXT(item_id ? item_id : ""), DB_TEXT(kind ? kind : ""),
				       DB_INT(limit + 1)),
			     &res);
	if (rc < 0)
		return rc;
	size_t rows = db_res_rows(res);
	if (rows > (size_t)limit) {
		*more = true;
		rows = (size_t)limit;
	}
	*items = json_array();
	for (size_t i = 0; i < rows && *items; i++)
		json_array_append_new(*items, crud_row(&movement_entity, res, i));
	db_res_free(res);
	return *items ? (int)rows : DB_HARD;
}

int store_movement_get(struct db *db, const char *id, json_t **out)
{
	return crud_get(db, &movement_entity, "id", id, out);
}

int store_movement_place(struct db *db, const char *id, char place_id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT place_id FROM movements WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0)
		snprintf(place_id, 37, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

/* ---- dispensing ---- */

int store_dispense_item(struct db *db, const char *item_id, struct store_item *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT generic_name, base_unit, infusion FROM items WHERE id = $1",
			 DB_PARAMS(DB_TEXT(item_id)), &res);
	if (rc > 0) {
		snprintf(out->generic_name, sizeof(out->generic_name), "%s", db_res_text(res, 0, 0));
		snprintf(out->base_unit, sizeof(out->base_unit), "%s", db_res_text(res, 0, 1));
		out->infusion = db_res_int(res, 0, 2) != 0;
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_dispense_lots(struct db *db, const char *place_id, const char *item_id,
			struct db_res **res)
{
	return db_exec(db,
		       "SELECT s.lot_id, l.expiry_date, s.quantity, l.on_hold FROM stock s "
		       "JOIN lots l ON l.id = s.lot_id "
		       "WHERE s.place_id = $1 AND s.item_id = $2 AND s.quantity > 0",
		       DB_PARAMS(DB_TEXT(place_id), DB_TEXT(item_id)), res);
}

int store_dispense_lines(struct db *db, const struct entity *line_entity,
			 const char *dispense_id, json_t **items)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT d.id, d.item_id, d.lot_id, d.quantity, d.unit_price_fen, "
			 "d.amount_fen, d.indication, d.movement_id, i.generic_name, i.base_unit, "
			 "l.lot_no, l.expiry_date FROM dispense_lines d "
			 "JOIN items i ON i.id = d.item_id JOIN lots l ON l.id = d.lot_id "
			 "WHERE d.dispense_id = $1 ORDER BY d.id",
			 DB_PARAMS(DB_TEXT(dispense_id)), &res);
	*items = NULL;
	if (rc < 0)
		return rc;
	*items = json_array();
	for (size_t i = 0; i < db_res_rows(res) && *items; i++)
		json_array_append_new(*items, crud_row(line_entity, res, i));
	db_res_free(res);
	return *items ? (int)json_array_size(*items) : DB_HARD;
}

int store_dispenses_list(struct db *db, const char *scope, const struct ent_list *l,
			 json_t **items, bool *more)
{
	return crud_list(db, &dispense_entity, "id", l, DB_IN_SUBTREE("path"),
			 DB_PARAMS(DB_TEXT(scope)), items, more);
}
