/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the drugs area's demo data that does not go through the
 * ledger (catalogue rows, order and delivery documents, minimums); every stock change of
 * the demo goes through pharm_move and pharm_dispense. */
#include "pharmacy/store.h"


int store_demo_item(struct db *db, const char *id, const char *county, const char *kind,
		    const char *name, const char *form, const char *strength,
		    const char *package_unit, const char *base_unit, long long per_package,
		    const char *approval_no, bool essential, bool infusion, const char *now)
{
	return db_exec(db,
		       "INSERT INTO items (id, county_code, kind, generic_name, dosage_form, strength, "
		       "package_unit, base_unit, units_per_package, manufacturer, approval_no, "
		       "essential, infusion, category, storage, active, created_at, updated_at, "
		       "created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		       "'演示药业有限公司', $10, $11, $12, '基层常用', '常温', 1, $13, $13, 'demo', "
		       "'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(county), DB_TEXT(kind), DB_TEXT(name),
				 DB_TEXT(form), DB_TEXT(strength), DB_TEXT(package_unit),
				 DB_TEXT(base_unit), DB_INT(per_package), DB_TEXT(approval_no),
				 DB_INT(essential), DB_INT(infusion), DB_TEXT(now)),
		       NULL);
}

int store_demo_order(struct db *db, const char *id, const char *centre, const char *path,
		     const char *ordered_on, const char *now)
{
	return db_exec(db,
		       "INSERT INTO purchase_orders (id, centre_id, supplier, platform_order_no, "
		       "ordered_on, status, path, created_at, updated_at, created_by, updated_by) "
		       "VALUES ($1, $2, '广西医药公司', 'GXYC' || substr($1, 1, 8), $3, 'received', $4, "
		       "$5, $5, 'demo', 'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(centre), DB_TEXT(ordered_on), DB_TEXT(path),
				 DB_TEXT(now)),
		       NULL);
}

int store_demo_order_line(struct db *db, const char *id, const char *order_id,
			  const char *item_id, long long quantity, long long price,
			  const char *now)
{
	return db_exec(db,
		       "INSERT INTO purchase_lines (id, order_id, item_id, quantity, unit_price_fen, "
		       "received, created_at, updated_at, created_by, updated_by) VALUES ($1, $2, "
		       "$3, $4, $5, $4, $6, $6, 'demo', 'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(order_id), DB_TEXT(item_id), DB_INT(quantity),
				 DB_INT(price), DB_TEXT(now)),
		       NULL);
}

int store_demo_lot(struct db *db, const char *id, const char *item_id, const char *centre,
		   const char *lot_no, const char *expiry, long long cost, const char *now)
{
	return db_exec(db,
		       "INSERT INTO lots (id, item_id, centre_id, lot_no, expiry_date, unit_cost_fen, "
		       "on_hold, created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, "
		       "$4, $5, $6, 0, $7, $7, 'demo', 'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(item_id), DB_TEXT(centre), DB_TEXT(lot_no),
				 DB_TEXT(expiry), DB_INT(cost), DB_TEXT(now)),
		       NULL);
}

int store_demo_delivery(struct db *db, const char *id, const char *centre, const char *clinic,
			const char *path, const char *shipped_on, const char *now)
{
	return db_exec(db,
		       "INSERT INTO deliveries (id, centre_id, clinic_id, status, shipped_on, "
		       "received_on, received_by, path, created_at, updated_at, created_by, "
		       "updated_by) VALUES ($1, $2, $3, 'received', $4, $4, 'demo', $5, $6, $6, "
		       "'demo', 'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(centre), DB_TEXT(clinic), DB_TEXT(shipped_on),
				 DB_TEXT(path), DB_TEXT(now)),
		       NULL);
}

int store_demo_delivery_line(struct db *db, const char *id, const char *delivery_id,
			     const char *lot_id, const char *item_id, long long quantity,
			     const char *now)
{
	return db_exec(db,
		       "INSERT INTO delivery_lines (id, delivery_id, lot_id, item_id, shipped, "
		       "received, created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, "
		       "$4, $5, $5, $6, $6, 'demo', 'demo')",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(delivery_id), DB_TEXT(lot_id),
				 DB_TEXT(item_id), DB_INT(quantity), DB_TEXT(now)),
		       NULL);
}

int store_demo_minimum(struct db *db, const char *place, const char *item_id, long long minimum,
		       const char *path, const char *now)
{
	return db_exec(db,
		       "INSERT INTO min_stock (place_id, item_id, minimum, path, created_at, "
		       "updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5, 'demo', "
		       "'demo')",
		       DB_PARAMS(DB_TEXT(place), DB_TEXT(item_id), DB_INT(minimum), DB_TEXT(path),
				 DB_TEXT(now)),
		       NULL);
}

int store_demo_places(struct db *db, const char *kind, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.path, i.county_code, i.parent_id, i.division_code FROM institutions i WHERE "
		       "i.kind = $1 AND i.status = 'open' ORDER BY i.division_code",
		       DB_PARAMS(DB_TEXT(kind)), res);
}
