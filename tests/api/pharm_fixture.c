/* SPDX-License-Identifier: MIT */
/* This file contains the fixtures of the drugs-area API tests (see pharm_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pharm_fixture.h"
void seed_id(char out[37])
{
	static unsigned long long n;
	snprintf(out, 37, "00000000-0000-7000-8000-%012llx", ++n);
}

/* The value of SQL (one cell) as a malloc'd string; fails the test if there is none. */
char *sql_value(struct srv *s, const char *sql)
{
	char *v = srv_sql_value(s, sql);
	if (!v)
		fail_msg("no value: %s", sql);
	return v;
}

long long sql_int(struct srv *s, const char *sql)
{
	char *v = srv_sql_value(s, sql);
	long long n = v ? atoll(v) : 0;
	free(v);
	return n;
}

void sql_ok(struct srv *s, const char *sql)
{
	if (srv_sql(s, sql) < 0)
		fail_msg("failed: %s", sql);
}

/* COLUMN of the institution ID, malloc'd; fails the test if there is none. */
char *institution_field(struct srv *s, const char *id, const char *column)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM institutions WHERE id = '%s'", column, id);
	return sql_value(s, sql);
}

/* The demo clinic (the village doctor's) and its centre. */
void demo_places(struct srv *s, struct place *p)
{
	struct api_client *c = api_login(s, "clinic");
	snprintf(p->clinic, sizeof(p->clinic), "%s", api_jstr(c->user, "institution_id"));
	api_client_free(c);
	const struct {
		const char *column;
		char *out;
		size_t size;
	} fields[] = {
		{"parent_id", p->centre, sizeof(p->centre)},
		{"county_code", p->county, sizeof(p->county)},
		{"path", p->clinic_path, sizeof(p->clinic_path)},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char *v = institution_field(s, p->clinic, fields[i].column);
		snprintf(fields[i].out, fields[i].size, "%s", v);
		free(v);
	}
}

/* The Nth clinic (by name) of the centre CENTRE_ID other than EXCEPT (the demo doctor's),
 * malloc'd. */
char *clinic_of_centre(struct srv *s, const char *centre_id, const char *except, int n)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM institutions WHERE parent_id = '%s' AND kind = 'clinic' AND id <> "
		 "'%s' ORDER BY name, id LIMIT 1 OFFSET %d",
		 centre_id, except, n);
	char *id = srv_sql_value(s, sql);
	if (!id)
		fail_msg("no clinic %d under the centre", n);
	return id;
}

/* A catalogue item of COUNTY. OUT: its id. */
void seed_item_of(struct srv *s, const char *county, const char *name, bool infusion,
		  char out[37])
{
	char sql[1024];
	seed_id(out);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO items (id, county_code, kind, generic_name, package_unit, base_unit, "
		 "units_per_package, approval_no, essential, infusion, created_at, updated_at, "
		 "created_by, updated_by) VALUES ('%s', '%s', 'drug', '%s', '盒', '片', 24, "
		 "'国药准字H%s', 1, %d, " STAMP ")",
		 out, county, name, out + 24, infusion ? 1 : 0);
	sql_ok(s, sql);
}

/* A catalogue item of the clinic's county. OUT: its id. */
void seed_item(struct srv *s, const struct place *p, const char *name, bool infusion,
		      char out[37])
{
	seed_item_of(s, p->county, name, infusion, out);
}

/* A lot of ITEM received by the centre, expiring DAYS from today. OUT: its id. */
void seed_lot(struct srv *s, const struct place *p, const char *item, int days,
		     long long cost, bool hold, char out[37])
{
	char sql[1024], expiry[11];
	api_date_from_today(days, expiry);
	seed_id(out);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO lots (id, item_id, centre_id, lot_no, expiry_date, unit_cost_fen, "
		 "on_hold, created_at, updated_at, created_by, updated_by) VALUES ('%s', '%s', "
		 "'%s', 'L%s', '%s', %lld, %d, " STAMP ")",
		 out, item, p->centre, out + 28, expiry, cost, hold ? 1 : 0);
	sql_ok(s, sql);
}

