/* SPDX-License-Identifier: MIT */
/* The drugs and devices area's storage: every SQL statement of pharmacy/ is in the
 * store_*.c files, one per part, declared here in sections. Functions return a db_status
 * or a row count; result sets are new and freed by the caller with db_res_free. */
#ifndef YTH_PHARMACY_STORE_H
#define YTH_PHARMACY_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "db/db.h"

/* ---- ledger, stock and dispensing (store_ledger.c) ---- */

/* What stock records are read from (stock_entity's .view): stock joined with its lot, item
 * and place. */
extern const char store_stock_view[];

/* A lot as the ledger and dispensing need it. */
struct store_lot {
	char id[37], item_id[37], lot_no[64], expiry_date[11];
	long long unit_cost_fen;
	bool on_hold;
};

/* An item as dispensing needs it. */
struct store_item {
	char generic_name[128], base_unit[32];
	bool infusion;
};

/* Institution PLACE_ID: its kind into KIND and its path into PATH (LEN). DB_ONE / DB_NONE. */
int store_ledger_place(struct db *db, const char *place_id, char kind[16], char *path,
		       size_t len);
/* Lot LOT_ID into OUT. DB_ONE / DB_NONE. */
int store_ledger_lot(struct db *db, const char *lot_id, struct store_lot *out);
/* Add QUANTITY (negative) to the place's stock of the lot unless it would go below zero.
 * Returns rows changed: 0 when short (or no row), 1 when taken. */
int store_stock_take(struct db *db, const char *place_id, const char *lot_id,
		     long long quantity, const char *now, const char *by);
/* Add QUANTITY (positive) to the place's stock of the lot, making the row if there is none. */
int store_stock_add(struct db *db, const char *place_id, const char *lot_id,
		    const char *item_id, long long quantity, const char *path, const char *now,
		    const char *by);
/* The place's quantity of the lot into *QUANTITY (0 without a row). DB_ONE / DB_NONE. */
int store_stock_on_hand(struct db *db, const char *place_id, const char *lot_id,
			long long *quantity);
/* One movement row; the item and unit cost come from LOT. */
int store_movement_insert(struct db *db, const char *id, const char *place_id,
			  const struct store_lot *lot, const char *kind, long long quantity,
			  const char *doc_type, const char *doc_id, const char *reason,
			  const char *reverses_id, const char *path, const char *now,
			  const char *by);
/* How many movements reverse movement ID. */
int store_movement_reversals(struct db *db, const char *id, long long *count);
/* Movement ID as a record of movement_entity (*OUT new). DB_ONE / DB_NONE. */
int store_movement_get(struct db *db, const char *id, json_t **out);
/* The place of movement ID. DB_ONE / DB_NONE. */
int store_movement_place(struct db *db, const char *id, char place_id[37]);
/* A page of stock records for L: of PLACE_ID, or (PLACE_ID NULL) every place in SCOPE. */
int store_stock_list(struct db *db, const char *scope, const char *place_id,
		     const struct ent_list *l, json_t **items, bool *more);
/* Up to LIMIT movements of PLACE_ID, newest first, older than movement id BEFORE (NULL: from
 * the newest), optionally only of LOT_ID, ITEM_ID, KIND (NULL: any). *ITEMS new array. */
int store_place_movements(struct db *db, const char *place_id, const char *lot_id,
			  const char *item_id, const char *kind, const char *before,
			  long long limit, json_t **items, bool *more);
/* Item ITEM_ID into OUT. DB_ONE / DB_NONE. */
int store_dispense_item(struct db *db, const char *item_id, struct store_item *out);
/* Rows (lot_id, expiry_date, quantity, on_hold) of the lots of ITEM_ID on hand at PLACE_ID. */
int store_dispense_lots(struct db *db, const char *place_id, const char *item_id,
			struct db_res **res);
