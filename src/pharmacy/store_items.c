/* SPDX-License-Identifier: MIT */
/* This file contains every SQL statement of the catalogue, the centre's purchase orders and
 * its lots (see store.h, the section of store_items.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "pharmacy/store.h"

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that names come with each
 * row in the same statement on both backends. */
const char store_order_view[] =
	"(SELECT o.id, o.centre_id, c.name AS centre_name, o.supplier, o.platform_order_no, "
	"o.ordered_on, o.status, o.note, o.path, o.created_at, o.updated_at, o.created_by, "
	"o.updated_by FROM purchase_orders o JOIN institutions c ON c.id = o.centre_id) orders_v";
const char store_lot_view[] =
	"(SELECT l.id, l.item_id, it.generic_name AS item_name, it.strength, it.base_unit, "
	"l.lot_no, l.expiry_date, l.unit_cost_fen, l.on_hold, l.hold_reason, l.centre_id, "
	"c.name AS centre_name, c.path, l.created_at, l.updated_at, l.created_by, l.updated_by "
	"FROM lots l JOIN items it ON it.id = l.item_id JOIN institutions c ON c.id = l.centre_id) "
	"lots_v";

/* Copy column COL of the one row of RES into OUT (LEN; "" for NULL). */
static void copy_text(const struct db_res *res, size_t col, char *out, size_t len)
{
	const char *v = db_res_text(res, 0, col);
	snprintf(out, len, "%s", v ? v : "");
}

/* Copy the first column of the one row of RES into OUT (LEN), free RES; DB_ONE/DB_NONE. */
static int first_text(int rc, struct db_res *res, char *out, size_t len)
{
	if (rc > 0)
		copy_text(res, 0, out, len);
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_items_institution(struct db *db, const char *id, char kind[16], char *path,
			    size_t len, char county[16])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT kind, path, county_code FROM institutions WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		copy_text(res, 0, kind, 16);
		snprintf(path, len, "%s", db_res_text(res, 0, 1));
		snprintf(county, 16, "%s", db_res_text(res, 0, 2));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_items_division_level(struct db *db, const char *code, char level[16])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT level FROM divisions WHERE code = $1",
			 DB_PARAMS(DB_TEXT(code)), &res);
	return first_text(rc, res, level, 16);
}