/* QUANTITY of LOT on the clinic's shelf: the stock row and the delivery_in movement it is
 * the sum of. */
void seed_stock(struct srv *s, const struct place *p, const char *item, const char *lot,
		       long long quantity)
{
	char sql[1024], id[37];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO stock (place_id, lot_id, item_id, quantity, path, created_at, "
		 "updated_at, created_by, updated_by) VALUES ('%s', '%s', '%s', %lld, '%s', " STAMP
		 ")",
		 p->clinic, lot, item, quantity, p->clinic_path);
	sql_ok(s, sql);
	seed_id(id);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO movements (id, place_id, lot_id, item_id, kind, quantity, "
		 "unit_cost_fen, doc_type, doc_id, path, created_at, updated_at, created_by, "
		 "updated_by) SELECT '%s', '%s', '%s', '%s', 'delivery_in', %lld, unit_cost_fen, "
		 "'delivery', 'seed', '%s', " STAMP " FROM lots WHERE id = '%s'",
		 id, p->clinic, lot, item, quantity, p->clinic_path, lot);
	sql_ok(s, sql);
}

/* A lot LOT_NO of ITEM bought by CENTRE (LOT_ID out), and QUANTITY of it on hand at PLACE
 * (the clinic or the centre) with the movement of KIND that brought it there, on day WHEN
 * (YYYY-MM-DD; NULL: 2025-01-01). */
void seed_stock_at(struct srv *s, const char *centre, const char *place, const char *kind,
		   const char *item, const char *lot_no, const char *expiry, long long cost,
		   long long quantity, const char *when, char lot_id[37])
{
	char sql[1536], mv[37], stamp[128];
	snprintf(stamp, sizeof(stamp), "'%sT08:00:00Z', '%sT08:00:00Z', 'seed', 'seed'",
		 when ? when : "2025-01-01", when ? when : "2025-01-01");
	seed_id(lot_id);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO lots (id, item_id, centre_id, lot_no, expiry_date, unit_cost_fen, "
		 "created_at, updated_at, created_by, updated_by) VALUES ('%s', '%s', '%s', '%s', "
		 "'%s', %lld, " STAMP ")",
		 lot_id, item, centre, lot_no, expiry, cost);
	sql_ok(s, sql);
	char *path = institution_field(s, place, "path");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO stock (place_id, lot_id, item_id, quantity, path, created_at, "
		 "updated_at, created_by, updated_by) VALUES ('%s', '%s', '%s', %lld, '%s', %s)",
		 place, lot_id, item, quantity, path, stamp);
	sql_ok(s, sql);
	seed_id(mv);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO movements (id, place_id, lot_id, item_id, kind, quantity, "
		 "unit_cost_fen, doc_type, doc_id, path, created_at, updated_at, created_by, "
		 "updated_by) VALUES ('%s', '%s', '%s', '%s', '%s', %lld, %lld, 'seed', '%s', '%s', "
		 "%s)",
		 mv, place, lot_id, item, kind, quantity, cost, mv, path, stamp);
	sql_ok(s, sql);
	free(path);
}

/* An item with one lot of QUANTITY on the clinic's shelf. */
void seed_one(struct srv *s, const struct place *p, const char *name, int days,
		     long long cost, long long quantity, char item[37], char lot[37])
{
	seed_item(s, p, name, false, item);
	seed_lot(s, p, item, days, cost, false, lot);
	seed_stock(s, p, item, lot, quantity);
}

long long on_hand(struct srv *s, const struct place *p, const char *lot)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT quantity FROM stock WHERE place_id = '%s' AND lot_id = '%s'",
		 p->clinic, lot);
	return sql_int(s, sql);
}

long long ledger_sum(struct srv *s, const struct place *p, const char *lot)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT SUM(quantity) FROM movements WHERE place_id = '%s' AND lot_id = '%s'",
		 p->clinic, lot);
	return sql_int(s, sql);
}