/* The lines of dispense DISPENSE_ID with item and lot names, as records of LINE_ENTITY. */
int store_dispense_lines(struct db *db, const struct entity *line_entity,
			 const char *dispense_id, json_t **items);
/* A page of dispenses in SCOPE for L. */
int store_dispenses_list(struct db *db, const char *scope, const struct ent_list *l,
			 json_t **items, bool *more);

/* ---- catalogue, purchases and lots (store_items.c) ---- */

/* What item, purchase order and lot records are read from (the .view of their entities):
 * subqueries adding the names shown beside the ids (centre_name, item_name...). */
extern const char store_order_view[];
extern const char store_lot_view[];

/* Institution ID: kind into KIND, path into PATH (LEN), county_code into COUNTY. DB_ONE /
 * DB_NONE. */
int store_items_institution(struct db *db, const char *id, char kind[16], char *path,
			    size_t len, char county[16]);
/* Level of division CODE ("county", "village"...) into LEVEL. DB_ONE / DB_NONE. */
int store_items_division_level(struct db *db, const char *code, char level[16]);
/* The path of the bureau of the county item ID belongs to ("/" when the county has no
 * bureau yet: only an administrator reaches it). DB_ONE / DB_NONE. */
int store_item_scope(struct db *db, const char *id, char *path, size_t len);
/* The id of another item of COUNTY with the same approval number, strength and package
 * (the catalogue's unique key) than EXCEPT_ID (may be NULL) into ID. DB_ONE / DB_NONE. */
int store_item_duplicate(struct db *db, const char *county, const char *approval_no,
			 const char *strength, long long units_per_package, const char *except_id,
			 char id[37]);
/* A page of items for list L (item_entity E): those of the counties with an institution in
 * SCOPE ("/" = every county), whose generic name contains NAME_PART unless it is NULL.
 * *ITEMS: new array. Returns the count or a negative db_status. */
int store_items_list(struct db *db, const struct entity *e, const char *scope,
		     const char *name_part, const struct ent_list *l, json_t **items, bool *more);
/* One item as an order needs it: county_code, active, generic_name. */
int store_item_brief(struct db *db, const char *id, struct db_res **res);

/* Path of purchase order ID. DB_ONE / DB_NONE. */
int store_order_scope(struct db *db, const char *id, char *path, size_t len);
/* A page of the purchase orders of SCOPE for list L (purchase_order_entity E). */
int store_orders_list(struct db *db, const struct entity *e, const char *scope,
		      const struct ent_list *l, json_t **items, bool *more);
/* Add line ID of ORDER_ID. Returns rows written or a negative db_status. */
int store_order_line_insert(struct db *db, const char *id, const char *order_id,
			    const char *item_id, long long quantity, long long unit_price_fen,
			    const char *by);
/* The lines of the orders IDS (N ≤ 500) in order of creation: order_id, id, item_id,
 * generic_name, strength, base_unit, quantity, unit_price_fen, received. */
int store_order_lines(struct db *db, const char *const *ids, size_t n, struct db_res **res);
/* Status of order ID into STATUS, and its centre into CENTRE_ID. DB_ONE / DB_NONE. */
int store_order_head(struct db *db, const char *id, char status[16], char centre_id[37]);
/* Line LINE_ID of ORDER_ID: item_id, quantity, received. */
int store_order_line(struct db *db, const char *order_id, const char *line_id,
		     struct db_res **res);
/* Receive QUANTITY more of line LINE_ID, unless that would pass what was ordered (checked
 * in the statement, so that two receipts at once cannot pass it). Returns rows changed: 0
 * when refused. */
int store_order_line_receive(struct db *db, const char *line_id, long long quantity,
			     const char *by);
/* How many lines of ORDER_ID are not yet fully received, or a negative db_status. */
int store_order_open_lines(struct db *db, const char *order_id);
/* Set order ID's status. Returns rows changed. */
int store_order_set_status(struct db *db, const char *id, const char *status, const char *by);