int store_item_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COALESCE((SELECT b.path FROM institutions b WHERE b.kind = 'bureau' "
			 "AND b.county_code = it.county_code ORDER BY b.path LIMIT 1), '/') "
			 "FROM items it WHERE it.id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	return first_text(rc, res, path, len);
}

int store_item_duplicate(struct db *db, const char *county, const char *approval_no,
			 const char *strength, long long units_per_package, const char *except_id,
			 char id[37])
{
	struct db_res *res = NULL;
	/* strength may be absent: NULL matches NULL here, as the import expects, although
	 * the table's UNIQUE lets two NULL strengths through. */
	int rc = db_exec(db,
			 "SELECT id FROM items WHERE county_code = $1 AND approval_no = $2 AND "
			 "COALESCE(strength, '') = COALESCE(CAST($3 AS TEXT), '') AND "
			 "units_per_package = $4 AND id <> COALESCE(CAST($5 AS TEXT), '')",
			 DB_PARAMS(DB_TEXT(county), DB_TEXT(approval_no), DB_TEXT(strength),
				   DB_INT(units_per_package), DB_TEXT(except_id)),
			 &res);
	return first_text(rc, res, id, 37);
}

/* NAME_PART as a LIKE pattern "%...%" with the pattern's own characters escaped. New
 * string, or NULL when out of memory. */
static char *contains_pattern(const char *name_part)
{
	size_t n = strlen(name_part);
	char *p = malloc(2 * n + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (const char *s = name_part; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int store_items_list(struct db *db, const struct entity *e, const char *scope,
		     const char *name_part, const struct ent_list *l, json_t **items, bool *more)
{
	char *pattern = name_part ? contains_pattern(name_part) : NULL;
	if (name_part && !pattern)
		return DB_HARD;
	/* The catalogue belongs to a county: a user sees the catalogues of the counties their
	 * subtree reaches (a centre or a clinic: its own county). */
	const char *in_counties = "county_code IN (SELECT county_code FROM institutions WHERE "
				  DB_IN_SUBTREE("path") ")";
	char where[512];
	snprintf(where, sizeof(where), "%s%s", in_counties,
		 pattern ? " AND generic_name LIKE CAST($2 AS TEXT) ESCAPE '\\'" : "");
	struct db_val params[2] = {DB_TEXT(scope), DB_TEXT(pattern)};
	int rc = crud_list(db, e, "id", l, where, params, pattern ? 2 : 1, items, more);
	free(pattern);
	return rc;
}

int store_item_brief(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db, "SELECT county_code, active, generic_name FROM items WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_order_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT path FROM purchase_orders WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	return first_text(rc, res, path, len);
}

int store_orders_list(struct db *db, const struct entity *e, const char *scope,
		      const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "id", l, DB_IN_SUBTREE("path"), DB_PARAMS(DB_TEXT(scope)), items,
			 more);
}

int store_order_line_insert(struct db *db, const char *id, const char *order_id,
			    const char *item_id, long long quantity, long long unit_price_fen,
			    const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "INSERT INTO purchase_lines (id, order_id, item_id, quantity, unit_price_fen, "
		       "received, created_at, updated_at, created_by, updated_by) "
		       "VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7, $7)",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(order_id), DB_TEXT(item_id), DB_INT(quantity),
				 DB_INT(unit_price_fen), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_order_lines(struct db *db, const char *const *ids, size_t n, struct db_res **res)
{
	/* One statement for a page of orders: "$1, $2, ..." built from N, values bound. */
	struct db_val params[500];
	char sql[512 + 6 * 500];
	*res = NULL;
	if (n == 0 || n > 500)
		return DB_HARD;
	size_t used = (size_t)snprintf(
		sql, sizeof(sql),
		"SELECT l.order_id, l.id, l.item_id, it.generic_name, it.strength, it.base_unit, "
		"l.quantity, l.unit_price_fen, l.received FROM purchase_lines l JOIN items it ON "
		"it.id = l.item_id WHERE l.order_id IN (");
	for (size_t i = 0; i < n; i++) {
		params[i] = DB_TEXT(ids[i]);
		used += (size_t)snprintf(sql + used, sizeof(sql) - used, "%s$%zu", i ? ", " : "",
					 i + 1);
	}
	snprintf(sql + used, sizeof(sql) - used, ") ORDER BY l.order_id, l.created_at, l.id");
	return db_exec(db, sql, params, n, res);
}

int store_order_head(struct db *db, const char *id, char status[16], char centre_id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT status, centre_id FROM purchase_orders WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		copy_text(res, 0, status, 16);
		snprintf(centre_id, 37, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_order_line(struct db *db, const char *order_id, const char *line_id,
		     struct db_res **res)
{
	return db_exec(db,
		       "SELECT item_id, quantity, received, unit_price_fen FROM purchase_lines "
		       "WHERE id = $1 AND order_id = $2",
		       DB_PARAMS(DB_TEXT(line_id), DB_TEXT(order_id)), res);
}

int store_order_line_receive(struct db *db, const char *line_id, long long quantity,
			     const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE purchase_lines SET received = received + $2, updated_at = $3, "
		       "updated_by = $4 WHERE id = $1 AND received + $2 <= quantity",
		       DB_PARAMS(DB_TEXT(line_id), DB_INT(quantity), DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_order_open_lines(struct db *db, const char *order_id)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COUNT(*) FROM purchase_lines WHERE order_id = $1 AND received < "
			 "quantity",
			 DB_PARAMS(DB_TEXT(order_id)), &res);
	if (rc >= 0)
		rc = rc > 0 ? (int)db_res_int(res, 0, 0) : 0;
	db_res_free(res);
	return rc;
}

int store_order_set_status(struct db *db, const char *id, const char *status, const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE purchase_orders SET status = $2, updated_at = $3, updated_by = $4 "
		       "WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(status), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int store_lot_put(struct db *db, const char *id, const char *centre_id, const char *item_id,
		  const char *lot_no, const char *expiry, long long unit_cost_fen, const char *by,
		  char lot_id[37], char lot_expiry[11])
{
	char now[21];
	struct db_res *res = NULL;
	db_now(now);
	/* Insert unless present (a failed INSERT would end a PostgreSQL transaction). */
	int rc = db_exec(db,
			 "INSERT INTO lots (id, item_id, centre_id, lot_no, expiry_date, "
			 "unit_cost_fen, on_hold, created_at, updated_at, created_by, updated_by) "
			 "VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7, $8, $8) ON CONFLICT "
			 "(centre_id, item_id, lot_no, unit_cost_fen) DO NOTHING",
			 DB_PARAMS(DB_TEXT(id), DB_TEXT(item_id), DB_TEXT(centre_id), DB_TEXT(lot_no),
				   DB_TEXT(expiry), DB_INT(unit_cost_fen), DB_TEXT(now), DB_TEXT(by)),
			 NULL);
	if (rc < 0)
		return rc;
	rc = db_exec(db,
		     "SELECT id, expiry_date FROM lots WHERE centre_id = $1 AND item_id = $2 AND "
		     "lot_no = $3 AND unit_cost_fen = $4",
		     DB_PARAMS(DB_TEXT(centre_id), DB_TEXT(item_id), DB_TEXT(lot_no),
			       DB_INT(unit_cost_fen)),
		     &res);
	if (rc > 0) {
		copy_text(res, 0, lot_id, 37);
		snprintf(lot_expiry, 11, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_HARD;
}

int store_lot_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT c.path FROM lots l JOIN institutions c ON c.id = l.centre_id "
			 "WHERE l.id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	return first_text(rc, res, path, len);
}

int store_lot_hold(struct db *db, const char *id, bool on_hold, const char *reason,
		   const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(db,
		       "UPDATE lots SET on_hold = $2, hold_reason = $3, updated_at = $4, "
		       "updated_by = $5 WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id), DB_INT(on_hold ? 1 : 0), DB_TEXT(reason), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}
