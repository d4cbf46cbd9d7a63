/* SPDX-License-Identifier: MIT */
/* The finance area's storage: every SQL statement of finance/ is in the store_*.c files,
 * one per part, declared here in sections. Functions return a db_status or a row count;
 * result sets are new and freed by the caller with db_res_free. */
#ifndef YTH_FINANCE_STORE_H
#define YTH_FINANCE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/books.h"
#include "core/entity.h"
#include "db/db.h"

/* ---- books, vouchers, postings, closes, statements (store_books.c) ---- */

/* An institution as the books need it. */
struct store_place {
	char kind[16], path[512], name[128], county_code[16], division_code[16], parent_id[37];
};
/* A book's row. closed_through is "" when no month is closed. */
struct store_book {
	char id[37], path[512];
	long long head_seq;
	char head_hash[65], closed_through[8];
};
/* A voucher row to insert. */
struct store_voucher {
	const char *id, *book_id, *institution_id;
	long long year, serial;
	const char *date, *kind, *summary, *source_doc, *doc_type, *doc_id, *reverses_id;
	int64_t total_fen;
	const char *path, *now, *by;
};

/* Institution ID into OUT. DB_ONE / DB_NONE. */
int store_place(struct db *db, const char *id, struct store_place *out);
/* The book of INSTITUTION_ID, locked for this transaction (PostgreSQL: row lock). DB_ONE /
 * DB_NONE. */
int store_book_lock(struct db *db, const char *institution_id, struct store_book *out);
/* The same without a lock. */
int store_book_find(struct db *db, const char *institution_id, struct store_book *out);
/* Open a book unless there is one. */
int store_book_open(struct db *db, const char *id, const char *institution_id, const char *path,
		    const char *genesis, const char *now, const char *by);
int store_book_set_head(struct db *db, const char *book_id, long long seq, const char *hash,
			const char *now, const char *by);
/* The next number of KIND ("voucher", "receipt") in BOOK_ID's YEAR into *NEXT, inside the
 * caller's transaction (gapless: the number is taken by the transaction that uses it). */
int store_counter_next(struct db *db, const char *book_id, const char *kind, int year,
		       long long *next);
int store_voucher_insert(struct db *db, const struct store_voucher *v);
int store_posting_insert(struct db *db, const char *id, const struct books_posting *p,
			 const char *prev_hash, const char *hash);
/* Voucher ID: id, institution_id, voucher_date, kind, summary, doc_type, path, the id of
 * the voucher reversing it (NULL if none). */
int store_voucher_row(struct db *db, const char *id, struct db_res **res);
/* Its lines: line_no, account_code, debit_fen, credit_fen, memo, seq. */
int store_voucher_lines(struct db *db, const char *voucher_id, struct db_res **res);
/* What voucher records are read from (voucher_entity's .view). */
extern const char store_vouchers_view[];
int store_vouchers_list(struct db *db, const struct entity *e, const char *institution_id,
			const char *from, const char *to, const struct ent_list *l,
			json_t **items, bool *more);
/* Balance of ACCOUNT in BOOK_ID before FROM. */
int store_ledger_opening(struct db *db, const char *book_id, const char *account,
			 const char *from, int64_t *out);
/* Postings of ACCOUNT from FROM to TO: seq, voucher_id, year, serial, posted_on,
 * account_code, debit_fen, credit_fen, memo, summary, hash. */
int store_ledger_rows(struct db *db, const char *book_id, const char *account,
		      const char *from, const char *to, struct db_res **res);
/* Sums of debits and credits of BOOK_ID's postings dated FROM..TO. */
int store_month_totals(struct db *db, const char *book_id, const char *from, const char *to,
		       int64_t *debit, int64_t *credit);
/* Record a month close at B's head and set the book's closed_through. */
int store_close_insert(struct db *db, const char *id, const struct store_book *b,
		       const char *month, int64_t debit, int64_t credit, const char *now,
		       const char *by);
extern const char store_closes_view[];
int store_closes_list(struct db *db, const struct entity *e, const char *institution_id,
		      const struct ent_list *l, json_t **items, bool *more);
/* Per account code: balance before FROM, debits and credits FROM..TO; of INSTITUTION_ID's
 * book, or of every book under SCOPE when SCOPE is not NULL. */
