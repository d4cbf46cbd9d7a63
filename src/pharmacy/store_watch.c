/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of stocktakes, minimum stock, adverse-event reports and the
 * drugs area's monitors and dashboard (stocktake.c, adverse.c, monitor.c; declared in
 * store.h, section "stocktakes, minimum stock, adverse events and monitors"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "pharmacy/store.h"

/* The place of a monitor's row is in the subtree bound to $1. */
#define PLACE_IN_SCOPE DB_IN_SUBTREE("i.path")

int store_watch_place(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, kind, name, path, county_code, division_code, status FROM "
		       "institutions WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_watch_item(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db, "SELECT id, county_code, generic_name, base_unit FROM items WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_watch_lot(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db, "SELECT id, item_id, lot_no, on_hold FROM lots WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that names come with
 * each row in the same statement on both backends. */
const char store_stocktakes_view[] =
	"(SELECT t.id, t.place_id, i.name AS place_name, t.counted_on, t.status, t.note, t.path, "
	"(SELECT COUNT(*) FROM stocktake_lines l WHERE l.stocktake_id = t.id) AS line_count, "
	"(SELECT COUNT(*) FROM stocktake_lines l WHERE l.stocktake_id = t.id AND l.counted IS NOT "
	"NULL AND l.counted <> l.book) AS variance_count, t.created_at, t.updated_at, "
	"t.created_by, t.updated_by FROM stocktakes t JOIN institutions i ON i.id = t.place_id) "
	"stocktakes_v";

const char store_min_stock_view[] =
	"(SELECT m.place_id, m.item_id, it.generic_name AS item_name, it.base_unit, m.minimum, "
	"COALESCE((SELECT SUM(s.quantity) FROM stock s WHERE s.place_id = m.place_id AND "
	"s.item_id = m.item_id), 0) AS on_hand, m.path, m.created_at, m.updated_at, m.created_by, "
	"m.updated_by FROM min_stock m JOIN items it ON it.id = m.item_id) min_stock_v";

const char store_adverse_view[] =
	"(SELECT a.id, a.clinic_id, i.name AS clinic_name, a.item_id, it.generic_name AS "
	"item_name, a.lot_id, lo.lot_no, COALESCE(lo.on_hold, 0) AS lot_on_hold, a.patient_ref, "
	"a.occurred_on, a.reaction, a.seriousness, a.outcome, a.reporter, a.path, a.created_at, "
	"a.updated_at, a.created_by, a.updated_by FROM adverse_events a JOIN institutions i ON "
	"i.id = a.clinic_id JOIN items it ON it.id = a.item_id LEFT JOIN lots lo ON lo.id = "
	"a.lot_id) adverse_v";

/* ---- stocktakes ---- */

int store_watch_place_stock(struct db *db, const char *place_id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT lot_id, item_id, quantity FROM stock WHERE place_id = $1 AND "
		       "quantity > 0 ORDER BY lot_id",
		       DB_PARAMS(DB_TEXT(place_id)), res);
}

int store_stocktake_open_count(struct db *db, const char *place_id)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COUNT(*) FROM stocktakes WHERE place_id = $1 AND status = 'open'",
			 DB_PARAMS(DB_TEXT(place_id)), &res);
	if (rc > 0)
		rc = (int)db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}

