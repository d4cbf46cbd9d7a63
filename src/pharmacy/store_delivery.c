/* SPDX-License-Identifier: MIT */
/* This file contains every SQL statement of stock requests, deliveries, returns and
 * disposals of the drugs and devices area (see store.h, section "requests, deliveries,
 * returns and disposals"). Stock itself changes only through pharm_move (ledger.c). */
#include <stdio.h>
#include <string.h>

#include "db/crud.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

int store_dlv_institution(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT id, kind, name, parent_id, path, county_code, status FROM "
	               "institutions WHERE id = $1",
	               DB_PARAMS(DB_TEXT(id)), res);
}

int store_dlv_clinic_lock(struct db *db, const char *clinic_id)
{
	/* A write that changes nothing: PostgreSQL holds the row lock until the end of the
	 * transaction, and a second request for the clinic waits, then counts what the first
	 * committed. */
	return db_exec(db, "UPDATE institutions SET updated_at = updated_at WHERE id = $1",
	               DB_PARAMS(DB_TEXT(clinic_id)), NULL);
}

int store_dlv_item(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT id, generic_name, strength, base_unit, essential, active, "
	               "county_code FROM items WHERE id = $1",
	               DB_PARAMS(DB_TEXT(id)), res);
}

int store_dlv_clinic_items(struct db *db, const char *clinic_id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT i.id, i.essential FROM items i WHERE i.id IN ("
	               "SELECT item_id FROM stock WHERE place_id = $1 AND quantity > 0 "
	               "UNION SELECT l.item_id FROM stock_request_lines l "
	               "JOIN stock_requests r ON r.id = l.request_id WHERE r.clinic_id = $1 "
	               "AND r.status IN ('requested', 'approved', 'shipped') "
	               "AND (l.approved IS NULL OR l.approved > 0))",
	               DB_PARAMS(DB_TEXT(clinic_id)), res);
}

int store_dlv_names(struct db *db, const char *clinic_id, const char *centre_id,
                    struct db_res **res)
{
	return db_exec(db,
	               "SELECT c.name, e.name FROM institutions c, institutions e WHERE c.id = $1 "
	               "AND e.id = $2",
	               DB_PARAMS(DB_TEXT(clinic_id), DB_TEXT(centre_id)), res);
}

int store_request_lines(struct db *db, const char *request_id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT l.id, l.item_id, i.generic_name, i.strength, i.base_unit, "
	               "i.essential, l.requested, l.approved FROM stock_request_lines l "
	               "JOIN items i ON i.id = l.item_id WHERE l.request_id = $1 "
	               "ORDER BY l.id",
	               DB_PARAMS(DB_TEXT(request_id)), res);
}

int store_delivery_lines(struct db *db, const char *delivery_id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT d.id, d.lot_id, lo.lot_no, lo.expiry_date, lo.unit_cost_fen, "
	               "d.item_id, i.generic_name, i.strength, i.base_unit, d.shipped, "
	               "d.received, d.discrepancy FROM delivery_lines d "
	               "JOIN lots lo ON lo.id = d.lot_id JOIN items i ON i.id = d.item_id "
	               "WHERE d.delivery_id = $1 ORDER BY i.generic_name, lo.expiry_date, d.id",
	               DB_PARAMS(DB_TEXT(delivery_id)), res);
}