int store_account_sums(struct db *db, const char *institution_id, const char *scope,
		       const char *from, const char *to, struct db_res **res);
/* Books under SCOPE (only INSTITUTION_ID's when not NULL): id, institution_id, name,
 * head_seq, head_hash. */
int store_verify_books(struct db *db, const char *scope, const char *institution_id,
		       struct db_res **res);
/* Up to LIMIT postings of BOOK_ID after AFTER_SEQ with their vouchers' hashed fields: seq,
 * voucher_id, year, serial, voucher_date, kind, summary, source_doc, reverses_id, line_no,
 * account_code, debit_fen, credit_fen, memo, created_at, created_by, prev_hash, hash,
 * posted_on. */
int store_verify_postings(struct db *db, const char *book_id, long long after_seq,
			  long long limit, struct db_res **res);
/* Month closes of BOOK_ID: month, head_seq, head_hash. */
int store_verify_closes(struct db *db, const char *book_id, struct db_res **res);
/* Per year: voucher count, highest number, vouchers without a posting. */
int store_verify_serials(struct db *db, const char *book_id, struct db_res **res);
/* The date of BOOK_ID's earliest posting into FIRST (11 bytes; "" when it has none). */
int store_book_first_posting(struct db *db, const char *book_id, char first[11]);

/* ---- receipts, remittances, dues (store_takings.c) ---- */

struct store_receipt {
	const char *id, *clinic_id, *book_id;
	long long year, serial;
	const char *issued_on, *payer, *lines; /* lines: JSON text */
	int64_t total_fen, cash_fen, insurance_fen;
	const char *voucher_id, *dispense_id, *path, *now, *by;
};
struct store_remittance {
	const char *id, *clinic_id, *remitted_on, *through;
	long long receipts;
	int64_t amount_fen;
	const char *voucher_id, *note, *path, *now, *by;
};
struct store_due {
	const char *id, *clinic_id, *kind, *period;
	int64_t amount_fen;
	const char *due_on, *source_doc, *voucher_id, *path, *now, *by;
};

int store_receipt_insert(struct db *db, const struct store_receipt *r);
/* Receipt ID: id, clinic_id, status, voucher_id, remittance_id, path, year, serial,
 * issued_on. */
int store_receipt_row(struct db *db, const char *id, struct db_res **res);
/* Mark receipt ID cancelled unless it is already, or handed in: rows changed (0 or 1). */
int store_receipt_cancel(struct db *db, const char *id, const char *reason, const char *on,
			 const char *voucher_id, const char *now, const char *by);
extern const char store_receipts_view[];
/* The clinic's takings not yet handed in, issued on or before THROUGH: how many receipts
 * and how much cash. */
int store_takings_sum(struct db *db, const char *clinic_id, const char *through,
		      long long *count, int64_t *cash);
/* Mark those receipts handed in by REMITTANCE_ID. */
int store_takings_mark(struct db *db, const char *clinic_id, const char *through,
		       const char *remittance_id, const char *now, const char *by);
/* The same per day issued: issued_on, receipts, cash. */
int store_takings_by_day(struct db *db, const char *clinic_id, const char *through,
			 struct db_res **res);
int store_remittance_insert(struct db *db, const struct store_remittance *r);
extern const char store_remittances_view[];
int store_due_insert(struct db *db, const struct store_due *d);
/* Due ID: id, clinic_id, kind, period, amount_fen, status, path. */
int store_due_row(struct db *db, const char *id, struct db_res **res);
/* Mark due ID paid unless it is already: rows changed. */
int store_due_paid(struct db *db, const char *id, const char *on, const char *voucher_id,
		   const char *now, const char *by);
extern const char store_dues_view[];
/* Per clinic under SCOPE with takings not handed in: id, name, county_code, division_code,
 * oldest issued_on, receipts, cash. */
int store_takings_watch(struct db *db, const char *scope, struct db_res **res);
/* Open dues under SCOPE: clinic id, name, county_code, division_code, kind, period,
 * amount_fen, due_on. */
int store_dues_watch(struct db *db, const char *scope, struct db_res **res);
/* The clinics the demo keeps books for: id, county_code. */
int store_demo_clinics(struct db *db, struct db_res **res);