/* The lot of CENTRE_ID, ITEM_ID, LOT_NO at UNIT_COST_FEN: created with ID and EXPIRY unless
 * present. Its id into LOT_ID and its expiry date into LOT_EXPIRY. Returns DB_ONE or a
 * negative db_status. */
int store_lot_put(struct db *db, const char *id, const char *centre_id, const char *item_id,
		  const char *lot_no, const char *expiry, long long unit_cost_fen, const char *by,
		  char lot_id[37], char lot_expiry[11]);
/* Path of the centre of lot ID. DB_ONE / DB_NONE. */
int store_lot_scope(struct db *db, const char *id, char *path, size_t len);
/* Put lot ID on hold (REASON) or take it off. Returns rows changed. */
int store_lot_hold(struct db *db, const char *id, bool on_hold, const char *reason,
		   const char *by);

/* ---- requests, deliveries, returns and disposals (store_delivery.c) ---- */

/* One institution: id, kind, name, parent_id, path, county_code, status. */
int store_dlv_institution(struct db *db, const char *id, struct db_res **res);
/* Take CLINIC_ID's row lock for the rest of the transaction, so that two requests of one
 * clinic are judged against the share one after the other (LB-DRG-1) on PostgreSQL too
 * (SQLite's BEGIN IMMEDIATE already does). Returns rows locked (0 or 1). */
int store_dlv_clinic_lock(struct db *db, const char *clinic_id);
/* One item: id, generic_name, strength, base_unit, essential, active, county_code. */
int store_dlv_item(struct db *db, const char *id, struct db_res **res);
/* The distinct items CLINIC_ID holds (stock on hand) or has asked for in a request still
 * under way (requested, approved, shipped; lines not cut to 0): id, essential (LB-DRG-1). */
int store_dlv_clinic_items(struct db *db, const char *clinic_id, struct db_res **res);
/* The names of CLINIC_ID and CENTRE_ID (one row, or none if either is missing). */
int store_dlv_names(struct db *db, const char *clinic_id, const char *centre_id,
		    struct db_res **res);
/* The lines of request REQUEST_ID: id, item_id, generic_name, strength, base_unit,
 * essential, requested, approved (NULL until decided). */
int store_request_lines(struct db *db, const char *request_id, struct db_res **res);
/* The lines of delivery DELIVERY_ID: id, lot_id, lot_no, expiry_date, unit_cost_fen,
 * item_id, generic_name, strength, base_unit, shipped, received (NULL), discrepancy (NULL). */
int store_delivery_lines(struct db *db, const char *delivery_id, struct db_res **res);
/* Move request / delivery ID from status FROM to TO. Returns rows changed: 0 when it is
 * not in FROM (the row stays locked until the transaction ends, so of two at once the
 * second waits, then finds 0). */
int store_request_advance(struct db *db, const char *id, const char *from, const char *to,
			  const char *by);
int store_delivery_advance(struct db *db, const char *id, const char *from, const char *to,
			   const char *by);
/* Record the APPROVED quantity of request line LINE_ID. Rows changed. */
int store_request_line_approve(struct db *db, const char *line_id, long long approved,
			       const char *by);
/* Record what arrived of delivery line LINE_ID and the DISCREPANCY (may be NULL). */
int store_delivery_line_receive(struct db *db, const char *line_id, long long received,
				const char *discrepancy, const char *by);
/* The lots of ITEM_ID on hand at CENTRE_ID, earliest expiry first: lot_id, expiry_date,
 * quantity, on_hold. */
int store_dlv_centre_lots(struct db *db, const char *centre_id, const char *item_id,
			  struct db_res **res);
/* The delivery_out movement of LOT_ID at PLACE_ID for delivery DELIVERY_ID into ID.
 * DB_ONE / DB_NONE. */
int store_dlv_out_movement(struct db *db, const char *delivery_id, const char *place_id,
			   const char *lot_id, char id[37]);
