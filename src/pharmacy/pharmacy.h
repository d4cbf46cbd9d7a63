/* SPDX-License-Identifier: MIT */
/* The drugs and devices area (药械): the county's catalogue, the centre's purchases and lots,
 * deliveries to clinics, the immutable stock ledger, dispensing at zero mark-up, stocktakes,
 * expiry and shortage, adverse-event reports. Every rule id starting with SR-DRG or LB-DRG
 * is enforced or monitored here.
 *
 * Files: item.c (catalogue, import), purchase.c (orders, goods receipt into lots),
 * ledger.c (movements and stock: the one way stock changes), dispense.c, request.c
 * (stock requests), delivery.c (approval, FEFO picking, shipping, receipt), collect.c
 * (returns, disposal), common.c (what those three share), stocktake.c,
 * adverse.c, monitor.c (the area's alerts), demo.c; handlers in each resource's file; SQL
 * in the store_*.c files (store.h). */
#ifndef YTH_PHARMACY_PHARMACY_H
#define YTH_PHARMACY_PHARMACY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct principal;

/* Entity declarations. */
extern const struct entity item_entity;           /* item.c */
extern const struct entity purchase_order_entity; /* purchase.c */
extern const struct entity lot_entity;            /* purchase.c */
extern const struct entity movement_entity;       /* ledger.c */
extern const struct entity stock_entity;          /* ledger.c: a place's stock of a lot */
extern const struct entity stock_request_entity;  /* request.c */
extern const struct entity delivery_entity;       /* delivery.c */
extern const struct entity dispense_entity;       /* dispense.c */
extern const struct entity stocktake_entity;      /* stocktake.c */
extern const struct entity min_stock_entity;      /* stocktake.c */
extern const struct entity adverse_event_entity;  /* adverse.c */

/* ---- the ledger (ledger.c): the one way stock changes ---- */

/* One movement of QUANTITY base units (negative: out) of LOT at PLACE, of KIND (see the
 * movements table), for document DOC_TYPE / DOC_ID, with REASON (may be NULL) and the
 * movement it reverses (REVERSES, may be NULL). */
struct pharm_move {
	const char *place_id, *lot_id;
	long long quantity;
	const char *kind, *doc_type, *doc_id, *reason, *reverses_id;
};

/* Post M inside the caller's transaction: the movement row and the place's stock of the lot
 * in one step; stock never goes below zero, also under concurrent requests (the update is
 * conditional and the database checks it): a shortfall is refused (ERR_RULE, SR-DRG-3,
 * naming the quantity on hand). Stock enters a clinic only by a delivery from its centre,
 * a stocktake correction or a reversal (SR-DRG-2). Sets ID_OUT. Returns 0 or a negative
 * db_status (DB_ABORT with ERR). */
int pharm_move(struct db *db, const struct principal *who, const struct pharm_move *m,
	       char id_out[37], struct app_error *err);

/* ---- dispensing (dispense.c) ---- */

/* Dispense LINES ([{"item_id", "quantity", "lot_id"?, "unit_price_fen"?, "indication"?}],
 * borrowed) at CLINIC_ID for PATIENT_REF, inside the caller's transaction (encounters and
 * receipts of later areas call it in theirs): lots first-expiry-first-out unless named;
 * an expired lot or one on hold refused (SR-DRG-4, SR-DRG-5); the price is exactly the
 * lot's cost, any other refused (SR-DRG-1); an infusion needs its indication (SR-DRG-6).
 * *OUT: the dispense record with its lines and total (new reference). Returns 0 or a
 * negative db_status (DB_ABORT with ERR). */
int pharm_dispense(struct db *db, const struct principal *who, const char *clinic_id,
		   const json_t *lines, const char *patient_ref, json_t **out,
		   struct app_error *err);

/* ---- resolvers for SCOPE_RESOURCE routes (see struct route) ---- */
int pharm_item_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int pharm_order_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int pharm_request_resolve(struct db *db, const char *id, char *path, size_t len,
			  char owner[37]);
int pharm_delivery_resolve(struct db *db, const char *id, char *path, size_t len,
			   char owner[37]);
int pharm_stocktake_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37]);
int pharm_lot_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);

/* ---- monitors (monitor.c) ---- */

/* Every alert of the area in SCOPE (optionally only COUNTY), appended to ALERTS (records of
 * alert_entity). Returns 0 or -1 with ERR. */
int pharm_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
		 struct app_error *err);

/* ---- demo (demo.c) ---- */

/* A catalogue of common essential medicines for each demo county, a year of orders,
 * deliveries and dispensing for the open clinics, and stock raising each alert. */
int pharm_demo_seed(struct db *db, struct app_error *err);

#endif
