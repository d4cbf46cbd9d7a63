/* SPDX-License-Identifier: MIT */
/* This file contains the demo's drugs and devices: a catalogue of common essential medicines
 * (and a few others) for each demo county, stock bought by every open centre, a year of
 * monthly deliveries and of dispensing for a few clinics (the demo village doctor's among
 * them), and stock that raises each of the area's alerts: a lot near expiry and an expired
 * lot on a clinic's shelf, an item below its minimum. Every stock change goes through the
 * ledger (pharm_move, pharm_dispense), with its rules and audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/staff_rules.h"
#include "db/db.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

static const struct {
	const char *kind, *name, *form, *strength, *package_unit, *base_unit;
	long long per_package, cost; /* cost: fen per base unit */
	bool essential, infusion;
} meds[] = {
	{"drug", "阿莫西林胶囊", "胶囊剂", "0.25g", "盒", "粒", 24, 18, true, false},
	{"drug", "布洛芬缓释胶囊", "胶囊剂", "0.3g", "盒", "粒", 20, 35, true, false},
	{"drug", "硝苯地平缓释片", "片剂", "10mg", "盒", "片", 30, 12, true, false},
	{"drug", "二甲双胍片", "片剂", "0.25g", "盒", "片", 48, 4, true, false},
	{"drug", "氨氯地平片", "片剂", "5mg", "盒", "片", 28, 9, true, false},
	{"drug", "复方甘草片", "片剂", "复方", "瓶", "片", 100, 2, true, false},
	{"drug", "感冒清热颗粒", "颗粒剂", "12g", "盒", "袋", 10, 65, true, false},
	{"drug", "0.9%氯化钠注射液", "注射剂", "250ml", "箱", "袋", 30, 210, true, true},
	{"drug", "连花清瘟胶囊", "胶囊剂", "0.35g", "盒", "粒", 24, 58, false, false},
	{"consumable", "一次性使用无菌注射器", "", "5ml", "盒", "支", 100, 25, false, false},
};
#define MEDS (sizeof(meds) / sizeof(meds[0]))

#define MONTHS 12
#define CLINICS_PER_COUNTY 3

struct seed {
	char now[21], today[11];
	char items[2][MEDS][37]; /* per county: 0 Liubei, 1 Hengfeng */
	struct app_error *err;
};

static int county_index(const char *county)
{
	return strcmp(county, "450205") == 0 ? 0 : 1;
}

static int move(struct db *db, const char *place, const char *lot, long long qty,
		const char *kind, const char *doc_type, const char *doc, struct app_error *err)
{
	char id[37];
	struct pharm_move m = {.place_id = place, .lot_id = lot, .quantity = qty, .kind = kind,
			       .doc_type = doc_type, .doc_id = doc, .reason = "演示数据"};
	return pharm_move(db, NULL, &m, id, err);
}

/* The centre's stock: a year of quarterly orders, each received into the same lot of each
 * item; the first centre of each county also holds a lot near expiry and an expired one.
 * LOTS[k] gets the lot ids. */
static int stock_centre(struct db *db, struct seed *s, const char *centre, const char *path,
			int c, bool first, char lots[][37], char *near, char *expired)
{
	char order[37] = "", expiry[11];
	int rc = 0;
	rules_add_months(s->today, 24, expiry);
	for (int q = 0; q < 4 && rc >= 0; q++) {
		char ordered_on[11];
		rules_add_months(s->today, -12 + 3 * q, ordered_on);
		db_new_id(order);
		rc = store_demo_order(db, order, centre, path, ordered_on, s->now);
		for (size_t k = 0; rc >= 0 && k < MEDS; k++) {
			char line[37], lot_no[32];
			db_new_id(line);
			snprintf(lot_no, sizeof(lot_no), "%s%02zu", "B2026", k + 10);
			rc = store_demo_order_line(db, line, order, s->items[c][k], 5000, meds[k].cost,
						   s->now);
			if (rc >= 0 && q == 0) {
				db_new_id(lots[k]);
				rc = store_demo_lot(db, lots[k], s->items[c][k], centre, lot_no, expiry,
						    meds[k].cost, s->now);
			}
			if (rc >= 0)
				rc = move(db, centre, lots[k], 5000, "receipt", "purchase_order", order,
					  s->err);
		}
	}
	if (rc >= 0 && first) {
		char soon[11], past[11];
		rules_add_months(s->today, 1, soon);
		rules_add_months(s->today, -1, past);
		db_new_id(near);
		db_new_id(expired);
		rc = store_demo_lot(db, near, s->items[c][0], centre, "B2025JX", soon, meds[0].cost,
				    s->now);
		if (rc >= 0)
			rc = move(db, centre, near, 500, "receipt", "purchase_order", order, s->err);
		if (rc >= 0)
			rc = store_demo_lot(db, expired, s->items[c][1], centre, "B2024GQ", past,
					    meds[1].cost, s->now);
		if (rc >= 0)
			rc = move(db, centre, expired, 200, "receipt", "purchase_order", order, s->err);
	}
	return rc;
}

