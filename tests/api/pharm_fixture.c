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

/* The demo clinic (the village doctor's) and its centre. */


void demo_places(struct srv *s, struct place *p)
{
	struct api_client *c = api_login(s, "clinic");
	snprintf(p->clinic, sizeof(p->clinic), "%s", api_jstr(c->user, "institution_id"));
	api_client_free(c);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT parent_id FROM institutions WHERE id = '%s'", p->clinic);
	char *v = sql_value(s, sql);
	snprintf(p->centre, sizeof(p->centre), "%s", v);
	free(v);
	snprintf(sql, sizeof(sql), "SELECT county_code FROM institutions WHERE id = '%s'", p->clinic);
	v = sql_value(s, sql);
	snprintf(p->county, sizeof(p->county), "%s", v);
	free(v);
	snprintf(sql, sizeof(sql), "SELECT path FROM institutions WHERE id = '%s'", p->clinic);
	v = sql_value(s, sql);
	snprintf(p->clinic_path, sizeof(p->clinic_path), "%s", v);
	free(v);
}



/* A catalogue item of the clinic's county. OUT: its id. */
void seed_item(struct srv *s, const struct place *p, const char *name, bool infusion,
		      char out[37])
{
	char sql[1024];
	seed_id(out);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO items (id, county_code, kind, generic_name, package_unit, base_unit, "
		 "units_per_package, approval_no, essential, infusion, created_at, updated_at, "
		 "created_by, updated_by) VALUES ('%s', '%s', 'drug', '%s', '盒', '片', 24, "
		 "'国药准字H%s', 1, %d, " STAMP ")",
		 out, p->county, name, out + 24, infusion ? 1 : 0);
	sql_ok(s, sql);
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