int store_stocktake_line_insert(struct db *db, const char *id, const char *stocktake_id,
				const char *lot_id, const char *item_id, long long book,
				const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO stocktake_lines (id, stocktake_id, lot_id, item_id, book, "
		       "created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, "
		       "$6, $6, $7, $7)",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(stocktake_id), DB_TEXT(lot_id),
				 DB_TEXT(item_id), DB_INT(book), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_stocktake_lines(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT l.lot_id, l.item_id, it.generic_name, it.base_unit, lo.lot_no, "
		       "lo.expiry_date, lo.unit_cost_fen, l.book, l.counted, l.reason, "
		       "COALESCE(s.quantity, 0) FROM stocktake_lines l JOIN stocktakes t ON t.id = "
		       "l.stocktake_id JOIN lots lo ON lo.id = l.lot_id JOIN items it ON it.id = "
		       "l.item_id LEFT JOIN stock s ON s.place_id = t.place_id AND s.lot_id = "
		       "l.lot_id WHERE l.stocktake_id = $1 ORDER BY it.generic_name, "
		       "lo.expiry_date, lo.lot_no, l.lot_id",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_stocktake_count(struct db *db, const char *id, const char *lot_id, long long counted,
			  const char *reason, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE stocktake_lines SET counted = $3, reason = $4, updated_at = $5, "
		       "updated_by = $6 WHERE stocktake_id = $1 AND lot_id = $2",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(lot_id), DB_INT(counted), DB_TEXT(reason),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_stocktake_close(struct db *db, const char *id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE stocktakes SET status = 'posted', updated_at = $2, updated_by = $3 "
		       "WHERE id = $1 AND status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_stocktake_touch(struct db *db, const char *id, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE stocktakes SET updated_at = $2, updated_by = $3 WHERE id = $1 AND "
		       "status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_stocktake_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT path FROM stocktakes WHERE id = $1", DB_PARAMS(DB_TEXT(id)),
			 &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_stocktakes_list(struct db *db, const struct entity *e, const char *scope,
			  const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "id", l, DB_IN_SUBTREE("path"), DB_PARAMS(DB_TEXT(scope)), items,
			 more);
}

/* ---- minimum stock ---- */

int store_min_stock_put(struct db *db, const char *place_id, const char *item_id,
			long long minimum, const char *path, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO min_stock (place_id, item_id, minimum, path, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5, $6, $6) "
		       "ON CONFLICT (place_id, item_id) DO UPDATE SET minimum = excluded.minimum, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		       DB_PARAMS(DB_TEXT(place_id), DB_TEXT(item_id), DB_INT(minimum), DB_TEXT(path),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_min_stock_get(struct db *db, const struct entity *e, const char *place_id,
			const char *item_id, json_t **out)
{
	struct ent_list l = {.e = e, .limit = 1};
	bool more;
	json_t *items = NULL;
	*out = NULL;
	int rc = crud_list(db, e, "item_id", &l, "place_id = $1 AND item_id = $2",
			   DB_PARAMS(DB_TEXT(place_id), DB_TEXT(item_id)), &items, &more);
	if (rc > 0) {
		*out = json_incref(json_array_get(items, 0));
		rc = DB_ONE;
	}
	json_decref(items);
	return rc;
}

int store_min_stock_list(struct db *db, const struct entity *e, const char *place_id,
			 const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "item_id", l, "place_id = $1", DB_PARAMS(DB_TEXT(place_id)),
			 items, more);
}

/* ---- adverse events ---- */

/* ---- monitors and dashboard ---- */

int store_watch_stock(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, it.generic_name, "
		       "lo.lot_no, lo.expiry_date, s.quantity, it.base_unit FROM stock s JOIN "
		       "institutions i ON i.id = s.place_id JOIN lots lo ON lo.id = s.lot_id JOIN "
		       "items it ON it.id = s.item_id WHERE s.quantity > 0 AND " PLACE_IN_SCOPE
		       " ORDER BY i.division_code, i.id, lo.expiry_date, lo.lot_no",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_watch_minimums(struct db *db, const char *scope, const char *today,
			 struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, it.generic_name, "
		       "it.base_unit, m.minimum, COALESCE((SELECT SUM(s.quantity) FROM stock s JOIN "
		       "lots lo ON lo.id = s.lot_id WHERE s.place_id = m.place_id AND s.item_id = "
		       "m.item_id AND lo.expiry_date >= CAST($2 AS TEXT)), 0) FROM min_stock m JOIN "
		       "institutions i ON i.id = m.place_id JOIN items it ON it.id = m.item_id WHERE "
		       "m.minimum > 0 AND " PLACE_IN_SCOPE " ORDER BY i.division_code, i.id, "
		       "it.generic_name",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(today)), res);
}

int store_watch_counts(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, (SELECT "
		       "MAX(t.counted_on) FROM stocktakes t WHERE t.place_id = i.id AND t.status = "
		       "'posted'), (SELECT MIN(mv.created_at) FROM movements mv WHERE mv.place_id = "
		       "i.id) FROM institutions i WHERE EXISTS (SELECT 1 FROM stock s WHERE "
		       "s.place_id = i.id AND s.quantity > 0) AND " PLACE_IN_SCOPE
		       " ORDER BY i.division_code, i.id",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_watch_variances(struct db *db, const char *scope, const char *since,
			  struct db_res **res)
{
	return db_exec(db,
		       "SELECT t.id, i.id, i.name, i.county_code, i.division_code, t.counted_on, "
		       "(SELECT COUNT(*) FROM stocktake_lines l WHERE l.stocktake_id = t.id AND "
		       "l.counted <> l.book), (SELECT COALESCE(SUM((l.counted - l.book) * "
		       "lo.unit_cost_fen), 0) FROM stocktake_lines l JOIN lots lo ON lo.id = "
		       "l.lot_id WHERE l.stocktake_id = t.id AND l.counted <> l.book) FROM "
		       "stocktakes t JOIN institutions i ON i.id = t.place_id WHERE t.status = "
		       "'posted' AND t.updated_at >= CAST($2 AS TEXT) AND " PLACE_IN_SCOPE
		       " AND EXISTS (SELECT 1 FROM stocktake_lines l WHERE l.stocktake_id = t.id "
		       "AND l.counted <> l.book) ORDER BY t.updated_at, t.id",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(since)), res);
}

int store_watch_adverse(struct db *db, const char *scope, const char *since,
			struct db_res **res)
{
	return db_exec(db,
		       "SELECT a.id, i.id, i.name, i.county_code, i.division_code, it.generic_name, "
		       "lo.lot_no, a.seriousness, a.reaction, a.occurred_on FROM adverse_events a "
		       "JOIN institutions i ON i.id = a.clinic_id JOIN items it ON it.id = a.item_id "
		       "LEFT JOIN lots lo ON lo.id = a.lot_id WHERE a.created_at >= CAST($2 AS TEXT) "
		       "AND " PLACE_IN_SCOPE " ORDER BY a.created_at, a.id",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(since)), res);
}

int store_watch_requests(struct db *db, const char *scope, const char *before,
			 struct db_res **res)
{
	return db_exec(db,
		       "SELECT r.id, ce.id, ce.name, ce.county_code, ce.division_code, i.name, "
		       "r.created_at FROM stock_requests r JOIN institutions i ON i.id = r.clinic_id "
		       "JOIN institutions ce ON ce.id = r.centre_id WHERE r.status = 'requested' AND "
		       "r.created_at < CAST($2 AS TEXT) AND " PLACE_IN_SCOPE
		       " ORDER BY r.created_at, r.id",
		       DB_PARAMS(DB_TEXT(scope), DB_TEXT(before)), res);
}

int store_watch_places(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.kind, i.county_code, d.name, i.division_code FROM "
		       "institutions i JOIN divisions d ON d.code = i.county_code WHERE i.kind IN "
		       "('clinic', 'centre') AND i.status = 'open' AND " PLACE_IN_SCOPE
		       " ORDER BY i.county_code, i.division_code, i.kind, i.id",
		       DB_PARAMS(DB_TEXT(scope)), res);
}