/* One lot: id, lot_no, expiry_date, item_id, centre_id, generic_name, base_unit. */
int store_dlv_lot(struct db *db, const char *lot_id, struct db_res **res);
/* The movements of document DOC_TYPE / DOC_ID in order: id, place_id, kind, lot_id,
 * lot_no, expiry_date, item_id, generic_name, base_unit, quantity, unit_cost_fen, reason. */
int store_dlv_doc_movements(struct db *db, const char *doc_type, const char *doc_id,
			    struct db_res **res);
/* Path of request / delivery ID (the clinic's). DB_ONE / DB_NONE. */
int store_request_path(struct db *db, const char *id, char *path, size_t len);
int store_delivery_path(struct db *db, const char *id, char *path, size_t len);
/* A page of the requests / deliveries in SCOPE for list L. *ITEMS: new array. */
int store_requests_list(struct db *db, const char *scope, const struct ent_list *l,
			json_t **items, bool *more);
int store_deliveries_list(struct db *db, const char *scope, const struct ent_list *l,
			  json_t **items, bool *more);

/* ---- stocktakes, minimum stock, adverse events and monitors (store_watch.c) ---- */

/* Institution ID (0 or 1 row): id, kind, name, path, county_code, division_code, status. */
int store_watch_place(struct db *db, const char *id, struct db_res **res);
/* Item ID (0 or 1 row): id, county_code, generic_name, base_unit. */
int store_watch_item(struct db *db, const char *id, struct db_res **res);
/* Lot ID (0 or 1 row): id, item_id, lot_no, on_hold. */
int store_watch_lot(struct db *db, const char *id, struct db_res **res);

/* What stocktake, minimum-stock and adverse-event records are read from (the .view of
 * their entities): the table with the names the API shows beside the ids. */
extern const char store_stocktakes_view[];
extern const char store_min_stock_view[];
extern const char store_adverse_view[];

/* The lots on hand at PLACE_ID (quantity > 0): lot_id, item_id, quantity. */
int store_watch_place_stock(struct db *db, const char *place_id, struct db_res **res);
/* How many stocktakes of PLACE_ID are open, or a negative db_status. */
int store_stocktake_open_count(struct db *db, const char *place_id);
/* One line of stocktake STOCKTAKE_ID: the BOOK quantity of LOT_ID (ID new). Rows written. */
int store_stocktake_line_insert(struct db *db, const char *id, const char *stocktake_id,
				const char *lot_id, const char *item_id, long long book,
				const char *by);
/* The lines of stocktake ID by item name, expiry and lot: lot_id, item_id, item name,
 * base_unit, lot_no, expiry_date, unit_cost_fen, book, counted (NULL until counted),
 * reason, the place's stock of the lot now (0 if none). */
int store_stocktake_lines(struct db *db, const char *id, struct db_res **res);
/* Record COUNTED and REASON (may be NULL) on the line of LOT_ID. Rows changed. */
int store_stocktake_count(struct db *db, const char *id, const char *lot_id, long long counted,
			  const char *reason, const char *by);
/* Mark stocktake ID posted if it is open; rows changed (0: posted already or absent). The
 * row stays locked until the transaction ends, so a second posting waits and finds 0. */
int store_stocktake_close(struct db *db, const char *id, const char *by);
/* Mark stocktake ID as changed (a row lock while counts are written). Rows changed. */
int store_stocktake_touch(struct db *db, const char *id, const char *by);
/* Path of stocktake ID into PATH. DB_ONE / DB_NONE. */
int store_stocktake_scope(struct db *db, const char *id, char *path, size_t len);
/* A page of the stocktakes in SCOPE for list L (E: stocktake_entity). *ITEMS: new array. */
int store_stocktakes_list(struct db *db, const struct entity *e, const char *scope,
			  const struct ent_list *l, json_t **items, bool *more);