/* One delivery of QTY of each lot in LOTS (N of them) from CENTRE to CLINIC. */
static int deliver(struct db *db, struct seed *s, const char *centre, const char *clinic,
		   const char *path, int c, char lots[][37], const size_t *which, size_t n,
		   long long qty, const char *on)
{
	char delivery[37];
	db_new_id(delivery);
	int rc = store_demo_delivery(db, delivery, centre, clinic, path, on, s->now);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		char line[37];
		size_t k = which[i];
		rc = store_demo_delivery_line(db, (db_new_id(line), line), delivery, lots[k],
					      s->items[c][k < MEDS ? k : 0], qty, s->now);
		if (rc >= 0)
			rc = move(db, centre, lots[k], -qty, "delivery_out", "delivery", delivery,
				  s->err);
		if (rc >= 0)
			rc = move(db, clinic, lots[k], qty, "delivery_in", "delivery", delivery,
				  s->err);
	}
	return rc;
}

static int seed_body(struct db *db, void *cls)
{
	struct seed *s = cls;
	static const char *const counties[2] = {"450205", "361125"};
	int rc = 0;
	for (int c = 0; c < 2 && rc >= 0; c++)
		for (size_t k = 0; k < MEDS && rc >= 0; k++) {
			char approval[40];
			db_new_id(s->items[c][k]);
			snprintf(approval, sizeof(approval), "%s%s%04zu",
				 strcmp(meds[k].kind, "drug") == 0 ? "国药准字H" : "械注准",
				 c ? "2036" : "2045", 1000 + k);
			rc = store_demo_item(db, s->items[c][k], counties[c], meds[k].kind,
					     meds[k].name, meds[k].form, meds[k].strength,
					     meds[k].package_unit, meds[k].base_unit,
					     meds[k].per_package, approval, meds[k].essential,
					     meds[k].infusion, s->now);
		}
	struct db_res *centres = NULL, *clinics = NULL;
	if (rc >= 0)
		rc = store_demo_places(db, "centre", &centres);
	if (rc >= 0)
		rc = store_demo_places(db, "clinic", &clinics);
	int staffed[2] = {0, 0};
	bool first[2] = {true, true};
	for (size_t r = 0; rc >= 0 && r < db_res_rows(centres); r++) {
		const char *centre = db_res_text(centres, r, 0), *cpath = db_res_text(centres, r, 1);
		int c = county_index(db_res_text(centres, r, 2));
		char lots[MEDS][37], near[37] = "", expired[37] = "";
		rc = stock_centre(db, s, centre, cpath, c, first[c], lots, near, expired);
		bool alerts = first[c];
		first[c] = false;
		for (size_t q = 0; rc >= 0 && q < db_res_rows(clinics); q++) {
			if (strcmp(db_res_text(clinics, q, 3), centre) != 0 ||
			    staffed[c] >= CLINICS_PER_COUNTY)
				continue;
			staffed[c]++;
			const char *clinic = db_res_text(clinics, q, 0), *path = db_res_text(clinics, q, 1);
			static const size_t usual[] = {0, 2, 3, 4, 5, 6};
			for (int m = MONTHS; m >= 1 && rc >= 0; m--) {
				char on[11];
				rules_add_months(s->today, -m, on);
				rc = deliver(db, s, centre, clinic, path, c, lots, usual, 6, 120, on);
				for (int d = 0; d < 4 && rc >= 0; d++) {
					char patient[64];
					snprintf(patient, sizeof(patient), "P%02d%02d%zu", m, d, q);
					json_t *lines = json_pack("[{s:s, s:I}]", "item_id",
								  s->items[c][usual[(m + d) % 6]],
								  "quantity", (json_int_t)(6 + d * 3));
					json_t *out = NULL;
					rc = pharm_dispense(db, NULL, clinic, lines, patient, &out, s->err);
					json_decref(lines);
					json_decref(out);
				}
			}
			/* An item below its minimum at every clinic: the shortage alert. */
			if (rc >= 0)
				rc = store_demo_minimum(db, clinic, s->items[c][2], 5000, path, s->now);
			if (rc >= 0 && alerts) {
				/* A lot near expiry and an expired one on this clinic's shelf. */
				char odd[2][37];
				memcpy(odd[0], near, 37);
				memcpy(odd[1], expired, 37);
				static const size_t both[] = {0, 1};
				rc = deliver(db, s, centre, clinic, path, c, odd, both, 2, 40, s->today);
				alerts = false;
			}
		}
	}
	db_res_free(centres);
	db_res_free(clinics);
	return rc < 0 ? rc : 0;
}

int pharm_demo_seed(struct db *db, struct app_error *err)
{
	struct seed s = {.err = err};
	db_now(s.now);
	org_today(s.today);
	int rc = db_run_transaction(db, "pharmacy demo", seed_body, &s);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}