int store_request_advance(struct db *db, const char *id, const char *from, const char *to,
                          const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
	               "UPDATE stock_requests SET status = $3, updated_at = $4, updated_by = $5 "
	               "WHERE id = $1 AND status = $2",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(from), DB_TEXT(to), DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int store_delivery_advance(struct db *db, const char *id, const char *from, const char *to,
                           const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
	               "UPDATE deliveries SET status = $3, updated_at = $4, updated_by = $5 "
	               "WHERE id = $1 AND status = $2",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(from), DB_TEXT(to), DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int store_request_line_approve(struct db *db, const char *line_id, long long approved,
                               const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
	               "UPDATE stock_request_lines SET approved = $2, updated_at = $3, "
	               "updated_by = $4 WHERE id = $1",
	               DB_PARAMS(DB_TEXT(line_id), DB_INT(approved), DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int store_delivery_line_receive(struct db *db, const char *line_id, long long received,
                                const char *discrepancy, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
	               "UPDATE delivery_lines SET received = $2, discrepancy = $3, "
	               "updated_at = $4, updated_by = $5 WHERE id = $1",
	               DB_PARAMS(DB_TEXT(line_id), DB_INT(received), DB_TEXT(discrepancy),
	                         DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int store_dlv_centre_lots(struct db *db, const char *centre_id, const char *item_id,
                          struct db_res **res)
{
	return db_exec(db,
	               "SELECT s.lot_id, lo.expiry_date, s.quantity, lo.on_hold FROM stock s "
	               "JOIN lots lo ON lo.id = s.lot_id WHERE s.place_id = $1 AND "
	               "s.item_id = $2 AND s.quantity > 0 ORDER BY lo.expiry_date, s.lot_id",
	               DB_PARAMS(DB_TEXT(centre_id), DB_TEXT(item_id)), res);
}

int store_dlv_out_movement(struct db *db, const char *delivery_id, const char *place_id,
                           const char *lot_id, char id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
	                 "SELECT id FROM movements WHERE doc_type = 'delivery' AND doc_id = $1 "
	                 "AND place_id = $2 AND lot_id = $3 AND kind = 'delivery_out' "
	                 "ORDER BY id",
	                 DB_PARAMS(DB_TEXT(delivery_id), DB_TEXT(place_id), DB_TEXT(lot_id)),
	                 &res);
	if (rc > 0) {
		snprintf(id, 37, "%s", db_res_text(res, 0, 0));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int store_dlv_lot(struct db *db, const char *lot_id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT lo.id, lo.lot_no, lo.expiry_date, lo.item_id, lo.centre_id, "
	               "i.generic_name, i.base_unit FROM lots lo JOIN items i ON "
	               "i.id = lo.item_id WHERE lo.id = $1",
	               DB_PARAMS(DB_TEXT(lot_id)), res);
}

int store_dlv_doc_movements(struct db *db, const char *doc_type, const char *doc_id,
                            struct db_res **res)
{
	return db_exec(db,
	               "SELECT m.id, m.place_id, m.kind, m.lot_id, lo.lot_no, lo.expiry_date, "
	               "m.item_id, i.generic_name, i.base_unit, m.quantity, m.unit_cost_fen, "
	               "m.reason FROM movements m JOIN lots lo ON lo.id = m.lot_id "
	               "JOIN items i ON i.id = m.item_id WHERE m.doc_type = $1 AND m.doc_id = $2 "
	               "ORDER BY m.id",
	               DB_PARAMS(DB_TEXT(doc_type), DB_TEXT(doc_id)), res);
}

/* The path of the row ID of a fixed statement SQL (never input). */
static int path_of(struct db *db, const char *sql, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, sql, DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int store_request_path(struct db *db, const char *id, char *path, size_t len)
{
	return path_of(db, "SELECT path FROM stock_requests WHERE id = $1", id, path, len);
}

int store_delivery_path(struct db *db, const char *id, char *path, size_t len)
{
	return path_of(db, "SELECT path FROM deliveries WHERE id = $1", id, path, len);
}

int store_requests_list(struct db *db, const char *scope, const struct ent_list *l,
                        json_t **items, bool *more)
{
	return crud_list(db, &stock_request_entity, "id", l, DB_IN_SUBTREE("path"),
	                 DB_PARAMS(DB_TEXT(scope)), items, more);
}

int store_deliveries_list(struct db *db, const char *scope, const struct ent_list *l,
                          json_t **items, bool *more)
{
	return crud_list(db, &delivery_entity, "id", l, DB_IN_SUBTREE("path"),
	                 DB_PARAMS(DB_TEXT(scope)), items, more);
}
