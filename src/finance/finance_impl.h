/* SPDX-License-Identifier: MIT */
/* What the files of the finance area share with each other and nothing else: the parts of
 * the monitors and the demo that each resource's file supplies, and small helpers. */
#ifndef YTH_FINANCE_IMPL_H
#define YTH_FINANCE_IMPL_H

#include <jansson.h>
#include <stdbool.h>

#include "core/error.h"
#include "finance/store.h"

struct db;
struct principal;
struct req;

/* The period a read asks for: ?period= (2026, 2026-Q3, 2026-07) or ?from=&to= (dates), by
 * default the current year, into FROM and TO. Returns 0, or -1 with ERR (400) naming the
 * parameter (journal.c). */
int fin_query_period(const struct req *r, char from[11], char to[11], struct app_error *err);

/* A voucher's lines as JSON (new array of {line_no, account_code, account_name, debit_fen,
 * credit_fen, memo, seq}), or NULL on a database error (journal.c). */
json_t *fin_voucher_lines(struct db *db, const char *voucher_id);

/* The parts of fin_alerts (finance.h) each file supplies: every alert in SCOPE (an
 * institution path prefix), only COUNTY's when not NULL, appended to ALERTS; TODAY is
 * YYYY-MM-DD. Each returns 0 or -1 with ERR. */
int fin_takings_alerts(struct db *db, const char *scope, const char *county, const char *today,
		       json_t *alerts, struct app_error *err); /* remittance.c: SR-FIN-3, SR-INS-1 */
int fin_asset_alerts(struct db *db, const char *scope, const char *county, const char *today,
		     json_t *alerts, struct app_error *err); /* asset.c: SR-FIN-5 */
int fin_audit_alerts(struct db *db, const char *scope, const char *county, const char *today,
		     json_t *alerts, struct app_error *err); /* audit_visit.c: SR-FIN-4 */

/* The parts of fin_demo_seed (finance.h) each file supplies, run after the personnel and
 * drugs areas' demo data exist; TODAY is YYYY-MM-DD. Each returns 0 or -1 with ERR. */
int fin_payroll_demo(struct db *db, const char *today, struct app_error *err); /* payroll.c */
int fin_asset_demo(struct db *db, const char *today, struct app_error *err);   /* asset.c */
int fin_audit_demo(struct db *db, const char *today, struct app_error *err);   /* audit_visit.c */

/* The book of INSTITUTION_ID (a clinic or centre), opened on first use and locked for the
 * caller's transaction, into BOOK, and the institution into PLACE. Returns DB_ONE or a
 * negative db_status (DB_ABORT with ERR for an unknown institution) (journal.c). */
int fin_book_lock(struct db *db, const struct principal *who, const char *institution_id,
		  struct store_place *place, struct store_book *book, struct app_error *err);
/* The same for a clinic's book only: any other institution is refused naming "clinic_id"
 * (receipts, takings and money owed are a clinic's). */
int fin_clinic_book_lock(struct db *db, const struct principal *who, const char *clinic_id,
			 struct store_place *place, struct store_book *book,
			 struct app_error *err);

/* Record money the centre owes a clinic (BODY: a validated record of due_entity) and pay
 * due ID out (BODY: {amount_fen, paid_on}), inside the caller's transaction. Return 0 or a
 * negative db_status (DB_ABORT with ERR) (remittance.c). */
int fin_due_record(struct db *db, const struct principal *who, const json_t *body,
		   char id_out[37], struct app_error *err);
int fin_due_pay(struct db *db, const struct principal *who, const char *id, const json_t *body,
		struct app_error *err);

/* Hand in CLINIC_ID's takings issued up to THROUGH, AMOUNT being all of them, on day ON,
 * inside the caller's transaction. Returns 0 or a negative db_status (remittance.c). */
int fin_remit(struct db *db, const struct principal *who, const char *clinic_id,
	      const char *through, int64_t amount, const char *on, struct app_error *err);
/* CLINIC_ID's takings not handed in up to THROUGH: receipts and cash (remittance.c). */
int fin_takings_due(struct db *db, const char *clinic_id, const char *through,
		    long long *receipts, int64_t *cash);

/* The text of field NAME of record REC, or NULL. Borrowed. */
static inline const char *fin_text(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

/* Columns of store_asset_place (asset.c, asset_check.c, audit_visit.c). */
enum fin_place_col {
	FIN_PLACE_ID, FIN_PLACE_KIND, FIN_PLACE_NAME, FIN_PLACE_PATH, FIN_PLACE_COUNTY,
	FIN_PLACE_DIVISION, FIN_PLACE_STATUS, FIN_PLACE_PARENT
};

/* A clinic or centre that keeps assets (any but a closed one) into its row *RES (new, freed
 * by the caller). Returns DB_ONE, or DB_ABORT with ERR naming FIELD (asset.c). */
int fin_asset_place(struct db *db, const char *id, const char *field, struct db_res **res,
		    struct app_error *err);
/* DATE (of FIELD, labelled WHAT) is not after today: 0, or -1 with ERR (asset.c). */
int fin_not_future(const char *date, const char *field, const char *what,
		   struct app_error *err);
/* A closed check of CLINIC on ON over its N assets IDS: every one found, but MISSING (an
 * index of IDS, or -1) missing and DAMAGED (or -1) damaged, inside the caller's transaction.
 * Returns 0 or a negative db_status (asset_check.c). */
int fin_asset_check_demo(struct db *db, const char *clinic, const char *on, char ids[][37],
			 int n, int missing, int damaged, struct app_error *err);

/* Whether DATE (YYYY-MM-DD) falls in a month INSTITUTION_ID's book has closed: then *CLOSED
 * is set and CLOSED_THROUGH (8 bytes) holds the last closed month. Returns 0 or a negative
 * db_status (journal.c). */
int fin_month_closed(struct db *db, const char *institution_id, const char *date, bool *closed,
		     char closed_through[8]);

#endif