/* ---- payroll (store_payroll.c) ---- */

/* What payroll runs and pay slips are read from (the .view of their entities). */
extern const char store_payroll_runs_view[];
extern const char store_payslips_view[];

/* Institution ID for a payroll: id, kind, name, path, county_code, status. */
int store_payroll_centre(struct db *db, const char *id, struct db_res **res);
/* Whether CENTRE_ID has a payroll run for MONTH (YYYY-MM): DB_ONE, DB_NONE or negative. */
int store_payroll_exists(struct db *db, const char *centre_id, const char *month);
/* The contracts, active or ended, at the clinics of CENTRE_ID that meet FIRST..LAST, of
 * people who had not exited before FIRST: contract id, person id, person name, clinic id,
 * clinic name, clinic path, type, starts_on, the last day it ran (ended_on when it ended
 * early, else ends_on), exited_on, social_insured; by clinic, person and start. */
int store_payroll_contracts(struct db *db, const char *centre_id, const char *first,
			    const char *last, struct db_res **res);
/* Income (credits minus debits) of accounts A and B in INSTITUTION_ID's book, postings
 * dated FIRST..LAST, into *OUT (0 without a book). Returns 0 or a negative db_status. */
int store_payroll_income(struct db *db, const char *institution_id, const char *a,
			 const char *b, const char *first, const char *last, int64_t *out);
/* The institution path of payroll run ID into PATH: DB_ONE, DB_NONE or negative. */
int store_payroll_scope(struct db *db, const char *id, char *path, size_t len);
/* A page of pay slips (E: payslip_entity) for list L: of run RUN_ID when not NULL, else in
 * SCOPE and, when USER_ID is not NULL, only those of the person linked to that user. */
int store_payslips_list(struct db *db, const struct entity *e, const char *run_id,
			const char *scope, const char *user_id, const struct ent_list *l,
			json_t **items, bool *more);
/* The demo's centres: those with people on active contracts at their clinics (id,
 * county_code), and the people on active contracts at CENTRE_ID's clinics (id), by id. */
int store_payroll_demo_centres(struct db *db, struct db_res **res);
int store_payroll_demo_people(struct db *db, const char *centre_id, struct db_res **res);

/* ---- assets (store_assets.c) ---- */

/* What asset, asset request and asset check records are read from (the .view of their
 * entities): each row with its institutions' names, counts and its path. */
extern const char store_assets_view[];
extern const char store_asset_requests_view[];
extern const char store_asset_checks_view[];
/* The three documents a resolver may be asked about. */
enum store_asset_doc { STORE_ASSET, STORE_ASSET_REQUEST, STORE_ASSET_CHECK };

/* Institution ID: id, kind, name, path, county_code, division_code, status, parent_id (also
 * used by audit visits). Rows returned. */
int store_asset_place(struct db *db, const char *id, struct db_res **res);
/* Path of document ID of kind DOC into PATH. DB_ONE / DB_NONE. */
int store_asset_path(struct db *db, enum store_asset_doc doc, const char *id, char *path,
		     size_t len);
/* The next generated number of DIVISION_CODE into *NEXT, inside the caller's transaction. */
int store_asset_counter_next(struct db *db, const char *division_code, long long *next);
/* Whether ASSET_NO is taken: 1, 0 or a negative db_status. */
int store_asset_no_taken(struct db *db, const char *asset_no);
/* Asset ID: id, asset_no, description, institution_id, state, value_fen, path. Rows
 * returned. */
int store_asset_row(struct db *db, const char *id, struct db_res **res);
/* Mark asset ID as changed by BY: a row lock held to the end of the transaction, taken
 * before its state is read and acted on. Rows changed. */
int store_asset_touch(struct db *db, const char *id, const char *by);
/* Set asset ID's STATE unless it is disposed. Rows changed. */
int store_asset_set_state(struct db *db, const char *id, const char *state, const char *by);
/* Move asset ID to INSTITUTION_ID (its PATH, its owner OWNER_ID). Rows changed. */
int store_asset_move(struct db *db, const char *id, const char *institution_id,
		     const char *path, const char *owner_id, const char *by);
