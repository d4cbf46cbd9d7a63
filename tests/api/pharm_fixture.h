/* SPDX-License-Identifier: MIT */
/* Fixtures of the drugs-area API tests: the demo clinic and its centre, and stock seeded with
 * SQL (an item, a lot, a stock row and its matching movement, so that the ledger sums to the
 * stock) where a test is about dispensing or the ledger rather than deliveries. */
#ifndef YTH_TESTS_API_PHARM_FIXTURE_H
#define YTH_TESTS_API_PHARM_FIXTURE_H

#include <stdbool.h>

#include "harness.h"

#define STAMP "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'seed', 'seed'"

struct place {
	char clinic[37], centre[37], county[16], clinic_path[512];
};

/* A fresh id in UUID form (the server's ids are UUIDv7; these sort before them). */
void seed_id(char out[37]);
char *sql_value(struct srv *s, const char *sql);
long long sql_int(struct srv *s, const char *sql);
void sql_ok(struct srv *s, const char *sql);
void demo_places(struct srv *s, struct place *p);
char *institution_field(struct srv *s, const char *id, const char *column);
char *clinic_of_centre(struct srv *s, const char *centre_id, const char *except, int n);
void seed_item_of(struct srv *s, const char *county, const char *name, bool infusion,
	char out[37]);
void seed_item(struct srv *s, const struct place *p, const char *name, bool infusion,
	char out[37]);
void seed_stock_at(struct srv *s, const char *centre, const char *place, const char *kind,
	const char *item, const char *lot_no, const char *expiry, long long cost,
	long long quantity, const char *when, char lot_id[37]);
void seed_lot(struct srv *s, const struct place *p, const char *item, int days,
	long long cost, bool hold, char out[37]);
void seed_stock(struct srv *s, const struct place *p, const char *item, const char *lot,
	long long quantity);
void seed_one(struct srv *s, const struct place *p, const char *name, int days,
	long long cost, long long quantity, char item[37], char lot[37]);
long long on_hand(struct srv *s, const struct place *p, const char *lot);
long long ledger_sum(struct srv *s, const struct place *p, const char *lot);

#endif