/* Set the minimum stock of ITEM_ID at PLACE_ID (PATH: the place's), replacing any. */
int store_min_stock_put(struct db *db, const char *place_id, const char *item_id,
			long long minimum, const char *path, const char *by);
/* The minimum of ITEM_ID at PLACE_ID as a record of E (*OUT new, or NULL). DB_ONE/NONE. */
int store_min_stock_get(struct db *db, const struct entity *e, const char *place_id,
			const char *item_id, json_t **out);
/* A page of PLACE_ID's minimums for list L (E: min_stock_entity). *ITEMS: new array. */
int store_min_stock_list(struct db *db, const struct entity *e, const char *place_id,
			 const struct ent_list *l, json_t **items, bool *more);


/* Monitors. Each is limited to the places of the institution subtree SCOPE.
 * Lots on hand: place id, place name, county_code, division_code, item name, lot_no,
 * expiry_date, quantity, base_unit. */
int store_watch_stock(struct db *db, const char *scope, struct db_res **res);
/* Minimums: place id, place name, county_code, division_code, item name, base_unit,
 * minimum, stock on hand of lots not expired on TODAY. */
int store_watch_minimums(struct db *db, const char *scope, const char *today,
			 struct db_res **res);
/* Places with stock on hand: id, name, county_code, division_code, the date of their last
 * posted stocktake (NULL if none), the time of their first movement. */
int store_watch_counts(struct db *db, const char *scope, struct db_res **res);
/* Stocktakes posted on or after SINCE with variances: id, place id, place name,
 * county_code, division_code, counted_on, lines with a variance, their value at cost (fen). */
int store_watch_variances(struct db *db, const char *scope, const char *since,
			  struct db_res **res);
/* Adverse-event reports made on or after SINCE: id, clinic id, clinic name, county_code,
 * division_code, item name, lot_no (NULL), seriousness, reaction, occurred_on. */
int store_watch_adverse(struct db *db, const char *scope, const char *since,
			struct db_res **res);
/* Stock requests still waiting, made before BEFORE: id, centre id, centre name,
 * county_code, division_code, clinic name, created_at. */
int store_watch_requests(struct db *db, const char *scope, const char *before,
			 struct db_res **res);
/* Open clinics and centres with their county's name: id, name, kind, county_code, county
 * name, division_code. */
int store_watch_places(struct db *db, const char *scope, struct db_res **res);

/* ---- demo (store_demo.c) ---- */

/* The demo's rows that are not the ledger's: an item of COUNTY (returns its id in ID), a
 * purchase order of CENTRE with one line per lot, a lot, a delivery note, a minimum. */
int store_demo_item(struct db *db, const char *id, const char *county, const char *kind,
		    const char *name, const char *form, const char *strength,
		    const char *package_unit, const char *base_unit, long long per_package,
		    const char *approval_no, bool essential, bool infusion, const char *now);
int store_demo_order(struct db *db, const char *id, const char *centre, const char *path,
		     const char *ordered_on, const char *now);
int store_demo_order_line(struct db *db, const char *id, const char *order_id,
			  const char *item_id, long long quantity, long long price,
			  const char *now);
int store_demo_lot(struct db *db, const char *id, const char *item_id, const char *centre,
		   const char *lot_no, const char *expiry, long long cost, const char *now);
int store_demo_delivery(struct db *db, const char *id, const char *centre, const char *clinic,
			const char *path, const char *shipped_on, const char *now);
int store_demo_delivery_line(struct db *db, const char *id, const char *delivery_id,
			     const char *lot_id, const char *item_id, long long quantity,
			     const char *now);
int store_demo_minimum(struct db *db, const char *place, const char *item_id, long long minimum,
		       const char *path, const char *now);
/* id, path, county_code, parent_id, division_code of the open institutions of KIND
 * ("clinic" or "centre"), by division code. */
int store_demo_places(struct db *db, const char *kind, struct db_res **res);

#endif