/* How many requests of ASSET_ID are pending, or a negative db_status. */
int store_asset_pending_count(struct db *db, const char *asset_id);
/* How many open checks list ASSET_ID, or a negative db_status. */
int store_asset_open_checks_of(struct db *db, const char *asset_id);
/* Decide request ID (STATUS "approved" / "rejected") if it is pending. Rows changed (0:
 * decided already or absent). */
int store_asset_request_decide(struct db *db, const char *id, const char *status,
			       const char *note, const char *on, const char *by);
/* Request ID: id, asset_id, kind, to_institution_id, status. Rows returned. */
int store_asset_request_row(struct db *db, const char *id, struct db_res **res);
/* Assets at INSTITUTION_ID that are not disposed, by number: id. Rows returned. */
int store_asset_ids_at(struct db *db, const char *institution_id, struct db_res **res);
/* How many checks of INSTITUTION_ID are open, or a negative db_status. */
int store_asset_check_open_count(struct db *db, const char *institution_id);
/* One line of check CHECK_ID for ASSET_ID (ID new), result not yet known. Rows written. */
int store_asset_check_line_insert(struct db *db, const char *id, const char *check_id,
				  const char *asset_id, const char *by);
/* The lines of check ID by asset number: asset_id, asset_no, description, category,
 * value_fen, location, state, result, note, institution_id (where the asset is now). */
int store_asset_check_lines(struct db *db, const char *id, struct db_res **res);
/* Record RESULT and NOTE of ASSET_ID on check ID. Rows changed. */
int store_asset_check_result(struct db *db, const char *id, const char *asset_id,
			     const char *result, const char *note, const char *by);
/* Mark check ID as changed if it is open (a row lock while results are written). Rows
 * changed. */
int store_asset_check_touch(struct db *db, const char *id, const char *by);
/* Mark check ID closed if it is open. Rows changed (0: closed already or absent). */
int store_asset_check_close(struct db *db, const char *id, const char *by);
/* Monitors, institutions under SCOPE. Assets missing now: institution id, name,
 * county_code, division_code, asset_no, description, value_fen, the date of the closed
 * check that found it missing. */
int store_asset_watch_missing(struct db *db, const char *scope, struct db_res **res);
/* Institutions holding assets that are not disposed: id, name, county_code,
 * division_code, how many, the first registration time, the last closed check's date
 * (NULL if none). */
int store_asset_watch_checks(struct db *db, const char *scope, struct db_res **res);
/* Demo: the open clinics, by county and division code: id, path, county_code, parent_id,
 * division_code, name. */
int store_asset_demo_clinics(struct db *db, struct db_res **res);
/* Demo: date the registration of INSTITUTION_ID's assets back to WHEN (a timestamp). */
int store_asset_demo_backdate(struct db *db, const char *institution_id, const char *when);

/* ---- audit visits (store_audits.c) ---- */

/* What audit visit and finding records are read from (the .view of their entities). */
extern const char store_audit_visits_view[];
extern const char store_audit_findings_view[];
/* Path of visit ID (FINDING false) or finding ID (FINDING true) into PATH. DB_ONE /
 * DB_NONE. */
int store_audit_path(struct db *db, bool finding, const char *id, char *path, size_t len);
/* The findings of visit VISIT_ID as records of E (audit_finding_entity), by deadline.
 * *ITEMS: new array. */
int store_audit_findings_of(struct db *db, const struct entity *e, const char *visit_id,
			    json_t **items);
/* Visit ID: id, institution_id, visited_on, path. Rows returned. */
int store_audit_visit_row(struct db *db, const char *id, struct db_res **res);
/* Finding ID: id, status, visited_on. Rows returned. */
int store_audit_finding_row(struct db *db, const char *id, struct db_res **res);
/* Mark finding ID rectified ON with NOTE if it is open. Rows changed. */
int store_audit_rectify(struct db *db, const char *id, const char *on, const char *note,
			const char *by);
/* Monitor: open findings under SCOPE whose deadline is before TODAY: institution id, name,
 * county_code, division_code, description, rectification, deadline, visited_on, by_level. */
int store_audit_watch_overdue(struct db *db, const char *scope, const char *today,
			      struct db_res **res);

#endif
